package dev.selfheal.healer;

import dev.selfheal.drift.TrainingStats;
import dev.selfheal.heal.InMemorySnapshotStore;
import dev.selfheal.heal.Registry;
import dev.selfheal.heal.RetentionPolicy;
import dev.selfheal.heal.Scores;
import dev.selfheal.heal.ServingVersions;
import dev.selfheal.heal.SnapshotTag;
import dev.selfheal.model.Adapter;
import dev.selfheal.model.AdapterShape;
import dev.selfheal.model.Calibration;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.FrozenWeights;
import dev.selfheal.model.ServedAdapter;
import dev.selfheal.model.Standardizer;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A tiny model with two served versions that decide every row oppositely (the output map's sign
 * flipped), for the remedies that choose between registry versions: v1 deployed, v2 its pre-heal
 * copy and v3 the heal result, made at batch 3.
 */
final class TwoVersions implements AutoCloseable {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final List<String> NAMES = List.of("a", "b", "c", "k");

    final FraudModel model = model();
    final AdapterEvaluator evaluator = new AdapterEvaluator(model, "vector");
    /** The output map as trained. */
    final float[] healthy = served(1f);
    /** Every decision of {@link #healthy} turned round. */
    final float[] flipped = served(-1f);

    /** v1 = {@code deployed} (INITIAL), v2 its pre-heal copy, v3 = {@code healed} (POST_HEAL at batch 3). */
    Registry registry(float[] deployed, float[] healed) {
        Registry r = new Registry(new InMemorySnapshotStore(), 0, new RetentionPolicy(64), CLOCK);
        r.record(SnapshotTag.INITIAL, 0, 0, "deployed model", deployed, Scores.NONE, new ServingVersions(1, 1));
        r.record(SnapshotTag.PRE_HEAL, 1, 3, "before adapter heal at batch 3", deployed, Scores.NONE,
                new ServingVersions(1, 1));
        r.record(SnapshotTag.POST_HEAL, 2, 3, "adapter heal at batch 3", healed, Scores.NONE, new ServingVersions(1, 1));
        return r;
    }

    /** A state serving the registry's newest version with weights {@code served}. */
    static HealerState state(Registry registry, float[] served) {
        HealerState s = new HealerState();
        s.currentVersion = registry.lastVersion();
        s.currentAdapter = served.clone();
        s.lastVersion = registry.lastVersion();
        return s;
    }

    /** {@code n} rows of {@code batch} labelled with the decisions of {@code truth}. */
    List<LabelledRow> labelledBy(float[] truth, int n, long batch) {
        SplittableRandom rng = new SplittableRandom(4);
        float[][] x = new float[n][NAMES.size()];
        for (float[] r : x) {
            for (int j = 0; j < r.length; j++) {
                r[j] = (float) (2 * rng.nextGaussian());
            }
        }
        float[] p = evaluator.probabilities(truth, x);
        List<LabelledRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new LabelledRow("h" + i, batch, x[i], p[i] > 0.5 ? 1 : 0));
        }
        return rows;
    }

    ServedAdapter split(float[] v) {
        return ServedAdapter.of(v, model.adapterShape(), NAMES.size());
    }

    private float[] served(float outScale) {
        return new ServedAdapter(model.adapter(), Calibration.identity(NAMES.size()).withOutput(outScale, 0f))
                .toVector();
    }

    private static FraudModel model() {
        SplittableRandom rng = new SplittableRandom(1);
        FrozenWeights frozen = FrozenWeights.initial(NAMES.size(), 8, rng);
        float[][] train = new float[500][NAMES.size()];
        SplittableRandom data = new SplittableRandom(3);
        for (float[] r : train) {
            for (int j = 0; j < r.length; j++) {
                r[j] = (float) data.nextGaussian();
            }
        }
        return new FraudModel("m", NAMES, 0.5, null, "k", Standardizer.fit(train), frozen,
                Adapter.initial(AdapterShape.full(8), rng), TrainingStats.of(NAMES, train), Map.of(), Map.of());
    }

    @Override
    public void close() {
        evaluator.close();
    }
}
