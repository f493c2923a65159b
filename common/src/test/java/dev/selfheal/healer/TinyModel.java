package dev.selfheal.healer;

import dev.selfheal.data.Transaction;
import dev.selfheal.drift.TrainingStats;
import dev.selfheal.model.Adapter;
import dev.selfheal.model.AdapterShape;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.FrozenWeights;
import dev.selfheal.model.Standardizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small random network on four features (the last, {@code k}, carries fraud at +2.5) and its
 * batches, for healer tests that run without DJL: scored on the vector kernel, trained by fakes.
 */
final class TinyModel {
    static final int D = 4;
    static final int H = 8;
    static final List<String> NAMES = List.of("a", "b", "c", "k");

    private TinyModel() {}

    static FraudModel model() {
        SplittableRandom rng = new SplittableRandom(1);
        FrozenWeights frozen = FrozenWeights.initial(D, H, rng);
        float[][] train = new float[2000][];
        SplittableRandom data = new SplittableRandom(3);
        for (int i = 0; i < train.length; i++) {
            train[i] = row(data, 0f, i % 7 == 0);
        }
        return new FraudModel("m", NAMES, 0.5, "k > 1.5 => fraud", "k", Standardizer.fit(train), frozen,
                Adapter.initial(AdapterShape.full(H), rng), TrainingStats.of(NAMES, train), Map.of(), Map.of());
    }

    /** 100 rows of batch {@code batch}, one in seven fraud, with feature k moved by {@code shiftK}. */
    static List<Transaction> rows(SplittableRandom rng, int batch, float shiftK) {
        List<Transaction> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            boolean fraud = i % 7 == 0;
            out.add(new Transaction("b" + batch + "-" + i, "acct", i, batch, fraud ? 1 : 0, row(rng, shiftK, fraud)));
        }
        return out;
    }

    static float[] row(SplittableRandom rng, float shiftK, boolean fraud) {
        float[] x = new float[D];
        for (int j = 0; j < D; j++) {
            x[j] = (float) rng.nextGaussian();
        }
        x[3] += (fraud ? 2.5f : 0f) + shiftK;
        return x;
    }
}
