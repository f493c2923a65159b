package dev.selfheal.model;

/**
 * Deployment training: backbone, adapter and head together on clean data with plain BCE (the
 * reference recipe: Adam 1e-3, 20 epochs, batch 100). {@code adapterWidth} is the adapter's
 * bottleneck W (1 ≤ W ≤ hidden); the default is the full width.
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, int hidden, int adapterWidth, long seed) {
    public TrainConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (hidden < 1) throw new IllegalArgumentException("hidden width must be >= 1, got " + hidden);
        new AdapterShape(hidden, adapterWidth); // refuses a width outside 1..hidden, saying so
    }

    /** A full-width adapter (W = hidden). */
    public TrainConfig(int epochs, int batchSize, double learningRate, int hidden, long seed) {
        this(epochs, batchSize, learningRate, hidden, hidden, seed);
    }

    public static TrainConfig defaults() {
        return new TrainConfig(20, 100, 1e-3, 64, 42);
    }

    public AdapterShape adapterShape() {
        return new AdapterShape(hidden, adapterWidth);
    }

    public TrainConfig withEpochs(int e) {
        return new TrainConfig(e, batchSize, learningRate, hidden, adapterWidth, seed);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(epochs, batchSize, learningRate, hidden, adapterWidth, s);
    }

    public TrainConfig withAdapterWidth(int w) {
        return new TrainConfig(epochs, batchSize, learningRate, hidden, w, seed);
    }
}
