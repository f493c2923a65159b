package dev.selfheal.rules;

/**
 * Rows where the model and the rules disagree in the dangerous direction: the model is confident
 * a row is normal (p below {@code conflictProb}) while the rules say fraud. Enough of them is one
 * of the reference's heal triggers, and they carry the rule term of the heal loss.
 */
public final class Conflicts {

    /** The reference's {@code conflict.prob}. */
    public static final double DEFAULT_PROB = 0.30;

    private Conflicts() {}

    public static int count(float[] p, float[][] rawRows, RuleSet rules, double conflictProb) {
        int count = 0;
        for (boolean conflict : conflictMask(p, rawRows, rules, conflictProb)) {
            if (conflict) {
                count++;
            }
        }
        return count;
    }

    /** Element i is true when row i is a conflict. */
    public static boolean[] conflictMask(float[] p, float[][] rawRows, RuleSet rules, double conflictProb) {
        if (p.length != rawRows.length) {
            throw new IllegalArgumentException(
                    p.length + " probabilities for " + rawRows.length + " rows");
        }
        boolean[] mask = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            mask[i] = p[i] < conflictProb && rules.label(rawRows[i]) == 1;
        }
        return mask;
    }
}
