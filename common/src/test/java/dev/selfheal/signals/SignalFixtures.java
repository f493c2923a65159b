package dev.selfheal.signals;

import dev.selfheal.drift.TrainingStats;
import dev.selfheal.model.Adapter;
import dev.selfheal.model.AdapterShape;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.FrozenWeights;
import dev.selfheal.model.Standardizer;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small untrained model (4 features, 8 hidden units) and rows for the signals' tests: features
 * N(0,1), and one row in {@link #FRAUD_EVERY} has k + 2.5 (the pattern the model would learn).
 */
final class SignalFixtures {
    static final List<String> NAMES = List.of("a", "b", "c", "k");
    static final int FRAUD_EVERY = 7;

    private SignalFixtures() {}

    static FraudModel model() {
        SplittableRandom rng = new SplittableRandom(1);
        FrozenWeights frozen = FrozenWeights.initial(NAMES.size(), 8, rng);
        float[][] train = rows(new SplittableRandom(3), 5000, FRAUD_EVERY, 0, 0);
        return new FraudModel("m", NAMES, 0.5, "k > 1.5 => fraud", "k", Standardizer.fit(train), frozen,
                Adapter.initial(AdapterShape.full(8), rng), TrainingStats.of(NAMES, train), Map.of(), Map.of())
                .withSignals(train, labels(train.length, FRAUD_EVERY));
    }

    /** The classes of {@link #rows}: row i is a fraud when i is a multiple of {@code fraudEvery}. */
    static int[] labels(int n, int fraudEvery) {
        int[] y = new int[n];
        for (int i = 0; i < n; i += fraudEvery) {
            y[i] = 1;
        }
        return y;
    }

    /**
     * @param fraudEvery one row in this many is a fraud (k + 2.5); 0 for none
     * @param newModeEvery one row in this many gets b ~ N(3, 0.5) (a new mode); 0 for none
     * @param shiftC      added to feature c in every row (a moved feature)
     */
    static float[][] rows(SplittableRandom rng, int n, int fraudEvery, int newModeEvery, float shiftC) {
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] r = new float[NAMES.size()];
            for (int j = 0; j < r.length; j++) {
                r[j] = (float) rng.nextGaussian();
            }
            if (fraudEvery > 0 && i % fraudEvery == 0) {
                r[3] += 2.5f;
            }
            if (newModeEvery > 0 && i % newModeEvery == 1) {
                r[1] = (float) (3 + 0.5 * rng.nextGaussian());
            }
            r[2] += shiftC;
            x[i] = r;
        }
        return x;
    }

    static float[][] rows(SplittableRandom rng, int n, int fraudEvery, int newModeEvery) {
        return rows(rng, n, fraudEvery, newModeEvery, 0);
    }
}
