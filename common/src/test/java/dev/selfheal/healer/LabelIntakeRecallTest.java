package dev.selfheal.healer;

import dev.selfheal.heal.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The label gate's second way to tell a changed concept from corrupted labels: an earlier version
 * that predicts the suspect rows better than the served one (a concept that came back). The
 * model here has no input-path scale, so the fit on the inputs is never tried and only that way
 * can release the rows.
 */
class LabelIntakeRecallTest {
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

    private LabelIntake intake(RepairConfig config) {
        return new LabelIntake("m", v.evaluator, null, new RecallRemedy(v.model, v.evaluator, registry, config));
    }

    private HealerState servingFlippedWithAUsualDisagreementOfOnePercent() {
        HealerState s = TwoVersions.state(registry, v.flipped);
        s.labelDisagreement = new double[] {0.01, 0.01, 0.01};
        return s;
    }

    /** The rows the healthy version calls fraud, which the flipped one calls normal. */
    private List<LabelledRow> oneClass(List<LabelledRow> rows) {
        return rows.stream().filter(r -> r.label == 1).toList();
    }
}
