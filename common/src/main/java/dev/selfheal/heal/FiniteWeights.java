package dev.selfheal.heal;

/** Rejects a candidate with any NaN or infinite weight: one would poison every score. */
public final class FiniteWeights implements UpdateValidator {

    @Override
    public Verdict check(Candidate c) {
        float[] w = c.candidateAdapter();
        if (w == null) {
            return Verdict.reject("candidate has no weights");
        }
        int bad = 0;
        int first = -1;
        for (int i = 0; i < w.length; i++) {
            if (!Float.isFinite(w[i])) {
                if (bad++ == 0) {
                    first = i;
                }
            }
        }
        if (bad > 0) {
            return Verdict.reject(bad + " non-finite weights (first at index " + first + ": "
                    + w[first] + ")");
        }
        return Verdict.accept();
    }
}
