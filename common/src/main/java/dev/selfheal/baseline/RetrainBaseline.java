package dev.selfheal.baseline;

import dev.selfheal.model.DjlScorer;
import dev.selfheal.model.ModelTrainer;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.model.TrainedModel;

/**
 * The model's own architecture (backbone, adapter and head) trained from scratch on the window, with
 * the deployment recipe ({@link ModelTrainer}, the experiment's {@link TrainConfig}) and its own
 * standardisation, fitted on the window: what a team does when a retrain is possible. A fit costs
 * the same optimiser steps per row as deployment training, so the prequential replay refits every
 * {@code refitEvery} batches rather than before each one.
 */
public final class RetrainBaseline implements BaselineMethod {
    public static final String NAME = "retrain";
    public static final int DEFAULT_REFIT_EVERY = 5;

    private final TrainConfig config;
    private final int refitEvery;

    public RetrainBaseline(TrainConfig config) {
        this(config, DEFAULT_REFIT_EVERY);
    }

    public RetrainBaseline(TrainConfig config, int refitEvery) {
        if (refitEvery < 1) {
            throw new IllegalArgumentException("refit every >= 1 batch, got " + refitEvery);
        }
        this.config = config;
        this.refitEvery = refitEvery;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int refitEvery() {
        return refitEvery;
    }

    @Override
    public BaselineModel fit(float[][] rows, int[] labels) {
        TrainedModel t = new ModelTrainer(config).train(rows, labels);
        return batch -> {
            float[] p = new float[batch.length];
            if (batch.length == 0) {
                return p;
            }
            float[] adapter = t.adapter().params();
            try (DjlScorer scorer = new DjlScorer(t.frozen(), t.adapter().shape(), t.standardizer(), adapter,
                    adapter)) {
                scorer.score(batch, batch.length, p, null);
            }
            return p;
        };
    }
}
