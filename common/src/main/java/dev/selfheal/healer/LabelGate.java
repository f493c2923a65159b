package dev.selfheal.healer;

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
