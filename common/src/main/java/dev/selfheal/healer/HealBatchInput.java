package dev.selfheal.healer;

import dev.selfheal.data.Transaction;

import java.util.List;

/**
 * One heal batch as HEAL assembled it: the batch's sampled rows (features; true labels are used for
 * reporting only), and the labelled rows whose labels arrived since the previous batch (for
 * decisions and learning).
 */
public record HealBatchInput(long batch, long timestamp, List<Transaction> rows, List<LabelledRow> newlyLabelled) {
    public HealBatchInput {
        rows = List.copyOf(rows);
        newlyLabelled = List.copyOf(newlyLabelled);
    }
}
