package dev.selfheal.model;

import java.util.Arrays;

/**
 * The adapter's side path from the inputs to the output logit, learned from labels when the fraud
 * pattern itself changes: {@code z' = z + Σ_j linear_j·u_j + square_j·(u_j² − 1)}, where {@code u}
 * is the row as the backbone sees it (input calibration, then the model's standardiser). It gives
 * the frozen network's decision access to a feature the backbone learned to ignore, or a relation
 * whose sign flipped, which no re-map of the network's own output can express. Zero weights are
 * the identity, and a served vector without this tail has none.
 *
 * <p>It enters the logit, so it equals a rank-one path into the hidden vector along the frozen
 * head's weights: the head itself is never changed. An optional {@link OutputLink} then re-maps
 * that logit monotonically (null: the logistic link). Optional {@link HiddenUnits} (null: none) add
 * what depends on several inputs together.
 */
public record InputPath(float[] linear, float[] square, OutputLink link, HiddenUnits units) {
    public InputPath {
        if (linear.length != square.length) {
            throw new IllegalArgumentException("input path: linear and square weights differ in length");
        }
        if (units != null && units.dim() != linear.length) {
            throw new IllegalArgumentException("input path: hidden units for " + units.dim() + " inputs, path for "
                    + linear.length);
        }
        linear = linear.clone();
        square = square.clone();
    }

    /** Without hidden units. */
    public InputPath(float[] linear, float[] square, OutputLink link) {
        this(linear, square, link, null);
    }

    /** With the logistic link and no hidden units. */
    public InputPath(float[] linear, float[] square) {
        this(linear, square, null, null);
    }

    public InputPath withLink(OutputLink l) {
        return new InputPath(linear, square, l, units);
    }

    public InputPath withUnits(HiddenUnits u) {
        return new InputPath(linear, square, link, u);
    }

    /** The served logit for the path's logit {@code s}: through the link, if there is one. */
    public double linked(double s) {
        return link == null ? s : link.apply(s);
    }

    /**
     * A standardised input beyond this many training standard deviations counts as this far: a row
     * far outside anything labelled must not get an unbounded square term.
     */
    public static final double CLAMP = 6;

    public static double clamp(double u) {
        return Math.max(-CLAMP, Math.min(CLAMP, u));
    }

    public static InputPath zero(int dim) {
        return new InputPath(new float[dim], new float[dim]);
    }

    /** Floats a path without a link takes at the end of a served-adapter vector. */
    public static int tailLength(int dim) {
        return 2 * dim;
    }

    /** Floats a path with a link takes at the end of a served-adapter vector. */
    public static int linkedTailLength(int dim) {
        return 2 * dim + OutputLink.tailLength();
    }

    /** Floats a path with hidden units, and a link if {@code linked}, takes at the end of a served vector. */
    public static int unitsTailLength(int dim, boolean linked) {
        return 2 * dim + HiddenUnits.tailLength(dim) + (linked ? OutputLink.tailLength() : 0);
    }

    /** Floats this path takes at the end of a served-adapter vector. */
    public int tailLength() {
        if (units != null) {
            return unitsTailLength(dim(), link != null);
        }
        return link == null ? tailLength(dim()) : linkedTailLength(dim());
    }

    public int dim() {
        return linear.length;
    }

    /** No weights and no link: the identity. */
    public boolean isZero() {
        if (link != null || units != null) {
            return false;
        }
        for (int j = 0; j < linear.length; j++) {
            if (linear[j] != 0f || square[j] != 0f) {
                return false;
            }
        }
        return true;
    }

    /**
     * What this path adds to the logit of one row.
     *
     * @param modelInput the row after the input calibration, before standardising
     */
    public double logitDelta(float[] modelInput, Standardizer standardizer) {
        float[] mean = standardizer.mean();
        float[] std = standardizer.std();
        double sum = 0;
        float[] c = units == null ? null : new float[linear.length];
        for (int j = 0; j < linear.length; j++) {
            double u = clamp((modelInput[j] - mean[j]) / std[j]);
            sum += linear[j] * u + square[j] * (u * u - 1);
            if (c != null) {
                c[j] = (float) u;
            }
        }
        return c == null ? sum : sum + units.apply(c);
    }

    /** What this path adds to the logit of a row whose standardised inputs are {@code u}. */
    public double logitDelta(double[] u) {
        double sum = 0;
        double[] c = units == null ? null : new double[u.length];
        for (int j = 0; j < linear.length; j++) {
            double v = clamp(u[j]);
            if (linear[j] != 0f || square[j] != 0f) {
                sum += linear[j] * v + square[j] * (v * v - 1);
            }
            if (c != null) {
                c[j] = v;
            }
        }
        return c == null ? sum : sum + units.apply(c);
    }

    /** Writes the tail: weights, then the hidden units if any, then the link if any. */
    void writeTail(float[] dst, int offset) {
        int d = linear.length;
        System.arraycopy(linear, 0, dst, offset, d);
        System.arraycopy(square, 0, dst, offset + d, d);
        int next = offset + 2 * d;
        if (units != null) {
            units.writeTail(dst, next);
            next += HiddenUnits.tailLength(d);
        }
        if (link != null) {
            link.writeTail(dst, next);
        }
    }

    /**
     * Reads a path tail that runs to the end of {@code src}; its length says which parts follow the
     * weights (none, a link, hidden units, or hidden units and a link: four different lengths for
     * any feature count).
     */
    static InputPath readTail(float[] src, int offset, int dim) {
        int rest = src.length - offset;
        boolean withUnits = rest == unitsTailLength(dim, false) || rest == unitsTailLength(dim, true);
        boolean linked = withUnits ? rest == unitsTailLength(dim, true) : rest >= linkedTailLength(dim);
        int next = offset + 2 * dim;
        HiddenUnits u = withUnits ? HiddenUnits.readTail(src, next, dim) : null;
        if (withUnits) {
            next += HiddenUnits.tailLength(dim);
        }
        OutputLink l = linked ? OutputLink.readTail(src, next) : null;
        return new InputPath(Arrays.copyOfRange(src, offset, offset + dim),
                Arrays.copyOfRange(src, offset + dim, offset + 2 * dim), l, u);
    }
}
