package dev.selfheal.drift;

/**
 * Count, mean and population standard deviation of a sample. Population (not sample) std because
 * the training side standardises with it, and batch and training figures must be comparable.
 */
record Moments(long count, double mean, double std) {

    static Moments of(float[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        // Two passes: the one-pass sum-of-squares form loses precision when |mean| >> std.
        double squares = 0;
        for (float v : values) {
            double d = v - mean;
            squares += d * d;
        }
        return new Moments(values.length, mean, Math.sqrt(squares / values.length));
    }
}
