package dev.selfheal.healer;

import dev.selfheal.model.DjlScorer;
import dev.selfheal.model.FraudModel;

/**
 * Scores rows with any adapter version, for HEAL's evaluations (served, frozen, shadow, candidate).
 * Uses the same DJL forward pass as SCORE, loading each adapter in place.
 */
public final class AdapterEvaluator implements AutoCloseable {
    private final DjlScorer scorer;

    public AdapterEvaluator(FraudModel model) {
        this.scorer = new DjlScorer(model.frozen(), model.standardizer(), model.adapter().params(),
                model.adapter().params());
    }

    public float[] probabilities(float[] adapter, float[][] rows) {
        float[] p = new float[rows.length];
        if (rows.length == 0) {
            return p;
        }
        scorer.setServed(adapter);
        scorer.score(rows, rows.length, p, null);
        return p;
    }

    @Override
    public void close() {
        scorer.close();
    }
}
