package dev.selfheal.healer;

import dev.selfheal.heal.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The label gate telling a changed concept from corrupted labels. The served version decides every
 * row the wrong way round and an earlier one decides them right (the concept came back); the model
 * has no input-path scale, so the fit on the inputs is never tried and only the earlier version can
 * explain the labels. With plentiful labels a suspect batch is judged alone; with scarce ones
 * (twelve a batch here) batches are pooled until they hold {@code labels.gate-min-rows} rows.
 */
class LabelIntakeGateTest {
    private static final RepairConfig RECALL = new RepairConfig(true, new double[] {0.5}, 8, true, 8, 1e-3);
    private static final HealerConfig GATED = HealerConfig.reference().withStrategy(HealingStrategy.selfheal());

    private final TwoVersions v = new TwoVersions();
    private final Registry registry = v.registry(v.healthy, v.flipped);

    @AfterEach
    void close() {
        v.close();
    }

    @Test
    void labelsAnEarlierVersionPredictsAreAConceptThatCameBackAndAreLearnedFrom() {
        HealerState s = servingFlippedWithAUsualDisagreementOfOnePercent();
        List<AuditRecord> audit = new ArrayList<>();
        List<LabelledRow> back = v.labelledBy(v.healthy, 60, 9);

        LabelIntake.Taken taken = intake(RECALL).take(s, GATED, new HealBatchInput(9, 0, List.of(), back), 0.5, 0,
                null, new BatchMetrics(), audit, 0);

        assertThat(audit).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AuditRecord.DRIFT);
            assertThat(a.details()).containsEntry("kind", AuditRecord.CONCEPT_CHANGE)
                    .containsEntry("earlier_version", 1L);
        });
        assertThat(taken.train()).isNotEmpty();
        assertThat(s.quarantine).isEmpty();
        assertThat(s.labelDisagreement).isEmpty();
    }

    @Test
    void withoutRecallOrWithLabelsOfOneClassTheyStayInQuarantine() {
        List<LabelledRow> back = v.labelledBy(v.healthy, 120, 9);
        for (RepairConfig config : new RepairConfig[] {RepairConfig.off(), RECALL}) {
            HealerState s = servingFlippedWithAUsualDisagreementOfOnePercent();
            List<LabelledRow> rows = config == RECALL ? oneClass(back) : back;
            List<AuditRecord> audit = new ArrayList<>();

            LabelIntake.Taken taken = intake(config).take(s, GATED, new HealBatchInput(9, 0, List.of(), rows), 0.5, 0,
                    null, new BatchMetrics(), audit, 0);

            assertThat(rows.size()).as("enough rows for the gate to judge").isGreaterThanOrEqualTo(20);
            assertThat(taken.train()).isEmpty();
            assertThat(s.quarantine).hasSize(rows.size());
            assertThat(audit).singleElement().satisfies(a -> assertThat(a.type()).isEqualTo(AuditRecord.REJECTED));
        }
    }

    @Test
    void smallBatchesOfAChangedConceptAreJudgedTogetherAndTheLabelsBeforeThemForgotten() {
        HealerState s = servingFlippedWithOldLabels();
        List<AuditRecord> audit = new ArrayList<>();

        takeTwelveABatch(s, GATED, v.labelledBy(v.healthy, 12, 9), audit, RECALL);
        assertThat(audit).as("twelve rows are too few to judge").isEmpty();
        assertThat(s.gatePending).hasSize(12);
        assertThat(s.plattPool).anyMatch(r -> r.batch == 5);

        takeTwelveABatch(s, GATED, v.labelledBy(v.healthy, 24, 9).subList(12, 24), audit, RECALL);
        assertThat(audit).singleElement().satisfies(a -> {
            assertThat(a.details()).containsEntry("kind", AuditRecord.CONCEPT_CHANGE)
                    .containsEntry("suspect_rows", 24).containsEntry("earlier_version", 1L);
            assertThat(a.details().get("reasons").toString()).contains("of 24 rows");
        });
        assertThat(s.plattPool).isNotEmpty().allMatch(r -> r.batch >= 9);
        assertThat(s.heldBack).allMatch(r -> r.batch >= 9);
        assertThat(s.gatePending).isEmpty();
        assertThat(s.labelDisagreement).isEmpty();
    }

    @Test
    void withoutPoolingSmallBatchesAreNeverJudged() {
        HealingStrategy.Builder b = HealingStrategy.selfheal().toBuilder();
        b.labelGatePool = false;
        HealerState s = servingFlippedWithOldLabels();
        List<AuditRecord> audit = new ArrayList<>();

        takeTwelveABatch(s, GATED.withStrategy(b.build()), v.labelledBy(v.healthy, 24, 9), audit, RECALL);

        assertThat(audit).isEmpty();
        assertThat(s.plattPool).anyMatch(r -> r.batch == 5);
        assertThat(s.labelDisagreement).hasSize(3);
    }

    @Test
    void pooledLabelsThatAgreeAsUsualCountTowardTheUsualRate() {
        HealerState s = servingFlippedWithOldLabels();
        List<AuditRecord> audit = new ArrayList<>();

        takeTwelveABatch(s, GATED, v.labelledBy(v.flipped, 24, 9), audit, RECALL);

        assertThat(audit).isEmpty();
        assertThat(s.labelDisagreement).hasSize(4);
        assertThat(s.labelDisagreement[3]).isZero();
        assertThat(s.plattPool).anyMatch(r -> r.batch == 5);
    }

    @Test
    void aSuspectPoolNoTestExplainsStaysPooledAndIsNeitherRefusedNorForgotten() {
        HealerState s = servingFlippedWithOldLabels();
        List<AuditRecord> audit = new ArrayList<>();

        takeTwelveABatch(s, GATED, v.labelledBy(v.healthy, 36, 9), audit, RepairConfig.off());

        assertThat(audit).isEmpty();
        assertThat(s.gatePending).hasSize(36);
        assertThat(s.quarantine).isEmpty();
        assertThat(s.plattPool).anyMatch(r -> r.batch == 5).anyMatch(r -> r.batch == 11);
        assertThat(s.labelDisagreement).as("a suspect pool is not the usual rate").hasSize(3);
    }

    @Test
    void aPoolThatDisagreesALittleBeyondChanceAndThatTheInputsExplainIsAChangedConcept() {
        // Served: the healthy version. The concept now turns its decision round where c (standard
        // deviation 2) is beyond ±2.8: about one row in six, below the margin over the usual 1%.
        for (boolean likelihood : new boolean[] {true, false}) {
            HealingStrategy.Builder b = HealingStrategy.selfheal().toBuilder();
            b.labelGatePoolLikelihood = likelihood;
            HealerState s = TwoVersions.state(registry, v.healthy);
            s.labelDisagreement = new double[] {0.01, 0.01, 0.01};
            s.plattPool = new ArrayList<>(inBatch(v.labelledBy(v.healthy, 30, 5), 5));
            List<AuditRecord> audit = new ArrayList<>();
            SplittableRandom rng = new SplittableRandom(8);
            LabelIntake intake = new LabelIntake("m", v.evaluator, v.model.inputPathScale(), null);
            double disagreement = 0;
            int rows = 0;
            for (long batch = 9; batch < 19 && audit.isEmpty(); batch++) {
                List<LabelledRow> in = turnedRoundFarOutOnC(rng, 12, batch);
                disagreement += in.stream().filter(r -> r.label != healthyDecision(r)).count();
                rows += in.size();
                intake.take(s, GATED.withStrategy(b.build()), new HealBatchInput(batch, 0, List.of(), in), 0.5, 0,
                        null, new BatchMetrics(), audit, 0);
            }

            assertThat(disagreement / rows).as("below the margin").isLessThan(0.2);
            if (likelihood) {
                assertThat(audit).singleElement().satisfies(a -> {
                    assertThat(a.details()).containsEntry("kind", AuditRecord.CONCEPT_CHANGE)
                            .containsKey("inputs_ratio");
                    assertThat(a.details().get("reasons").toString()).contains("beyond a refit of the served score");
                });
                assertThat(s.plattPool).isNotEmpty().allMatch(r -> r.batch >= 9);
            } else {
                assertThat(audit).isEmpty();
                assertThat(s.plattPool).anyMatch(r -> r.batch == 5);
            }
        }
    }

    @Test
    void aPoolIsTestedWholeAndFromEachLaterBatchThatLeavesEnoughRows() {
        List<LabelledRow> rows = new ArrayList<>();
        for (int b = 9; b <= 11; b++) {
            rows.addAll(inBatch(v.labelledBy(v.healthy, 12, b), b));
        }

        assertThat(LabelIntake.tailStarts(rows, 20)).containsExactly(0, 12);
        assertThat(LabelIntake.tailStarts(rows, 12)).containsExactly(0, 12, 24);
        assertThat(LabelIntake.tailStarts(rows.subList(0, 12), 12)).containsExactly(0);
    }

    /** {@code n} rows labelled by the healthy version, turned round where c is beyond ±2.8. */
    private List<LabelledRow> turnedRoundFarOutOnC(SplittableRandom rng, int n, long batch) {
        float[][] x = new float[n][TwoVersions.NAMES.size()];
        for (float[] r : x) {
            for (int j = 0; j < r.length; j++) {
                r[j] = (float) (2 * rng.nextGaussian());
            }
        }
        float[] p = v.evaluator.probabilities(v.healthy, x);
        List<LabelledRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new LabelledRow("c" + batch + "-" + i, batch, x[i], p[i] > 0.5 ^ Math.abs(x[i][2]) > 2.8 ? 1 : 0));
        }
        return rows;
    }

    private int healthyDecision(LabelledRow r) {
        return v.evaluator.probabilities(v.healthy, new float[][] {r.features})[0] > 0.5 ? 1 : 0;
    }

    private LabelIntake intake(RepairConfig config) {
        return new LabelIntake("m", v.evaluator, null, new RecallRemedy(v.model, v.evaluator, registry, config));
    }

    /** The rows as labels arriving twelve a batch, the first batch numbered after the newest pooled row's. */
    private void takeTwelveABatch(HealerState s, HealerConfig config, List<LabelledRow> rows, List<AuditRecord> audit,
                                  RepairConfig repair) {
        long next = s.gatePending.stream().mapToLong(r -> r.batch + 1).max().orElse(9);
        for (int i = 0; i < rows.size(); i += 12) {
            long batch = next + i / 12;
            List<LabelledRow> in = inBatch(rows.subList(i, Math.min(rows.size(), i + 12)), batch);
            intake(repair).take(s, config, new HealBatchInput(batch, 0, List.of(), in), 0.5, 0, null,
                    new BatchMetrics(), audit, 0);
        }
    }

    private static List<LabelledRow> inBatch(List<LabelledRow> rows, long batch) {
        return rows.stream().map(r -> new LabelledRow(r.id, batch, r.features, r.label)).toList();
    }

    private HealerState servingFlippedWithAUsualDisagreementOfOnePercent() {
        HealerState s = TwoVersions.state(registry, v.flipped);
        s.labelDisagreement = new double[] {0.01, 0.01, 0.01};
        return s;
    }

    /** {@link #servingFlippedWithAUsualDisagreementOfOnePercent}, with labels of batch 5 in its pools. */
    private HealerState servingFlippedWithOldLabels() {
        HealerState s = servingFlippedWithAUsualDisagreementOfOnePercent();
        List<LabelledRow> old = v.labelledBy(v.flipped, 40, 5).stream()
                .map(r -> new LabelledRow("old-" + r.id, 5, r.features, r.label)).toList();
        s.plattPool = new ArrayList<>(old.subList(0, 30));
        s.heldBack = new ArrayList<>(old.subList(30, 40));
        return s;
    }

    /** The rows the healthy version calls fraud, which the flipped one calls normal. */
    private List<LabelledRow> oneClass(List<LabelledRow> rows) {
        return rows.stream().filter(r -> r.label == 1).toList();
    }
}
