package dev.selfheal.heal;

import java.util.Locale;

/**
 * Rejects a candidate that does worse than the served adapter, by more than {@code tolerance} in
 * accuracy or F1, on held-back labelled rows neither was trained on. This is the check that needs
 * no trust in the heal batch's own labels or loss.
 *
 * <p>With fewer than {@code minSamples} held-back rows the comparison is noise, so it is skipped
 * and a note says so rather than passing silently.
 */
public final class HeldBackComparison implements UpdateValidator {

    private final int minSamples;
    private final double tolerance;
    private final boolean compareF1;

    public HeldBackComparison(int minSamples, double tolerance) {
        this(minSamples, tolerance, true);
    }

    /**
     * @param compareF1 false to judge on accuracy alone: where the best achievable decision is
     *                  "all normal" (F1 0), an F1 comparison would reject exactly the right update
     */
    public HeldBackComparison(int minSamples, double tolerance, boolean compareF1) {
        if (minSamples < 1 || !(tolerance >= 0)) {
            throw new IllegalArgumentException("need minSamples >= 1 and tolerance >= 0, got "
                    + minSamples + ", " + tolerance);
        }
        this.minSamples = minSamples;
        this.tolerance = tolerance;
        this.compareF1 = compareF1;
    }

    @Override
    public Verdict check(Candidate c) {
        Scores cur = c.currentOnHeldBack();
        Scores cand = c.candidateOnHeldBack();
        // Both are scored on the same rows; the smaller n is the safe reading if they disagree.
        int n = Math.min(cur.n(), cand.n());
        if (n < minSamples) {
            return Verdict.acceptWithNote(
                    "not checked: only " + n + " held-back samples (need " + minSamples + ")");
        }
        Verdict accuracy = compare("accuracy", cur.accuracy(), cand.accuracy(), n);
        return compareF1 ? accuracy.and(compare("f1", cur.f1(), cand.f1(), n)) : accuracy;
    }

    private Verdict compare(String metric, double current, double candidate, int n) {
        if (!Double.isFinite(current)) {
            return Verdict.acceptWithNote(metric + " not compared: undefined for the current "
                    + "adapter on " + n + " held-back samples");
        }
        if (!Double.isFinite(candidate)) {
            return Verdict.reject(metric + " of candidate on held-back samples is not finite");
        }
        if (candidate < current - tolerance) {
            return Verdict.reject(String.format(Locale.ROOT,
                    "held-back %s %.4f is worse than current %.4f by more than %.4f (%d samples)",
                    metric, candidate, current, tolerance, n));
        }
        return Verdict.accept();
    }
}
