package dev.selfheal.healer;

import dev.selfheal.math.Binomial;

import java.util.Arrays;

/**
 * Guards learning against corrupted labels. While the inputs are stable and the served model has
 * been agreeing with the labels, a batch whose labels suddenly disagree with it far more than usual
 * says more about the labels than about the model: such a batch is not learned from, and its labels
 * are kept out of validation. Drift in the inputs disables the gate (then disagreement is expected).
 */
public final class LabelGate {
    private static final int HISTORY = 5;

    private LabelGate() {}

    /**
     * @param minRows    rows the batch needs to be judged at all
     * @param minHistory remembered batches the gate needs before it judges
     * @return null if the labels may be used, else the reason they may not
     */
    public static String check(double disagreement, int rows, double[] history, boolean inputsStable, double margin,
                               int minRows, int minHistory) {
        if (rows < minRows || history == null || history.length < minHistory || !inputsStable) {
            return null;
        }
        double usual = median(history);
        if (disagreement > usual + margin) {
            return String.format(java.util.Locale.ROOT, "labels disagree with the served model on %.0f%% of %d rows "
                    + "(usually %.0f%%) while the inputs are stable: suspected label corruption, not learned from",
                    100 * disagreement, rows, 100 * usual);
        }
        return null;
    }

    /**
     * How likely pooled labels would disagree with the served model this often or more if the
     * usual rate held: the binomial tail of the disagreeing rows under the usual rate, that rate
     * estimated from the remembered batches (each counted as {@code minRows} rows, the fewest a
     * judged batch holds) with one disagreeing and one agreeing row added, so that a usual rate of
     * zero does not make every slip significant. A boundary that moved a little changes a few rows
     * in a hundred; judged by the margin, a pool of them would join the usual rate and hide the
     * change from every later pool.
     *
     * @return the tail probability, 1 where the gate does not judge (too few rows or remembered
     *         batches, or inputs that moved)
     */
    public static double chanceOfDisagreement(int disagreeing, int rows, double[] history, boolean inputsStable,
                                              int minRows, int minHistory) {
        if (rows < minRows || history == null || history.length < minHistory || !inputsStable) {
            return 1;
        }
        double historyRows = (double) history.length * minRows;
        double usual = (median(history) * historyRows + 1) / (historyRows + 2);
        return Binomial.upperTail(rows, disagreeing, usual);
    }

    /** The reason a pool whose {@link #chanceOfDisagreement} is below {@code level} is suspect, else null. */
    public static String checkBeyondChance(int disagreeing, int rows, double[] history, boolean inputsStable,
                                           int minRows, int minHistory, double level) {
        double p = chanceOfDisagreement(disagreeing, rows, history, inputsStable, minRows, minHistory);
        return p < level ? beyondChance(disagreeing, rows, history, p) : null;
    }

    /** Why a pool with this {@link #chanceOfDisagreement} is suspect. */
    public static String beyondChance(int disagreeing, int rows, double[] history, double chance) {
        return String.format(java.util.Locale.ROOT, "labels disagree with the served model on %d of %d rows "
                + "(usually %.0f%%, chance %.1g) while the inputs are stable", disagreeing, rows, 100 * median(history),
                chance);
    }

    /** Appends an accepted batch's disagreement rate to the history. */
    public static double[] remember(double[] history, double disagreement) {
        double[] h = history == null ? new double[0] : history;
        double[] next = Arrays.copyOfRange(h, Math.max(0, h.length - (HISTORY - 1)), h.length + 1);
        next[next.length - 1] = disagreement;
        return next;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
