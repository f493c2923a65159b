package dev.selfheal.lab.experiment;

import dev.selfheal.job.heal.HealBatchHook;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Heal batches processed, for the console progress bar of embedded runs: the job runs in this JVM,
 * so the hook HEAL calls after each batch ({@link #COUNTING}) can bump a static counter.
 * Meaningless on a cluster, and only read here.
 */
public final class ProgressBoard {
    public static final AtomicLong BATCHES = new AtomicLong();
    public static final HealBatchHook COUNTING = new Counting();

    private ProgressBoard() {}

    private static final class Counting implements HealBatchHook {
        private static final long serialVersionUID = 1L;

        @Override
        public void batchProcessed(String modelId, long batch) {
            BATCHES.incrementAndGet();
        }
    }
}
