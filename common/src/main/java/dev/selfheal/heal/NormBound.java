package dev.selfheal.heal;

import java.util.Locale;

/**
 * Bounds the size of a candidate: its L2 norm, and optionally how far it moved from the served
 * adapter relative to that adapter's norm. A few Adam steps on ~100 rows should nudge the adapter;
 * a large jump means a bad batch (poisoned labels, an outlier) or a diverging optimiser.
 */
public final class NormBound implements UpdateValidator {

    private final double maxNorm;
    private final double maxRelativeChange;

    /** Checks the norm only. */
    public NormBound(double maxNorm) {
        this(maxNorm, Double.POSITIVE_INFINITY);
    }

    /**
     * @param maxRelativeChange limit on ‖candidate − current‖ / ‖current‖;
     *                          {@code Double.POSITIVE_INFINITY} to skip the check
     */
    public NormBound(double maxNorm, double maxRelativeChange) {
        if (!(maxNorm > 0) || !(maxRelativeChange > 0)) {
            throw new IllegalArgumentException("bounds must be > 0, got maxNorm " + maxNorm
                    + ", maxRelativeChange " + maxRelativeChange);
        }
        this.maxNorm = maxNorm;
        this.maxRelativeChange = maxRelativeChange;
    }

    @Override
    public Verdict check(Candidate c) {
        float[] cand = c.candidateAdapter();
        if (cand == null) {
            return Verdict.reject("candidate has no weights");
        }
        double norm = l2(cand);
        // Written as !(x <= bound) so a NaN norm is rejected too.
        Verdict verdict = !(norm <= maxNorm)
                ? Verdict.reject(format("candidate L2 norm %.4f exceeds %.4f", norm, maxNorm))
                : Verdict.accept();
        if (maxRelativeChange == Double.POSITIVE_INFINITY) {
            return verdict;
        }
        float[] cur = c.currentAdapter();
        if (cur == null || cur.length != cand.length) {
            return verdict.and(Verdict.acceptWithNote(
                    "relative change not checked: current adapter missing or of another shape"));
        }
        double curNorm = l2(cur);
        if (curNorm == 0) {
            return verdict.and(Verdict.acceptWithNote(
                    "relative change not checked: current adapter has zero norm"));
        }
        double change = l2Distance(cand, cur) / curNorm;
        if (!(change <= maxRelativeChange)) {
            verdict = verdict.and(Verdict.reject(format(
                    "relative change %.4f exceeds %.4f", change, maxRelativeChange)));
        }
        return verdict;
    }

    private static double l2(float[] w) {
        double sum = 0;
        for (float x : w) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }

    private static double l2Distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
