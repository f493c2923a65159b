package dev.selfheal.model;

import java.util.Locale;

/**
 * Whether an imported model knows anything about the sample it is imported with: its log-loss
 * there against that of always predicting the sample's fraud share. A model that does worse than
 * that share reads the columns otherwise than it was trained on (in another order, or standardised
 * when it expects raw values, or the reverse): the import cannot see that from the modules, which
 * take any columns of the right number, but the labels show it.
 */
final class SampleFit {
    /** Smallest distance from 0 and 1 a probability is scored at, to keep the log-loss finite. */
    private static final double CLAMP = 1e-7;

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
        return String.format(Locale.ROOT, "warning: on %s your model's log-loss is %.3g, no better than %.3g of always "
                + "predicting its fraud share %.3f: are the columns in your backbone's order (--features) and scale "
                + "(--standardize)?", sample, model, constant, share);
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
