package dev.selfheal.healer;

import dev.selfheal.heal.InMemorySnapshotStore;
import dev.selfheal.heal.Registry;
import dev.selfheal.heal.RetentionPolicy;
import dev.selfheal.heal.Scores;
import dev.selfheal.heal.ServingVersions;
import dev.selfheal.heal.SnapshotTag;
import dev.selfheal.model.Calibration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecallRemedyTest {
    private static final RepairConfig RECALL = new RepairConfig(true, new double[] {0.5}, 8, true, 8, 1e-3);

    private final TwoVersions v = new TwoVersions();
    /** The healthy weights deployed, the flipped ones served since batch 3. */
    private final Registry registry = v.registry(v.healthy, v.flipped);
    private final HealerState served = TwoVersions.state(registry, v.flipped);
    private final RecallRemedy recall = recall(RECALL);

    @AfterEach
    void close() {
        v.close();
    }

    @Test
    void servesAgainTheEarlierVersionThatTheNewestUnseenLabelsPrefer() {
        // The concept came back after the served version was made at batch 3.
        RemedyContext c = context(served, v.labelledBy(v.healthy, 60, 5));

        assertThat(recall.applies(c)).isTrue();
        Remedy.Proposal p = recall.propose(c, v.split(v.flipped));
        assertThat(p).isNotNull();
        // v2 holds the same weights but is a pre-heal copy: v1 is the version served again.
        assertThat(p.describe()).isEqualTo("recall of v1");
        assertThat(p.candidate().toVector()).isEqualTo(v.healthy);
        assertThat(p.details()).containsEntry("recall_rows", 60).containsEntry("recall_only_served_right", 0);
        assertThat((double) p.details().get("recall_log_loss"))
                .isLessThan((double) p.details().get("served_log_loss"));
        assertThat(recall.judge(c, p).accepted()).isTrue();
    }

    @Test
    void onlyRowsTheEarlierVersionNeverTrainedOnAreEvidence() {
        // A version of the healthy weights made at batch 8 is the newest, and the rows are of batch
        // 6: it cannot be judged on them.
        registry.record(SnapshotTag.POST_HEAL, 3, 8, "adapter heal at batch 8", v.healthy, Scores.NONE,
                new ServingVersions(3, 1));
        Remedy.Proposal p = recall.propose(context(served, v.labelledBy(v.healthy, 60, 6)), v.split(v.flipped));
        // The deployed version has the same weights and never saw batch 6: it is the one recalled.
        assertThat(p).isNotNull();
        assertThat(p.describe()).isEqualTo("recall of v1");

        Registry late = new Registry(new InMemorySnapshotStore(), 0, new RetentionPolicy(64), TwoVersions.CLOCK);
        late.record(SnapshotTag.INITIAL, 0, 0, "deployed model", v.flipped, Scores.NONE, new ServingVersions(1, 1));
        late.record(SnapshotTag.POST_HEAL, 1, 8, "adapter heal at batch 8", v.healthy, Scores.NONE,
                new ServingVersions(1, 1));
        HealerState first = TwoVersions.state(late, v.flipped);
        first.currentVersion = 1;
        RecallRemedy fromLate = new RecallRemedy(v.model, v.evaluator, late, RECALL);
        assertThat(fromLate.propose(context(first, v.labelledBy(v.healthy, 60, 6)), v.split(v.flipped))).isNull();
        assertThat(fromLate.propose(context(first, v.labelledBy(v.healthy, 60, 9)), v.split(v.flipped))).isNotNull();
    }

    @Test
    void aConceptThatCameBackIsJudgedOnTheNewestRows() {
        // 100 rows of batch 5 agree with the served version, then the earlier concept is back for 20.
        List<LabelledRow> rows = new ArrayList<>(v.labelledBy(v.flipped, 100, 5));

        assertThat(recall.propose(context(served, rows), v.split(v.flipped))).isNull();
        rows.addAll(v.labelledBy(v.healthy, 20, 9));
        Remedy.Proposal p = recall.propose(context(served, rows), v.split(v.flipped));
        assertThat(p).isNotNull();
        assertThat(p.details()).containsEntry("recall_rows", 20).containsEntry("recall_only_recalled_right", 20);
        assertThat(RecallRemedy.prefixes(120)).containsExactly(10, 20, 40, 80, 120);
        assertThat(RecallRemedy.prefixes(10)).containsExactly(10);
    }

    @Test
    void onlyTheNewestRowsTheValidationPoolHoldsSpeak() {
        // An older stretch agrees with v1, the newest 200 rows with the served version.
        List<LabelledRow> rows = new ArrayList<>(v.labelledBy(v.healthy, 300, 5));
        rows.addAll(v.labelledBy(v.flipped, 200, 7));

        assertThat(recall.propose(context(served, rows), v.split(v.flipped))).isNull();
        HealerConfig.Builder wide = HealerConfig.reference().toBuilder();
        wide.validationPool = 1000;
        Remedy.Proposal p = recall.propose(context(served, rows, wide.build()), v.split(v.flipped));
        assertThat(p).as("all 500 rows: 300 for v1, 200 against, z = 100 / √500 ≈ 4.5").isNotNull();
        assertThat(p.details()).containsEntry("recall_rows", 500);
    }

    @Test
    void proposesNothingWhenTheServedVersionDecidesTheNewestLabelsAsWellOrBetter() {
        assertThat(recall.propose(context(served, v.labelledBy(v.flipped, 200, 5)), v.split(v.flipped))).isNull();
        RepairConfig off = new RepairConfig(true, new double[] {0.5}, 8, false, 8, 1e-3);
        assertThat(recall(off).applies(context(served, v.labelledBy(v.healthy, 200, 5)))).isFalse();
    }

    @Test
    void theLevelSetsHowManyRowsMustSpeakForTheEarlierVersion() {
        // The two versions decide every row differently, so each of 12 rows speaks for v1: z = √12 ≈
        // 3.46 on all of them. Two row counts are tested (10 and 12), so the bar at 1e-3 is the
        // normal quantile of 5e-4 (3.29), and at 1e-4 that of 5e-5 (3.89).
        RemedyContext twelve = context(served, v.labelledBy(v.healthy, 12, 5));
        assertThat(twelve.train().size() + twelve.heldBack().size()).isEqualTo(12);

        assertThat(recall.propose(twelve, v.split(v.flipped))).isNotNull();
        RepairConfig strict = new RepairConfig(true, new double[] {0.5}, 8, true, 8, 1e-4);
        assertThat(recall(strict).propose(twelve, v.split(v.flipped))).isNull();
    }

    private RecallRemedy recall(RepairConfig config) {
        return new RecallRemedy(v.model, v.evaluator, registry, config);
    }

    private static RemedyContext context(HealerState s, List<LabelledRow> rows) {
        return context(s, rows, HealerConfig.reference());
    }

    /** Half the rows as the trainable window, half held back; the batch brought the last of them. */
    private static RemedyContext context(HealerState s, List<LabelledRow> rows, HealerConfig config) {
        List<LabelledRow> train = rows.subList(0, rows.size() / 2);
        List<LabelledRow> held = rows.subList(rows.size() / 2, rows.size());
        return new RemedyContext(s, config,
                new HealBatchInput(9, 0, List.of(), rows.subList(rows.size() - 1, rows.size())), new float[0][], train,
                held, 0.5, false, Calibration.identity(TwoVersions.NAMES.size()), 0, 3);
    }
}
