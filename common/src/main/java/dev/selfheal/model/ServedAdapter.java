package dev.selfheal.model;

/**
 * What HEAL serves, stores and broadcasts as one float vector: the reflexive adapter's parameters,
 * optionally followed by a {@link Calibration} tail, optionally followed by an {@link InputPath}
 * tail. A vector without a tail means identity, so older vectors stay valid: the deployed adapter
 * has none, and a vector is written with an input path only once one has been learned. The
 * adapter's shape and the feature count come from the model, so the length tells the tails apart.
 */
public record ServedAdapter(Adapter adapter, Calibration calibration, InputPath path) {

    public ServedAdapter {
        if (path.dim() != calibration.dim()) {
            throw new IllegalArgumentException("input path for " + path.dim() + " features, calibration for "
                    + calibration.dim());
        }
    }

    /** Without an input path. */
    public ServedAdapter(Adapter adapter, Calibration calibration) {
        this(adapter, calibration, InputPath.zero(calibration.dim()));
    }

    public static ServedAdapter of(float[] vector, AdapterShape shape, int dim) {
        int base = shape.size();
        if (vector.length == base) {
            return new ServedAdapter(new Adapter(shape, vector.clone()), Calibration.identity(dim));
        }
        int calibrated = base + Calibration.tailLength(dim);
        int withPath = calibrated + InputPath.tailLength(dim);
        int withLink = calibrated + InputPath.linkedTailLength(dim);
        int withUnits = calibrated + InputPath.unitsTailLength(dim, false);
        int withUnitsLink = calibrated + InputPath.unitsTailLength(dim, true);
        if (vector.length != calibrated && vector.length != withPath && vector.length != withLink
                && vector.length != withUnits && vector.length != withUnitsLink) {
            throw new IllegalArgumentException("served adapter vector has " + vector.length + " floats; expected "
                    + base + ", " + calibrated + ", " + withPath + ", " + withLink + ", " + withUnits + " or "
                    + withUnitsLink + " for hidden " + shape.hidden()
                    + ", adapter width " + shape.width() + ", " + dim + " features");
        }
        Adapter adapter = new Adapter(shape, java.util.Arrays.copyOf(vector, base));
        Calibration calibration = Calibration.readTail(vector, base, dim);
        return vector.length == calibrated ? new ServedAdapter(adapter, calibration)
                : new ServedAdapter(adapter, calibration, InputPath.readTail(vector, calibrated, dim));
    }

    /** {@link #of(float[], AdapterShape, int)} with a full-width adapter. */
    public static ServedAdapter of(float[] vector, int hidden, int dim) {
        return of(vector, AdapterShape.full(hidden), dim);
    }

    public ServedAdapter withAdapter(Adapter a) {
        return new ServedAdapter(a, calibration, path);
    }

    public ServedAdapter withCalibration(Calibration c) {
        return new ServedAdapter(adapter, c, path);
    }

    public ServedAdapter withPath(InputPath p) {
        return new ServedAdapter(adapter, calibration, p);
    }

    public float[] toVector() {
        float[] a = adapter.params();
        int dim = calibration.dim();
        boolean withPath = !path.isZero();
        float[] v = java.util.Arrays.copyOf(a, a.length + Calibration.tailLength(dim)
                + (withPath ? path.tailLength() : 0));
        calibration.writeTail(v, a.length);
        if (withPath) {
            path.writeTail(v, a.length + Calibration.tailLength(dim));
        }
        return v;
    }

    /**
     * The served probability of one row from the network's: the output map, then the input path.
     * Without a path this is exactly {@link Calibration#output(float)}.
     *
     * @param modelInput the row after the input calibration (what the network was given)
     */
    public float output(float p, float[] modelInput, Standardizer standardizer) {
        return output(calibration, path, p, modelInput, standardizer);
    }

    /** {@link #output(float, float[], Standardizer)} for callers that keep the parts apart. */
    public static float output(Calibration calibration, InputPath path, float p, float[] modelInput,
                               Standardizer standardizer) {
        if (path == null || path.isZero()) {
            return calibration.output(p);
        }
        double z = path.linked(calibration.outScale() * logit(p) + calibration.outShift()
                + path.logitDelta(modelInput, standardizer));
        return (float) (1 / (1 + Math.exp(-z)));
    }

    /** The logit of a network probability, clamped as {@link Calibration#output(float)} clamps it. */
    public static double logit(float p) {
        double q = Math.min(1 - 1e-7, Math.max(1e-7, p));
        return Math.log(q / (1 - q));
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
