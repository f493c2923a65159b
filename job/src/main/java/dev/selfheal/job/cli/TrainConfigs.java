package dev.selfheal.job.cli;

import dev.selfheal.model.TrainConfig;

/**
 * The training configuration the CLI's flags describe (`train`, `demo`, `experiment`, `zoo`), so
 * every command refuses a bad `--adapter-width` with the same one-line reason, before any data is
 * read.
 */
public final class TrainConfigs {
    private TrainConfigs() {}

    /** @param adapterWidth null for the default (the backbone width) */
    public static TrainConfig of(int epochs, long seed, Integer adapterWidth) {
        TrainConfig c = TrainConfig.defaults().withEpochs(epochs).withSeed(seed);
        if (adapterWidth == null) {
            return c;
        }
        try {
            return c.withAdapterWidth(adapterWidth);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--adapter-width: " + e.getMessage(), e);
        }
    }
}
