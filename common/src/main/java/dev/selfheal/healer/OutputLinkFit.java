package dev.selfheal.healer;

import dev.selfheal.math.Logistic;
import dev.selfheal.model.OutputLink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fits an {@link OutputLink}: isotonic regression of the labels on the fitted logits (pool adjacent
 * violators), each block's fraud share shrunk toward the logistic link's answer at its centre by a
 * couple of rows' worth (a block of three rows must not claim a probability of 0 or 1), then read
 * at {@link OutputLink#KNOTS} quantiles of the logits. The logits should be cross-validated ones:
 * in-sample logits are more extreme than those of rows the fit has not seen.
 */
public final class OutputLinkFit {
    /** Rows' worth of the logistic link's answer that each block's share is shrunk toward. */
    static final double PRIOR_ROWS = 2;
    /** The link's probabilities stay this far from 0 and 1. */
    private static final double EDGE = 1e-4;

    private OutputLinkFit() {}

    /** The link through the rows' logits and labels; null when there are fewer rows than knots. */
    public static OutputLink fit(double[] logits, int[] labels) {
        int n = logits.length;
        if (n < OutputLink.KNOTS) {
            return null;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(logits[a], logits[b]));
        List<double[]> blocks = pool(logits, labels, order);
        int m = blocks.size();
        double[] centre = new double[m];
        double[] share = new double[m];
        for (int k = 0; k < m; k++) {
            double[] b = blocks.get(k); // lo, hi, sum of labels, rows
            centre[k] = (b[0] + b[1]) / 2;
            double prior = Logistic.sigmoid(centre[k]);
            share[k] = (b[2] + PRIOR_ROWS * prior) / (b[3] + PRIOR_ROWS);
            if (k > 0) {
                share[k] = Math.max(share[k], share[k - 1]); // shrinking must not break the order
            }
        }
        float[] in = new float[OutputLink.KNOTS];
        float[] out = new float[OutputLink.KNOTS];
        for (int k = 0; k < OutputLink.KNOTS; k++) {
            int at = (int) Math.round((double) k * (n - 1) / (OutputLink.KNOTS - 1));
            double s = logits[order[at]];
            in[k] = k > 0 ? Math.max(in[k - 1], (float) s) : (float) s;
            double p = Math.min(1 - EDGE, Math.max(EDGE, interpolate(centre, share, in[k])));
            out[k] = (float) Math.log(p / (1 - p));
            if (k > 0) {
                out[k] = Math.max(out[k], out[k - 1]);
            }
        }
        return new OutputLink(in, out);
    }

    /** Pool adjacent violators: blocks of rows in score order whose label means do not decrease. */
    private static List<double[]> pool(double[] logits, int[] labels, Integer[] order) {
        List<double[]> blocks = new ArrayList<>();
        for (Integer i : order) {
            double[] b = {logits[i], logits[i], labels[i], 1};
            while (!blocks.isEmpty()) {
                double[] last = blocks.get(blocks.size() - 1);
                if (last[2] / last[3] < b[2] / b[3]) {
                    break;
                }
                blocks.remove(blocks.size() - 1);
                b = new double[] {last[0], b[1], last[2] + b[2], last[3] + b[3]};
            }
            blocks.add(b);
        }
        return blocks;
    }

    private static double interpolate(double[] x, double[] y, double at) {
        if (at <= x[0]) {
            return y[0];
        }
        int last = x.length - 1;
        if (at >= x[last]) {
            return y[last];
        }
        int hi = 1;
        while (x[hi] < at) {
            hi++;
        }
        double span = x[hi] - x[hi - 1];
        double t = span > 0 ? (at - x[hi - 1]) / span : 1;
        return y[hi - 1] + t * (y[hi] - y[hi - 1]);
    }
}
