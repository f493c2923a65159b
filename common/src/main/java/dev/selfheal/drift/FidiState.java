package dev.selfheal.drift;

import java.util.Arrays;

/**
 * Everything {@link FidiDetector} remembers between batches, as plain data for Flink keyed state
 * and for snapshots.
 *
 * @param recentMeans the key feature's most recent batch means, oldest first
 * @param observed how many batches have been observed in total
 */
public record FidiState(double[] recentMeans, long observed) {

    public static final FidiState EMPTY = new FidiState(new double[0], 0);

    public FidiState {
        if (recentMeans == null) {
            throw new IllegalArgumentException("recentMeans must not be null");
        }
        if (observed < recentMeans.length) {
            throw new IllegalArgumentException("observed (" + observed + ") is less than the "
                    + recentMeans.length + " means held");
        }
        recentMeans = recentMeans.clone();
    }

    @Override
    public double[] recentMeans() {
        return recentMeans.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FidiState s && observed == s.observed && Arrays.equals(recentMeans, s.recentMeans);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(recentMeans) + Long.hashCode(observed);
    }

    @Override
    public String toString() {
        return "FidiState{recentMeans=" + Arrays.toString(recentMeans) + ", observed=" + observed + "}";
    }
}
