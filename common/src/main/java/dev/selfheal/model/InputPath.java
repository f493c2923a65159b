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
 * head's weights: the head itself is never changed.
 */
public record InputPath(float[] linear, float[] square) {
    public InputPath {
        if (linear.length != square.length) {
            throw new IllegalArgumentException("input path: linear and square weights differ in length");
        }
        linear = linear.clone();
        square = square.clone();
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

    /** Floats this takes at the end of a served-adapter vector. */
    public static int tailLength(int dim) {
        return 2 * dim;
    }

    public int dim() {
        return linear.length;
    }

    public boolean isZero() {
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
    }

    static InputPath readTail(float[] src, int offset, int dim) {
        return new InputPath(Arrays.copyOfRange(src, offset, offset + dim),
                Arrays.copyOfRange(src, offset + dim, offset + 2 * dim));
    }
}
