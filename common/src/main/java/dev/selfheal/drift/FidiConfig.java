package dev.selfheal.drift;

/**
 * Knobs of the FIDI drift signal ({@code fidi.*} in the job configuration).
 *
 * @param window how many recent batch means are averaged
 * @param warmup the first batch (1-based count of batches observed) that may report drift;
 *     0 and 1 both mean "from the first batch"
 * @param threshold drifting when z is strictly above this
 */
public record FidiConfig(int window, int warmup, double threshold) implements java.io.Serializable {

    /** The reference's values. */
    public static final FidiConfig DEFAULTS = new FidiConfig(10, 3, 1.0);

    public FidiConfig {
        if (window < 1) {
            throw new IllegalArgumentException("fidi.window must be >= 1, was " + window);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("fidi.warmup must be >= 0, was " + warmup);
        }
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("fidi.threshold must be a finite number > 0, was " + threshold);
        }
    }
}
