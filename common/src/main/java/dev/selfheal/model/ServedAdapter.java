package dev.selfheal.model;

/**
 * What HEAL serves, stores and broadcasts as one float vector: the reflexive adapter's parameters,
 * optionally followed by a {@link Calibration} tail. A vector without the tail (the deployed
 * adapter) means identity calibration, so older vectors stay valid.
 */
public record ServedAdapter(Adapter adapter, Calibration calibration) {

    public static ServedAdapter of(float[] vector, int hidden, int dim) {
        int base = Adapter.size(hidden);
        if (vector.length == base) {
            return new ServedAdapter(new Adapter(hidden, vector.clone()), Calibration.identity(dim));
        }
        if (vector.length != base + Calibration.tailLength(dim)) {
            throw new IllegalArgumentException("served adapter vector has " + vector.length + " floats; expected "
                    + base + " or " + (base + Calibration.tailLength(dim)) + " for hidden " + hidden + ", " + dim
                    + " features");
        }
        return new ServedAdapter(new Adapter(hidden, java.util.Arrays.copyOf(vector, base)),
                Calibration.readTail(vector, base, dim));
    }

    public float[] toVector() {
        float[] a = adapter.params();
        float[] v = java.util.Arrays.copyOf(a, a.length + Calibration.tailLength(calibration.dim()));
        calibration.writeTail(v, a.length);
        return v;
    }

    /** Number of features a vector of this length carries calibration for, or 0 without a tail. */
    public static int dimOf(int length, int hidden) {
        int extra = length - Adapter.size(hidden);
        return extra <= 0 || extra % 2 != 0 ? 0 : (extra - 2) / 2;
    }
}
