package dev.selfheal.drift;

import java.util.Arrays;
import java.util.Objects;

/**
 * The reference's drift trigger: z = |mean of the last {@code window} batch means of one key
 * feature − its training mean| / its training std, drifting when z &gt; {@code threshold}.
 *
 * <p>Warm-up: batches are counted 1-based as they are observed, and a batch may report drifting
 * only when its count is ≥ {@code warmup}; with the default 3, batches 1 and 2 report their z but
 * never drift. (The reference wrote {@code batch_idx >= warmup} over a 0-based index, i.e. from
 * its fourth batch; we follow the design's wording, "counted from batch 3".) Before the window
 * fills, z averages the batches seen so far.
 *
 * <p>Not thread-safe: one instance per model key, its state saved with {@link #state()} and
 * brought back with {@link #restore}.
 */
public final class FidiDetector {

    private final FidiConfig config;
    private final FeatureStats feature;
    private double[] recentMeans;
    private long observed;

    public FidiDetector(FidiConfig config, FeatureStats feature) {
        this(config, feature, FidiState.EMPTY);
    }

    private FidiDetector(FidiConfig config, FeatureStats feature, FidiState state) {
        this.config = Objects.requireNonNull(config, "config");
        this.feature = Objects.requireNonNull(feature, "feature");
        double[] means = state.recentMeans();
        // The window may have shrunk since the state was saved (a thresholds command): keep the newest.
        this.recentMeans = Arrays.copyOfRange(means, Math.max(0, means.length - config.window()), means.length);
        this.observed = state.observed();
    }

    /** A detector that carries on from a saved state, possibly under a new config. */
    public static FidiDetector restore(FidiConfig config, FeatureStats feature, FidiState state) {
        return new FidiDetector(config, feature, Objects.requireNonNull(state, "state"));
    }

    /** Takes the next batch's mean of the key feature. */
    public FidiReading observe(double batchMean) {
        if (!Double.isFinite(batchMean)) {
            throw new IllegalArgumentException("batch mean must be finite, was " + batchMean);
        }
        if (recentMeans.length < config.window()) {
            recentMeans = Arrays.copyOf(recentMeans, recentMeans.length + 1);
        } else {
            System.arraycopy(recentMeans, 1, recentMeans, 0, recentMeans.length - 1);
        }
        recentMeans[recentMeans.length - 1] = batchMean;
        observed++;

        double sum = 0;
        for (double m : recentMeans) {
            sum += m;
        }
        double z = Math.abs(feature.sigmas(sum / recentMeans.length));
        return new FidiReading(z, observed >= config.warmup() && z > config.threshold());
    }

    public FidiState state() {
        return new FidiState(recentMeans, observed);
    }

    public String featureName() {
        return feature.name();
    }
}
