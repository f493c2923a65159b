package dev.selfheal.job.heal;

import java.io.Serializable;

/**
 * Called once per closed heal batch, after its outcome is in state and before anything is emitted:
 * the seam for failure drills ({@link FailureInjection}) and progress displays of embedded runs.
 * Production passes {@link #none()}.
 */
@FunctionalInterface
public interface HealBatchHook extends Serializable {
    void batchProcessed(String modelId, long batch);

    static HealBatchHook none() {
        return (modelId, batch) -> { };
    }

    /** This hook, then {@code next}: an exception thrown here skips {@code next}. */
    default HealBatchHook andThen(HealBatchHook next) {
        HealBatchHook first = this;
        return (modelId, batch) -> {
            first.batchProcessed(modelId, batch);
            next.batchProcessed(modelId, batch);
        };
    }
}
