package dev.selfheal.healer;

import java.util.Locale;

/**
 * Judges a label-trained candidate against the served model on held-back labelled rows by log
 * loss, paired by row: accuracy rewards predicting "all normal" when fraud is rare, log loss does
 * not. Accepted when the mean per-row improvement is positive and at least {@code acceptZ} of its
 * standard errors, so a fit to noise is refused. Also refused: a candidate whose share of predicted
 * frauds collapses below a quarter of the labelled share while the served model's did not, judged
 * once the held-back rows hold {@value #COLLAPSE_MIN_FRAUDS} labelled frauds.
 */
public final class HeldBackLogLoss {
    private static final double EPS = 1e-6;
    /**
     * Labelled frauds the held-back rows need before a fall in flagged rows counts as a collapse:
     * with fewer, a quarter of them is one row, and one flagged row more or less is chance (scarce
     * labels held back a better fit that way); the log loss still guards.
     */
    static final int COLLAPSE_MIN_FRAUDS = 8;

    private HeldBackLogLoss() {}

    public record Verdict(boolean accepted, double currentLoss, double candidateLoss, double z, int n,
                          String reason) {}

    public static Verdict compare(float[] current, float[] candidate, int[] y, int minSamples, double acceptZ,
                                  double threshold) {
        int n = y.length;
        if (n < Math.max(2, minSamples)) {
            return new Verdict(false, Double.NaN, Double.NaN, 0, n,
                    "only " + n + " held-back rows, " + Math.max(2, minSamples) + " needed to judge a label fit");
        }
        double sumCur = 0;
        double sumCand = 0;
        double sumD = 0;
        double sumD2 = 0;
        int labelled = 0;
        int predCur = 0;
        int predCand = 0;
        for (int i = 0; i < n; i++) {
            double lc = loss(current[i], y[i]);
            double lk = loss(candidate[i], y[i]);
            double d = lc - lk;
            sumCur += lc;
            sumCand += lk;
            sumD += d;
            sumD2 += d * d;
            labelled += y[i];
            predCur += current[i] > threshold ? 1 : 0;
            predCand += candidate[i] > threshold ? 1 : 0;
        }
        double mean = sumD / n;
        double z = pairedZ(sumD, sumD2, n);
        double curLoss = sumCur / n;
        double candLoss = sumCand / n;
        if (labelled >= COLLAPSE_MIN_FRAUDS && predCand * 4 < labelled && predCur * 4 >= labelled) {
            return new Verdict(false, curLoss, candLoss, z, n, String.format(Locale.ROOT,
                    "predicted frauds collapse: %d of %d held-back rows against %d labelled (served: %d)", predCand,
                    n, labelled, predCur));
        }
        if (!(mean > 0) || !(z >= acceptZ)) {
            return new Verdict(false, curLoss, candLoss, z, n, String.format(Locale.ROOT,
                    "held-back log loss %.4f vs served %.4f on %d rows (z %.2f < %.2f)", candLoss, curLoss, n, z,
                    acceptZ));
        }
        return new Verdict(true, curLoss, candLoss, z, n, String.format(Locale.ROOT,
                "held-back log loss %.4f vs served %.4f on %d rows (z %.2f)", candLoss, curLoss, n, z));
    }

    /**
     * The mean of n paired per-row differences over its standard error, from their sum and sum of
     * squares (n ≥ 2); infinite when every difference is the same positive amount.
     */
    static double pairedZ(double sumD, double sumD2, int n) {
        double mean = sumD / n;
        double var = Math.max(0, sumD2 / n - mean * mean) * n / (n - 1.0);
        return var > 0 ? mean / Math.sqrt(var / n) : (mean > 0 ? Double.POSITIVE_INFINITY : 0);
    }

    /** One row's log loss, the probability clamped away from 0 and 1. */
    static double loss(float p, int y) {
        double q = Math.min(1 - EPS, Math.max(EPS, p));
        return y == 1 ? -Math.log(q) : -Math.log(1 - q);
    }
}
