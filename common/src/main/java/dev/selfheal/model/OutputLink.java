package dev.selfheal.model;

import java.util.Arrays;

/**
 * A monotone map from the input path's logit to the served logit, given by {@link #KNOTS} knots and
 * linear in between; flat beyond the first and last knot. It replaces the logistic link when the
 * labels say that fraud does not rise with the fitted score like a sigmoid: a concept with a sharp
 * boundary and a share of wrong labels on either side (a deterministic rule with label noise) makes
 * the plain logistic fit compromise on a shallow slope and misplace the boundary, while its score
 * still orders the rows well. The map keeps that order and re-reads how likely fraud is at each
 * score, so the probabilities stay calibrated for the cost threshold.
 */
public record OutputLink(float[] in, float[] out) {
    /** Knots of every link; fixed, so the served vector's length tells whether a link is there. */
    public static final int KNOTS = 16;

    public OutputLink {
        if (in.length != KNOTS || out.length != KNOTS) {
            throw new IllegalArgumentException("output link needs " + KNOTS + " knots, got " + in.length + " and "
                    + out.length);
        }
        in = in.clone();
        out = out.clone();
        for (int k = 0; k < KNOTS; k++) {
            if (!Float.isFinite(in[k]) || !Float.isFinite(out[k])) {
                throw new IllegalArgumentException("output link has a non-finite knot");
            }
            if (k > 0 && (in[k] < in[k - 1] || out[k] < out[k - 1])) {
                throw new IllegalArgumentException("output link knots must not decrease");
            }
        }
    }

    /** Floats a link takes at the end of a served vector. */
    public static int tailLength() {
        return 2 * KNOTS;
    }

    /** The served logit for the path's logit {@code s}. */
    public double apply(double s) {
        if (!(s > in[0])) {
            return out[0];
        }
        if (s >= in[KNOTS - 1]) {
            return out[KNOTS - 1];
        }
        int hi = 1;
        while (in[hi] <= s) {
            hi++;
        }
        int lo = hi - 1;
        double span = in[hi] - in[lo];
        double t = span > 0 ? (s - in[lo]) / span : 1;
        return out[lo] + t * (out[hi] - out[lo]);
    }

    void writeTail(float[] dst, int offset) {
        System.arraycopy(in, 0, dst, offset, KNOTS);
        System.arraycopy(out, 0, dst, offset + KNOTS, KNOTS);
    }

    static OutputLink readTail(float[] src, int offset) {
        return new OutputLink(Arrays.copyOfRange(src, offset, offset + KNOTS),
                Arrays.copyOfRange(src, offset + KNOTS, offset + 2 * KNOTS));
    }
}
