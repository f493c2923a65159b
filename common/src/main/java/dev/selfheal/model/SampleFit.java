package dev.selfheal.model;

import java.util.Locale;

/**
 * Whether an imported model knows anything about the sample it is imported with: its log-loss
 * there against that of always predicting the sample's fraud share. A model that does worse than
 * that share and also ranks the rows no better than chance reads the columns otherwise than it was
 * trained on (in another order, or standardised when it expects raw values, or the reverse): the
 * import cannot see that from the modules, which take any columns of the right number, but the
 * labels show it. One that ranks them well is overconfident, which is said apart.
 */
final class SampleFit {
    /** Smallest distance from 0 and 1 a probability is scored at, to keep the log-loss finite. */
    private static final double CLAMP = 1e-7;
    /** AUC from which a poor log-loss reads as overconfidence rather than as columns read wrongly. */
    private static final double RANKS_WELL = 0.7;

    private SampleFit() {}

    /**
     * One line warning that the model's probabilities {@code p} fit the labels {@code y} worse than
     * the constant fraud share does, or null when they fit better or the sample has one class only.
     */
    static String warning(float[] p, int[] y, String sample) {
        int n = y.length;
        int fraud = 0;
        for (int v : y) {
            fraud += v;
        }
        if (fraud == 0 || fraud == n) {
            return null;
        }
        double share = (double) fraud / n;
        double constant = -(share * Math.log(share) + (1 - share) * Math.log(1 - share));
        double model = logLoss(p, y);
        if (model < constant) {
            return null;
        }
        double auc = auc(p, y);
        if (auc >= RANKS_WELL) {
            // Columns read wrongly scramble the order too; a model that still ranks the sample well is
            // only too sure of itself, which HEAL's output map re-fits once labels arrive.
            return String.format(Locale.ROOT, "warning: on %s your model ranks fraud well (AUC %.3f) but is "
                    + "overconfident: its log-loss %.3g is no better than %.3g of always predicting the fraud share "
                    + "%.3f, so decisions at the threshold may be off until labels re-fit its output map", sample, auc,
                    model, constant, share);
        }
        return String.format(Locale.ROOT, "warning: on %s your model's log-loss is %.3g, no better than %.3g of always "
                + "predicting its fraud share %.3f, and it ranks fraud no better than AUC %.3f: are the columns in "
                + "your backbone's order (--features) and scale (--standardize)?", sample, model, constant, share, auc);
    }

    /** Probability that a fraud row scores above a normal one (ties count half): the ranking alone. */
    static double auc(float[] p, int[] y) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(p[a], p[b]));
        double rankSum = 0;
        long frauds = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && p[order[j + 1]] == p[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (y[order[k]] == 1) {
                    rankSum += midRank;
                    frauds++;
                }
            }
            i = j + 1;
        }
        long normals = p.length - frauds;
        return (rankSum - frauds * (frauds + 1) / 2.0) / ((double) frauds * normals);
    }

    /** Mean binary cross-entropy of probabilities {@code p} against 0/1 labels {@code y}. */
    static double logLoss(float[] p, int[] y) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double q = Math.min(1 - CLAMP, Math.max(CLAMP, p[i]));
            sum -= y[i] == 1 ? Math.log(q) : Math.log(1 - q);
        }
        return sum / y.length;
    }
}
