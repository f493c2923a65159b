package dev.selfheal.healer;

import dev.selfheal.model.DjlScorer;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ServedAdapter;

/**
 * Scores rows with any served-adapter vector (reflexive adapter plus optional calibration), for
 * HEAL's evaluations and the experiment report. Uses the same DJL forward pass as SCORE, loading
 * each adapter in place.
 */
public final class AdapterEvaluator implements AutoCloseable {
    private final FraudModel model;
    private final DjlScorer scorer;

    public AdapterEvaluator(FraudModel model) {
        this.model = model;
        this.scorer = new DjlScorer(model.frozen(), model.adapterShape(), model.standardizer(),
                model.adapter().params(), model.adapter().params());
    }

    public float[] probabilities(float[] vector, float[][] rows) {
        float[] p = new float[rows.length];
        if (rows.length == 0) {
            return p;
        }
        ServedAdapter served = ServedAdapter.of(vector, model.adapterShape(), model.features().size());
        scorer.setServed(served.adapter().params());
        scorer.score(served.calibration().input(rows), rows.length, p, null);
        for (int i = 0; i < p.length; i++) {
            p[i] = served.calibration().output(p[i]);
        }
        return p;
    }

    @Override
    public void close() {
        scorer.close();
    }
}
