package dev.selfheal.healer;

import dev.selfheal.data.Transaction;
import dev.selfheal.heal.InMemorySnapshotStore;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ServedAdapter;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The healer's update logic on fakes, without DJL: a {@link TestingTrainer} stands in for the
 * gradient heal and candidates are scored on the Vector API kernel of a random small network.
 */
class RemedyChainTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void aRefusedGradientCandidateLeavesTheAdapterAndItsOptimizerAloneButTheInputsAreStillRecalibrated() {
        // Weights blown up a hundredfold break the norm bound: the composed candidate is refused.
        HealerConfig config = HealerConfig.reference().withStrategy(HealingStrategy.selfheal());
        TestingTrainer trainer = new TestingTrainer(100f);
        FraudModel model = TinyModel.model();
        HealerState s = new HealerState();
        InMemorySnapshotStore store = new InMemorySnapshotStore();
        List<AuditRecord> audit = new ArrayList<>();
        try (Healer healer = new Healer("m", model, config.withMaxNorm(5), CLOCK, "k", trainer,
                new AdapterEvaluator(model, "vector"))) {
            healer.initialise(s, store);
            float[] deployed = s.currentAdapter.clone();
            SplittableRandom rng = new SplittableRandom(2);
            for (int b = 1; b <= 6; b++) {
                List<Transaction> rows = TinyModel.rows(rng, b, 4.0f);
                List<LabelledRow> labels = rows.stream().map(t -> new LabelledRow(t.id, t.batch, t.features, t.label))
                        .toList();
                audit.addAll(healer.process(s, store, new HealBatchInput(b, CLOCK.millis(), rows, labels)).audit());
            }
            assertThat(trainer.calls).isPositive();
            ServedAdapter served = ServedAdapter.of(s.currentAdapter, model.adapterShape(), TinyModel.D);
            ServedAdapter initial = ServedAdapter.of(deployed, model.adapterShape(), TinyModel.D);
            assertThat(served.adapter().params()).containsExactly(initial.adapter().params());
            assertThat(served.calibration().shift()[3]).as("feature k moved by +4 is mapped back").isLessThan(-2f);
            assertThat(s.adamStep).isZero();
            assertThat(audit).anyMatch(a -> a.type().equals(AuditRecord.REJECTED)
                    && String.valueOf(a.details().get("update")).contains("adapter heal"));
            assertThat(audit).anyMatch(a -> a.type().equals(AuditRecord.HEAL)
                    && "recalibrated inputs".equals(a.details().get("update")));
        }
        assertThat(trainer.closed).as("the healer owns and closes its trainer").isTrue();
    }
}
