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
 * that logit monotonically (null: the logistic link).
 */
public record InputPath(float[] linear, float[] square, OutputLink link) {
    public InputPath {
        if (linear.length != square.length) {
            throw new IllegalArgumentException("input path: linear and square weights differ in length");
        }
        linear = linear.clone();
        square = square.clone();
    }

    /** With the logistic link. */
    public InputPath(float[] linear, float[] square) {
        this(linear, square, null);
    }

    public InputPath withLink(OutputLink l) {
        return new InputPath(linear, square, l);
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

    /** Floats this path takes at the end of a served-adapter vector. */
    public int tailLength() {
        return link == null ? tailLength(dim()) : linkedTailLength(dim());
    }

    public int dim() {
        return linear.length;
    }

    /** No weights and no link: the identity. */
    public boolean isZero() {
        if (link != null) {
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
        for (int j = 0; j < linear.length; j++) {
            double u = clamp((modelInput[j] - mean[j]) / std[j]);
            sum += linear[j] * u + square[j] * (u * u - 1);
        }
        return sum;
    }

    void writeTail(float[] dst, int offset) {
        System.arraycopy(linear, 0, dst, offset, linear.length);
        System.arraycopy(square, 0, dst, offset + linear.length, square.length);
        if (link != null) {
            link.writeTail(dst, offset + 2 * linear.length);
        }
    }

    /** Reads a path tail, with a link when the vector goes on for one after the weights. */
    static InputPath readTail(float[] src, int offset, int dim) {
        OutputLink l = src.length - offset >= linkedTailLength(dim) ? OutputLink.readTail(src, offset + 2 * dim) : null;
        return new InputPath(Arrays.copyOfRange(src, offset, offset + dim),
                Arrays.copyOfRange(src, offset + dim, offset + 2 * dim), l);
    }
}
