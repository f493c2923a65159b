package dev.selfheal.job.it;

import dev.selfheal.job.heal.HealBatchHook;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the heal batches of jobs on the in-process MiniCluster, so a test can wait for them: HEAL
 * runs in this JVM and calls the hook after each batch.
 */
final class HealBatchCounter implements HealBatchHook {
    private static final long serialVersionUID = 1L;
    static final AtomicLong BATCHES = new AtomicLong();

    @Override
    public void batchProcessed(String modelId, long batch) {
        BATCHES.incrementAndGet();
    }
}
