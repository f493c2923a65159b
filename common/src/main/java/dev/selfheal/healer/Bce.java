package dev.selfheal.healer;

/**
 * Binary cross-entropy for the per-batch report: of the model ({@code bce_real}) and of the best
 * constant guess, the batch's fraud rate ({@code bce_const}). A model above the constant has
 * learned nothing useful about this batch.
 */
final class Bce {
    private static final double EPS = 1e-7;

    private Bce() {}

    static double of(float[] p, int[] y) {
        if (y.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double q = Math.min(1 - EPS, Math.max(EPS, p[i]));
            s -= y[i] == 1 ? Math.log(q) : Math.log(1 - q);
        }
        return s / y.length;
    }

    static double constant(int[] y) {
        if (y.length == 0) {
            return Double.NaN;
        }
        double rate = 0;
        for (int v : y) {
            rate += v;
        }
        rate /= y.length;
        float[] p = new float[y.length];
        java.util.Arrays.fill(p, (float) rate);
        return of(p, y);
    }
}
