package dev.selfheal.healer;

import dev.selfheal.data.Transaction;
import dev.selfheal.drift.DriftReport;
import dev.selfheal.heal.HealState;
import dev.selfheal.heal.InMemorySnapshotStore;
import dev.selfheal.heal.RollbackDecision;
import dev.selfheal.model.FraudModel;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift watch and the rollback judge come in through the constructor: the healer acts on what
 * they say, whatever the data (fakes here, without DJL).
 */
class HealerCollaboratorsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void aRollbackTheJudgeCallsForIsServedAndAudited() {
        TestingRollbackJudge judge = new TestingRollbackJudge(4, 1);
        FraudModel model = TinyModel.model();
        HealerState s = new HealerState();
        InMemorySnapshotStore store = new InMemorySnapshotStore();
        List<AuditRecord> audit = new ArrayList<>();
        try (Healer healer = new Healer("m", model, HealerConfig.reference().withStrategy(HealingStrategy.selfheal()),
                CLOCK, "k", new TestingTrainer(1f), new AdapterEvaluator(model, "vector"), null, judge)) {
            healer.initialise(s, store);
            float[] deployed = s.currentAdapter.clone();
            SplittableRandom rng = new SplittableRandom(2);
            for (int b = 1; b <= 5; b++) {
                List<Transaction> rows = TinyModel.rows(rng, b, 4f);
                audit.addAll(healer.process(s, store, new HealBatchInput(b, CLOCK.millis(), rows, labelled(rows)))
                        .audit());
                if (b == 3) {
                    assertThat(s.currentAdapter).as("healed before the rollback").isNotEqualTo(deployed);
                }
            }
            assertThat(judge.calls).isEqualTo(5);
            assertThat(s.rollbacks).isEqualTo(1);
            assertThat(audit).filteredOn(a -> a.type().equals(AuditRecord.ROLLBACK)).singleElement()
                    .satisfies(a -> {
                        assertThat(a.batch()).isEqualTo(4);
                        assertThat(a.details().get("target_version")).isEqualTo(1L);
                        assertThat(a.details().get("reason")).isEqualTo("testing");
                    });
        }
    }

    @Test
    void driftTheWatchReportsMovesTheStateWhateverTheInputs() {
        FraudModel model = TinyModel.model();
        HealerState s = new HealerState();
        InMemorySnapshotStore store = new InMemorySnapshotStore();
        DriftWatch alwaysDrifting = (state, batch, x, config) -> new DriftReport((int) batch, 9.0, true, "k",
                List.of());
        try (Healer healer = new Healer("m", model, HealerConfig.reference(), CLOCK, "k", new TestingTrainer(1f),
                new AdapterEvaluator(model, "vector"), alwaysDrifting, new TestingRollbackJudge(-1, 0))) {
            healer.initialise(s, store);
            SplittableRandom rng = new SplittableRandom(2);
            List<Transaction> rows = TinyModel.rows(rng, 1, 0f);
            BatchOutcome out = healer.process(s, store, new HealBatchInput(1, CLOCK.millis(), rows, List.of()));
            assertThat(out.metrics().zScore).isEqualTo(9.0);
            assertThat(s.state).isNotEqualTo(HealState.HEALTHY.name());
            assertThat(out.audit()).anyMatch(a -> a.type().equals(AuditRecord.DRIFT));
        }
    }

    /** Rolls back to {@code target} at batch {@code at} and never otherwise. */
    static final class TestingRollbackJudge implements RollbackJudge {
        private final long at;
        private final long target;
        int calls;

        TestingRollbackJudge(long at, long target) {
            this.at = at;
            this.target = target;
        }

        @Override
        public Call decide(HealerState s, dev.selfheal.heal.Registry registry, dev.selfheal.heal.HealthWindow window,
                           HealerConfig config, double threshold) {
            calls++;
            return Call.of(s.batches == at ? RollbackDecision.to(target, "testing") : RollbackDecision.none("testing"));
        }
    }

    private static List<LabelledRow> labelled(List<Transaction> rows) {
        return rows.stream().map(t -> new LabelledRow(t.id, t.batch, t.features, t.label)).toList();
    }
}
