package dev.selfheal.healer;

import dev.selfheal.drift.DriftConfig;
import dev.selfheal.drift.DriftReport;

/**
 * Reads one batch's inputs for feature drift. A collaborator of {@link Healer}: what it remembers
 * between batches lives in {@link HealerState}, so it can be replaced or faked in tests.
 */
public interface DriftWatch {

    /** The batch's drift report; updates the detector's memory in {@code s}. */
    DriftReport observe(HealerState s, long batch, float[][] x, DriftConfig config);
}
