package dev.selfheal.model;

/**
 * Trains a candidate adapter from the served one on a heal batch: the gradient heal's engine.
 * {@link HealingTrainer} does it on DJL; a healer's decision logic can be tested with a fake.
 */
public interface AdapterTrainer extends AutoCloseable {
    HealResult heal(Adapter current, AdamState optimizer, HealBatch batch, HealConfig config);

    @Override
    void close();
}
