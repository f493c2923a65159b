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

class RecallRemedyTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final List<String> NAMES = List.of("a", "b", "c", "k");
    private static final RepairConfig RECALL = new RepairConfig(true, new double[] {0.5}, 8, true, 8, 1e-3);

    @Test
    void servesAgainTheEarlierVersionThatTheNewestUnseenLabelsPrefer() {
        FraudModel model = model();
        try (AdapterEvaluator evaluator = new AdapterEvaluator(model, "vector")) {
            float[] healthy = served(model, 1f);
            float[] flipped = served(model, -1f);
            Registry registry = registry(healthy, flipped);
            HealerState s = state(registry, flipped);
            RecallRemedy recall = new RecallRemedy(model, evaluator, registry, RECALL);
            // The concept came back after the served version was made at batch 3.
            RemedyContext c = context(s, labelledBy(evaluator, healthy, 60, 5));

            assertThat(recall.applies(c)).isTrue();
            Remedy.Proposal p = recall.propose(c, split(model, flipped));
            assertThat(p).isNotNull();
            // v2 holds the same weights but is a pre-heal copy: v1 is the version served again.
            assertThat(p.describe()).isEqualTo("recall of v1");
            assertThat(p.candidate().toVector()).isEqualTo(healthy);
            assertThat(p.details()).containsEntry("recall_rows", 60).containsEntry("recall_only_served_right", 0);
            assertThat((double) p.details().get("recall_log_loss"))
                    .isLessThan((double) p.details().get("served_log_loss"));
            assertThat(recall.judge(c, p).accepted()).isTrue();
        }
    }

    @Test
    void onlyRowsTheEarlierVersionNeverTrainedOnAreEvidence() {
        FraudModel model = model();
        try (AdapterEvaluator evaluator = new AdapterEvaluator(model, "vector")) {
            float[] healthy = served(model, 1f);
            float[] flipped = served(model, -1f);
            Registry registry = registry(healthy, flipped);
            HealerState s = state(registry, flipped);
            // A version of the healthy weights made at batch 8 is the newest, and the rows are of batch
            // 6: it cannot be judged on them.
            registry.record(SnapshotTag.POST_HEAL, 3, 8, "adapter heal at batch 8", healthy, Scores.NONE,
                    new ServingVersions(3, 1));
            RecallRemedy recall = new RecallRemedy(model, evaluator, registry, RECALL);
            RemedyContext c = context(s, labelledBy(evaluator, healthy, 60, 6));
            Remedy.Proposal p = recall.propose(c, split(model, flipped));
            // The deployed version has the same weights and never saw batch 6: it is the one recalled.
            assertThat(p).isNotNull();
            assertThat(p.describe()).isEqualTo("recall of v1");

            Registry late = new Registry(new InMemorySnapshotStore(), 0, new RetentionPolicy(64), CLOCK);
            late.record(SnapshotTag.INITIAL, 0, 0, "deployed model", flipped, Scores.NONE, new ServingVersions(1, 1));
            late.record(SnapshotTag.POST_HEAL, 1, 8, "adapter heal at batch 8", healthy, Scores.NONE,
                    new ServingVersions(1, 1));
            HealerState first = state(late, flipped);
            first.currentVersion = 1;
            assertThat(new RecallRemedy(model, evaluator, late, RECALL)
                    .propose(context(first, labelledBy(evaluator, healthy, 60, 6)), split(model, flipped))).isNull();
            assertThat(new RecallRemedy(model, evaluator, late, RECALL)
                    .propose(context(first, labelledBy(evaluator, healthy, 60, 9)), split(model, flipped)))
                    .isNotNull();
        }
    }

    @Test
    void aConceptThatCameBackIsJudgedOnTheNewestRows() {
        FraudModel model = model();
        try (AdapterEvaluator evaluator = new AdapterEvaluator(model, "vector")) {
            float[] healthy = served(model, 1f);
            float[] flipped = served(model, -1f);
            Registry registry = registry(healthy, flipped);
            HealerState s = state(registry, flipped);
            RecallRemedy recall = new RecallRemedy(model, evaluator, registry, RECALL);
            // 100 rows of batch 5 agree with the served version, then the earlier concept is back for 20.
            List<LabelledRow> rows = new ArrayList<>(labelledBy(evaluator, flipped, 100, 5));
            List<LabelledRow> back = labelledBy(evaluator, healthy, 20, 9);

            assertThat(recall.propose(context(s, rows), split(model, flipped))).isNull();
            rows.addAll(back);
            Remedy.Proposal p = recall.propose(context(s, rows), split(model, flipped));
            assertThat(p).isNotNull();
            assertThat(p.details()).containsEntry("recall_rows", 20).containsEntry("recall_only_recalled_right", 20);
            assertThat(RecallRemedy.prefixes(120)).containsExactly(10, 20, 40, 80, 120);
            assertThat(RecallRemedy.prefixes(10)).containsExactly(10);
        }
    }

    @Test
    void onlyTheNewestRowsTheValidationPoolHoldsSpeak() {
        FraudModel model = model();
        try (AdapterEvaluator evaluator = new AdapterEvaluator(model, "vector")) {
            float[] healthy = served(model, 1f);
            float[] flipped = served(model, -1f);
            Registry registry = registry(healthy, flipped);
            HealerState s = state(registry, flipped);
            RecallRemedy recall = new RecallRemedy(model, evaluator, registry, RECALL);
            // An older stretch agrees with v1, the newest 200 rows with the served version.
            List<LabelledRow> rows = new ArrayList<>(labelledBy(evaluator, healthy, 300, 5));
            rows.addAll(labelledBy(evaluator, flipped, 200, 7));

            assertThat(recall.propose(context(s, rows), split(model, flipped))).isNull();
            HealerConfig.Builder wide = HealerConfig.reference().toBuilder();
            wide.validationPool = 1000;
            Remedy.Proposal p = recall.propose(context(s, rows, wide.build()), split(model, flipped));
            assertThat(p).as("all 500 rows: 300 for v1, 200 against, z = 100 / √500 ≈ 4.5").isNotNull();
            assertThat(p.details()).containsEntry("recall_rows", 500);
        }
    }

    @Test
    void proposesNothingWhenTheServedVersionDecidesTheNewestLabelsAsWellOrBetter() {
        FraudModel model = model();
        try (AdapterEvaluator evaluator = new AdapterEvaluator(model, "vector")) {
            float[] healthy = served(model, 1f);
            float[] flipped = served(model, -1f);
            Registry registry = registry(healthy, flipped);
            HealerState s = state(registry, flipped);
            RecallRemedy recall = new RecallRemedy(model, evaluator, registry, RECALL);

            assertThat(recall.propose(context(s, labelledBy(evaluator, flipped, 200, 5)), split(model, flipped)))
                    .isNull();
            RepairConfig off = new RepairConfig(true, new double[] {0.5}, 8, false, 8, 1e-3);
            assertThat(new RecallRemedy(model, evaluator, registry, off)
                    .applies(context(s, labelledBy(evaluator, healthy, 200, 5)))).isFalse();
        }
    }

    @Test
    void theLevelSetsHowManyRowsMustSpeakForTheEarlierVersion() {
        FraudModel model = model();
        try (AdapterEvaluator evaluator = new AdapterEvaluator(model, "vector")) {
            float[] healthy = served(model, 1f);
            float[] flipped = served(model, -1f);
            Registry registry = registry(healthy, flipped);
            HealerState s = state(registry, flipped);
            // The two versions decide every row differently, so each of 12 rows speaks for v1: z = √12 ≈
            // 3.46 on all of them. Two row counts are tested (10 and 12), so the bar at 1e-3 is the
            // normal quantile of 5e-4 (3.29), and at 1e-4 that of 5e-5 (3.89).
            RemedyContext twelve = context(s, labelledBy(evaluator, healthy, 12, 5));
            assertThat(twelve.train().size() + twelve.heldBack().size()).isEqualTo(12);

            assertThat(new RecallRemedy(model, evaluator, registry, RECALL).propose(twelve, split(model, flipped)))
                    .isNotNull();
            RepairConfig strict = new RepairConfig(true, new double[] {0.5}, 8, true, 8, 1e-4);
            assertThat(new RecallRemedy(model, evaluator, registry, strict).propose(twelve, split(model, flipped)))
                    .isNull();
        }
    }

    /** Half the rows as the trainable window, half held back; the batch brought the last of them. */
    private static RemedyContext context(HealerState s, List<LabelledRow> rows) {
        return context(s, rows, HealerConfig.reference());
    }

    private static RemedyContext context(HealerState s, List<LabelledRow> rows, HealerConfig config) {
        List<LabelledRow> train = rows.subList(0, rows.size() / 2);
        List<LabelledRow> held = rows.subList(rows.size() / 2, rows.size());
        return new RemedyContext(s, config,
                new HealBatchInput(9, 0, List.of(), rows.subList(rows.size() - 1, rows.size())), new float[0][], train,
                held, 0.5, false, Calibration.identity(NAMES.size()), 0, 3);
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

    /** Rows of {@code batch} labelled with the decisions of {@code truth}. */
    private static List<LabelledRow> labelledBy(AdapterEvaluator evaluator, float[] truth, int n, long batch) {
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
            rows.add(new LabelledRow("r" + i, batch, x[i], p[i] > 0.5 ? 1 : 0));
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
