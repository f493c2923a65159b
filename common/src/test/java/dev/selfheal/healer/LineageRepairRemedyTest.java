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
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LineageRepairRemedyTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final List<String> NAMES = List.of("a", "b", "c", "k");

    @Test
    void stepsFromAWorseServedAdapterTowardItsHealthyAncestor() {
        FraudModel model = model();
        try (AdapterEvaluator evaluator = new AdapterEvaluator(model, "vector")) {
            float[] healthy = served(model, 1f);
            // The served adapter's output map flipped sign: every decision inverted.
            float[] broken = served(model, -1f);
            Registry registry = registry(healthy, broken);
            HealerState s = state(registry, broken);
            List<LabelledRow> held = labelledBy(evaluator, healthy, 200);
            LineageRepairRemedy repair = new LineageRepairRemedy(model, evaluator, registry, RepairConfig.defaults(), 20);
            RemedyContext c = context(s, held);

            assertThat(repair.applies(c)).isTrue();
            Remedy.Proposal p = repair.propose(c, split(model, broken));
            assertThat(p).isNotNull();
            // v2 is the pre-heal copy of v1: the nearest version with those weights.
            assertThat(p.describe()).startsWith("lineage repair toward v2");
            double alpha = (double) p.details().get("repair_alpha");
            assertThat(alpha).as("only a step with the healthy sign of the map can be as good as the full one")
                    .isEqualTo(0.75);
            assertThat(p.candidate().toVector()).isEqualTo(LineageRepairRemedy.blend(broken, healthy, alpha));
        }
    }

    @Test
    void proposesNothingWhenNoAncestorBeatsTheServedAdapterOrTooFewRowsAreHeldBack() {
        FraudModel model = model();
        try (AdapterEvaluator evaluator = new AdapterEvaluator(model, "vector")) {
            float[] first = served(model, 1f);
            float[] second = served(model, -1f);
            Registry registry = registry(first, second);
            HealerState s = state(registry, second);
            LineageRepairRemedy repair = new LineageRepairRemedy(model, evaluator, registry, RepairConfig.defaults(), 20);
            // Labels that agree with the served adapter: its ancestor is worse.
            RemedyContext c = context(s, labelledBy(evaluator, second, 200));
            assertThat(repair.propose(c, split(model, second))).isNull();
            assertThat(repair.applies(context(s, labelledBy(evaluator, second, 10)))).isFalse();
            assertThat(new LineageRepairRemedy(model, evaluator, registry, RepairConfig.off(), 20).applies(c)).isFalse();
        }
    }

    @Test
    void aBlendIsTheStraightLineBetweenTheTwo() {
        float[] a = {0f, 2f, -4f};
        float[] b = {4f, 2f, 0f};
        assertThat(LineageRepairRemedy.blend(a, b, 0.25)).containsExactly(1f, 2f, -3f);
    }

    private static RemedyContext context(HealerState s, List<LabelledRow> held) {
        return new RemedyContext(s, HealerConfig.reference(), new HealBatchInput(9, 0, List.of(), List.of()),
                new float[0][], List.of(), held, 0.5, false, Calibration.identity(NAMES.size()), 0, 0);
    }

    private static Registry registry(float[] v1, float[] post) {
        Registry r = new Registry(new InMemorySnapshotStore(), 0, new RetentionPolicy(64), CLOCK);
        r.record(SnapshotTag.INITIAL, 0, 0, "deployed model", v1, Scores.NONE, new ServingVersions(1, 1));
        r.record(SnapshotTag.PRE_HEAL, 1, 3, "before adapter heal at batch 3", v1, Scores.NONE, new ServingVersions(1, 1));
        r.record(SnapshotTag.POST_HEAL, 2, 3, "adapter heal at batch 3", post, Scores.NONE, new ServingVersions(1, 1));
        return r;
    }

    private static HealerState state(Registry registry, float[] served) {
        HealerState s = new HealerState();
        s.currentVersion = registry.lastVersion();
        s.currentAdapter = served.clone();
        s.lastVersion = registry.lastVersion();
        return s;
    }

    /** Rows labelled with the decisions of {@code truth}. */
    private static List<LabelledRow> labelledBy(AdapterEvaluator evaluator, float[] truth, int n) {
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
            rows.add(new LabelledRow("h" + i, 1, x[i], p[i] > 0.5 ? 1 : 0));
        }
        return rows;
    }

    private static float[] served(FraudModel model, float outScale) {
        return new ServedAdapter(model.adapter(), Calibration.identity(NAMES.size()).withOutput(outScale, 0f))
                .toVector();
    }

    private static ServedAdapter split(FraudModel model, float[] v) {
        return ServedAdapter.of(v, model.adapterShape(), NAMES.size());
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
}
