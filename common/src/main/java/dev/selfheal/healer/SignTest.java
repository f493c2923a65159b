package dev.selfheal.healer;

/**
 * Whether one model is right more often than another on the same rows by more than chance: only
 * the rows where exactly one of them is right count, and under "equally good" each such row is a
 * fair coin. One row's difference on fifty held-back rows is a coin flip, not a reason to act.
 */
public final class SignTest {
    private SignTest() {}

    /**
     * P(at least {@code wins} of {@code wins + losses} fair coin flips come up heads): the one-sided
     * p-value for "the first model is better".
     */
    public static double upperP(int wins, int losses) {
        int n = wins + losses;
        if (n == 0 || wins <= 0) {
            return 1;
        }
        // Sum the binomial tail in log space: n can be in the thousands.
        double logHalfN = n * Math.log(0.5);
        double logTerm = logHalfN + logChoose(n, wins);
        double sum = 0;
        for (int k = wins; k <= n; k++) {
            sum += Math.exp(logTerm);
            logTerm += Math.log((double) (n - k) / (k + 1));
        }
        return Math.min(1, sum);
    }

    /** Rows where {@code a} is right and {@code b} wrong, and the reverse; fraud means above the threshold. */
    public static int[] discordant(float[] a, float[] b, int[] labels, double threshold) {
        int aOnly = 0;
        int bOnly = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean aRight = (a[i] > threshold ? 1 : 0) == labels[i];
            boolean bRight = (b[i] > threshold ? 1 : 0) == labels[i];
            if (aRight && !bRight) {
                aOnly++;
            } else if (bRight && !aRight) {
                bOnly++;
            }
        }
        return new int[] {aOnly, bOnly};
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log((double) (n - k + i) / i);
        }
        return s;
    }
}
