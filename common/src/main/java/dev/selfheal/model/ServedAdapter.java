package dev.selfheal.model;

/**
 * What HEAL serves, stores and broadcasts as one float vector: the reflexive adapter's parameters,
 * optionally followed by a {@link Calibration} tail. A vector without the tail (the deployed
 * adapter) means identity calibration, so older vectors stay valid. The adapter's shape comes from
 * the model: with it known, the tail is whatever follows {@link AdapterShape#size()} floats.
 */
public record ServedAdapter(Adapter adapter, Calibration calibration) {

    public static ServedAdapter of(float[] vector, AdapterShape shape, int dim) {
        int base = shape.size();
        if (vector.length == base) {
            return new ServedAdapter(new Adapter(shape, vector.clone()), Calibration.identity(dim));
        }
        if (vector.length != base + Calibration.tailLength(dim)) {
            throw new IllegalArgumentException("served adapter vector has " + vector.length + " floats; expected "
                    + base + " or " + (base + Calibration.tailLength(dim)) + " for hidden " + shape.hidden()
                    + ", adapter width " + shape.width() + ", " + dim + " features");
        }
        return new ServedAdapter(new Adapter(shape, java.util.Arrays.copyOf(vector, base)),
                Calibration.readTail(vector, base, dim));
    }

    /** {@link #of(float[], AdapterShape, int)} with a full-width adapter. */
    public static ServedAdapter of(float[] vector, int hidden, int dim) {
        return of(vector, AdapterShape.full(hidden), dim);
    }

    public float[] toVector() {
        float[] a = adapter.params();
        float[] v = java.util.Arrays.copyOf(a, a.length + Calibration.tailLength(calibration.dim()));
        calibration.writeTail(v, a.length);
        return v;
    }

    /** Number of features a vector of this length carries calibration for, or 0 without a tail. */
    public static int dimOf(int length, AdapterShape shape) {
        int extra = length - shape.size();
        return extra <= 0 || extra % 2 != 0 ? 0 : (extra - 2) / 2;
    }

    /** {@link #dimOf(int, AdapterShape)} with a full-width adapter. */
    public static int dimOf(int length, int hidden) {
        return dimOf(length, AdapterShape.full(hidden));
    }
}
