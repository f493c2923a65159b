package dev.selfheal.scenario;

/** Sizes of the generated sets; the stream is {@code batches} batches of {@code batchSize} rows. */
public record ScenarioConfig(int trainSize, int testSize, int batches, int batchSize, int holdoutSize) {
    public ScenarioConfig {
        if (trainSize < 1 || testSize < 1 || batches < 1 || batchSize < 1 || holdoutSize < 1) {
            throw new IllegalArgumentException("all sizes must be >= 1, got " + this);
        }
    }

    /** The built-in sizes: train 5000, clean test 1000, 25 batches of 100, holdout 1000. */
    public static ScenarioConfig defaults() {
        return new ScenarioConfig(5000, 1000, 25, 100, 1000);
    }
}
