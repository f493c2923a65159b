package dev.selfheal.healer;

import dev.selfheal.math.ChiSquared;

import java.util.Arrays;

/**
 * Tells a changed concept from corrupted labels, for the label gate. Both make labels disagree with
 * the served model far more than usual while the inputs stay where they were. Labels flipped
 * whatever the row follow no pattern in the inputs: while fewer than half are flipped, the served
 * model's decisions stay the best guess of them, and a model fitted on them predicts rows it did not
 * see no better. A changed concept is a pattern: fitted on some of the rows, it predicts the others
 * better than the served model does.
 *
 * <p>The test fits the output map alone, and the input path on every input with squares (output
 * map free), on the suspect rows K-fold, and compares, at the decision threshold, the rows only a
 * fit gets right with the rows only the served model gets right: a one-sided sign test on the
 * discordant rows, at the level shared between the two fits.
 */
final class LearnableDisagreement {
    private LearnableDisagreement() {}

    /**
     * The sign test's z, the larger of the two fits': (rows only the out-of-fold fit gets right −
     * rows only the served model gets right) / √(their sum); 0 when they never disagree.
     *
     * @param servedLogits the served model's logit per row
     * @param inputs       the rows standardised, {@code [n][d]}
     * @param threshold    decision threshold on probabilities
     */
    static double z(double[] servedLogits, double[][] inputs, int[] labels, double threshold, int folds,
                    double lambda) {
        int n = servedLogits.length;
        if (n < 2 * folds || inputs[0].length == 0 || minorityShare(labels) < MIN_CLASS_SHARE) {
            return 0;
        }
        boolean[] every = new boolean[inputs[0].length];
        Arrays.fill(every, true);
        // The output map alone finds a score that turned round whatever the number of inputs; the
        // path on every input finds a pattern that moved between them, given rows enough to fit it.
        double best = Double.NEGATIVE_INFINITY;
        for (boolean[] active : new boolean[][] {new boolean[every.length], every}) {
            InputPathChoice.Shape shape = new InputPathChoice.Shape("concept test", active, false, true);
            double[] oof = InputPathChoice.outOfFold(servedLogits, inputs, labels, lambda, shape, folds);
            best = Math.max(best, signZ(servedLogits, oof, labels, threshold));
        }
        return best;
    }

    /**
     * Whether the inputs predict the rows beyond what a refit of the served score alone does: the
     * likelihood ratio of the output map with the input path (linear, then with squares) against
     * the output map alone, chi-squared with one degree per input term when labels are flipped
     * whatever the inputs, at the level shared between the two shapes. Every row's probability
     * counts, not only the rows the two decide differently, so a boundary that moved shows on a few
     * dozen rows where the sign test needs a hundred; a refitted map, which corrupted labels favour
     * too (they make the served score overconfident), is the null, not the alternative. A shape is
     * tried only on {@link #ROWS_PER_TERM} rows per input term or more: with fewer, the ratio
     * outgrows its chi-squared bar on corrupted labels (30 inputs with squares on 100 rows: a third
     * of corrupted pools passed at level 1%).
     *
     * @return the larger ratio over its bar (above 1 = the inputs explain the rows), 0 when the rows
     *         are too few or nearly all of one class
     */
    static double inputsBeyondScore(double[] servedLogits, double[][] inputs, int[] labels, double lambda,
                                    double level) {
        int n = servedLogits.length;
        int d = n == 0 ? 0 : inputs[0].length;
        if (n < ROWS_PER_TERM * d || d == 0 || minorityShare(labels) < MIN_CLASS_SHARE) {
            return 0;
        }
        boolean[] none = new boolean[d];
        boolean[] every = new boolean[d];
        Arrays.fill(every, true);
        double mapAlone = InputPathFit.fit(servedLogits, inputs, labels, lambda, false, none, false).lossAfter();
        double best = 0;
        for (boolean squares : new boolean[] {false, true}) {
            int terms = (squares ? 2 : 1) * d;
            if (n < ROWS_PER_TERM * terms) {
                continue;
            }
            double withInputs = InputPathFit.fit(servedLogits, inputs, labels, lambda, squares, every, false)
                    .lossAfter();
            double ratio = 2 * n * (mapAlone - withInputs);
            best = Math.max(best, ratio / ChiSquared.upperQuantile(terms, level / SHAPES));
        }
        return best;
    }

    /** Rows per input term a shape of the likelihood test needs. */
    static final int ROWS_PER_TERM = 10;

    /**
     * Suspect labels nearly all of one class are a labelling failure (chargebacks that stopped
     * arriving, a default written for every row), not a concept: a constant would "predict" them.
     */
    static final double MIN_CLASS_SHARE = 0.02;

    static double minorityShare(int[] labels) {
        int frauds = 0;
        for (int y : labels) {
            frauds += y;
        }
        return Math.min(frauds, labels.length - frauds) / (double) Math.max(1, labels.length);
    }

    /** Number of fits {@link #z} takes the best of: its bar is raised to match. */
    static final int SHAPES = 2;

    private static double signZ(double[] servedLogits, double[] oof, int[] labels, double threshold) {
        double cut = Math.log(threshold / (1 - threshold));
        int onlyFit = 0;
        int onlyServed = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean servedRight = (servedLogits[i] > cut) == (labels[i] == 1);
            boolean fitRight = (oof[i] > cut) == (labels[i] == 1);
            if (fitRight && !servedRight) {
                onlyFit++;
            } else if (servedRight && !fitRight) {
                onlyServed++;
            }
        }
        return signZ(onlyFit, onlyServed);
    }

    /**
     * The sign test's z on discordant pairs: (rows only the first gets right − rows only the second
     * does) / √(their sum); 0 when they never disagree.
     */
    static double signZ(int onlyFirst, int onlySecond) {
        int discordant = onlyFirst + onlySecond;
        return discordant == 0 ? 0 : (onlyFirst - onlySecond) / Math.sqrt(discordant);
    }

    /** Whether {@link #z} clears the one-sided bar at {@code level}. */
    static boolean learnable(double z, double level) {
        return level > 0 && z > ChiSquared.normalUpperQuantile(level / SHAPES);
    }
}
