package dev.selfheal.labels;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one batch chosen so far, never more than the batch's allowance: strategies add to it,
 * and a full choice refuses more, whatever a strategy asks.
 */
public final class Choice {
    /** A chosen row: its index in the batch, the strategy that chose it, and why. */
    public record Pick(int row, String strategy, String reason) {}

    private final boolean[] taken;
    private final int cap;
    private final List<Pick> picks = new ArrayList<>();

    /** @param rows the batch's rows; @param cap most rows that may be chosen */
    public Choice(int rows, int cap) {
        this.taken = new boolean[rows];
        this.cap = Math.max(0, Math.min(rows, cap));
    }

    public boolean isTaken(int row) {
        return taken[row];
    }

    public boolean full() {
        return picks.size() >= cap;
    }

    public int count() {
        return picks.size();
    }

    /** Room left under the cap. */
    public int left() {
        return cap - picks.size();
    }

    /** Chooses {@code row} unless it is chosen already or the choice is full; true when it was added. */
    public boolean take(int row, String strategy, String reason) {
        if (taken[row] || full()) {
            return false;
        }
        taken[row] = true;
        picks.add(new Pick(row, strategy, reason));
        return true;
    }

    /** Rows not chosen yet, in batch order. */
    public int[] open() {
        int n = 0;
        for (boolean t : taken) {
            n += t ? 0 : 1;
        }
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < taken.length; i++) {
            if (!taken[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    public List<Pick> picks() {
        return List.copyOf(picks);
    }
}
