package dev.selfheal.drift;

import java.util.List;

/**
 * The feature the FIDI z-score watches when nobody named one and the data has no {@code V14}: the
 * feature most correlated with the label in the training data (absolute Pearson correlation with
 * the 0/1 label). A move of that feature is the one most likely to cost accuracy, so it is the one
 * worth a drift alarm. The choice is deterministic: a tie goes to the earlier column, and a
 * constant column never wins.
 *
 * @param correlation the chosen feature's correlation with the label (signed), or NaN when no
 *                    feature varies together with a label that has both classes
 */
public record KeyFeature(String name, double correlation) {

    /**
     * @param x rows of features, in the order of {@code names}
     * @param y labels; rows whose label is not 0 or 1 are left out
     * @return the most correlated feature, or the first one (correlation NaN) when there is nothing
     *     to correlate with (a single class, or no varying feature)
     */
    public static KeyFeature mostCorrelated(List<String> names, float[][] x, int[] y) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no features to choose a key feature from");
        }
        int d = names.size();
        // Two passes (means, then centred sums): one-pass sums lose every digit on columns such as
        // amounts in cents or epoch times, whose mean dwarfs their spread.
        double[] mean = new double[d];
        long n = 0;
        long positives = 0;
        for (int i = 0; i < x.length; i++) {
            if (y[i] == 0 || y[i] == 1) {
                n++;
                positives += y[i];
                for (int j = 0; j < d; j++) {
                    mean[j] += x[i][j];
                }
            }
        }
        int best = 0;
        double bestR = Double.NaN;
        if (n < 2 || positives == 0 || positives == n) {
            return new KeyFeature(names.get(best), bestR);
        }
        double meanY = (double) positives / n;
        double[] sxx = new double[d];
        double[] sxy = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < x.length; i++) {
            if (y[i] == 0 || y[i] == 1) {
                double dy = y[i] - meanY;
                for (int j = 0; j < d; j++) {
                    double dx = x[i][j] - mean[j];
                    sxx[j] += dx * dx;
                    sxy[j] += dx * dy;
                }
            }
        }
        double syy = n * meanY * (1 - meanY);
        for (int j = 0; j < d; j++) {
            // A constant column says nothing about the label; the mean's rounding leaves it a spread
            // of about 1e-16 of its size, which must not count.
            if (!(sxx[j] > 1e-20 * n * (1 + mean[j] * mean[j]))) {
                continue;
            }
            double r = sxy[j] / Math.sqrt(sxx[j] * syy);
            if (Double.isFinite(r) && (Double.isNaN(bestR) || Math.abs(r) > Math.abs(bestR))) {
                best = j;
                bestR = r;
            }
        }
        return new KeyFeature(names.get(best), bestR);
    }
}
