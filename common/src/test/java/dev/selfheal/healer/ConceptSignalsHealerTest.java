package dev.selfheal.healer;

import dev.selfheal.data.Transaction;
import dev.selfheal.drift.TrainingStats;
import dev.selfheal.heal.InMemorySnapshotStore;
import dev.selfheal.model.Adapter;
import dev.selfheal.model.AdapterShape;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.FrozenWeights;
import dev.selfheal.model.Standardizer;
import dev.selfheal.signals.SignalConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The label-free signals through the healer: they alert and move the state, never the served model. */
class ConceptSignalsHealerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final List<String> NAMES = List.of("a", "b", "c", "k");
    private static final HealerConfig CONFIG = HealerConfig.reference().withStrategy(HealingStrategy.selfheal())
            .withSignals(SignalConfig.defaults());

    @Test
    void aNewModeWithoutLabelsAlertsAndDriftsButServesWhatItWouldHaveServedWithoutThem() {
        FraudModel model = model(true);
        List<AuditRecord> audit = new ArrayList<>();
        List<BatchMetrics> metrics = new ArrayList<>();
        List<List<PublishedAdapter>> withSignals = run(model, CONFIG, audit, metrics);
        List<List<PublishedAdapter>> without = run(model, CONFIG.withSignals(SignalConfig.off()), new ArrayList<>(),
                new ArrayList<>());
        assertThat(withSignals).hasSameSizeAs(without);
        for (int b = 0; b < without.size(); b++) {
            assertThat(withSignals.get(b)).hasSameSizeAs(without.get(b));
            for (int i = 0; i < without.get(b).size(); i++) {
                assertThat(withSignals.get(b).get(i).adapter()).isEqualTo(without.get(b).get(i).adapter());
            }
        }
        assertThat(metrics.subList(0, 3)).anyMatch(m -> m.conceptAlarm);
        assertThat(metrics.get(5).state).isEqualTo("DRIFTING");
        assertThat(metrics.get(5).featuresMoved).startsWith("b ");
        assertThat(metrics.get(5).hiddenMoved).matches("h\\d+ .*");
        assertThat(audit).filteredOn(a -> a.type().equals(ConceptWatch.ALERT)).hasSize(1);
        assertThat(audit).anyMatch(a -> a.type().equals(AuditRecord.DRIFT)
                && ((Map<?, ?>) a.details().get("moved_features")).containsKey("b"));
    }

    /** Six batches with a new mode on b and no labels; what each batch published. */
    private static List<List<PublishedAdapter>> run(FraudModel model, HealerConfig config, List<AuditRecord> audit,
                                                    List<BatchMetrics> metrics) {
        HealerState s = new HealerState();
        InMemorySnapshotStore store = new InMemorySnapshotStore();
        SplittableRandom rng = new SplittableRandom(5);
        List<List<PublishedAdapter>> published = new ArrayList<>();
        try (Healer healer = new Healer("m", model, config, CLOCK, "k", new TestingTrainer(1f),
                new AdapterEvaluator(model, "vector"))) {
            healer.initialise(s, store);
            for (int b = 1; b <= 6; b++) {
                BatchOutcome o = healer.process(s, store, new HealBatchInput(b, CLOCK.millis(), rows(rng, b, 10),
                        List.of()));
                published.add(o.published());
                audit.addAll(o.audit());
                metrics.add(o.metrics());
                assertThat(o.scored().conceptAlarm()).isEqualTo(o.metrics().conceptAlarm);
            }
        }
        return published;
    }

    @Test
    void undriftedRowsRaiseNothingAndAModelWithoutAReferenceMeasuresNothing() {
        for (boolean withReference : new boolean[] {true, false}) {
            FraudModel model = model(withReference);
            HealerState s = new HealerState();
            InMemorySnapshotStore store = new InMemorySnapshotStore();
            SplittableRandom rng = new SplittableRandom(6);
            try (Healer healer = new Healer("m", model, CONFIG, CLOCK, "k", new TestingTrainer(1f),
                    new AdapterEvaluator(model, "vector"))) {
                healer.initialise(s, store);
                for (int b = 1; b <= 10; b++) {
                    BatchOutcome o = healer.process(s, store, new HealBatchInput(b, CLOCK.millis(), rows(rng, b, 0),
                            List.of()));
                    assertThat(o.metrics().conceptAlarm).isFalse();
                    assertThat(o.audit()).noneMatch(a -> a.type().equals(ConceptWatch.ALERT));
                    assertThat(Double.isNaN(o.metrics().hiddenKl)).isEqualTo(!withReference);
                }
            }
        }
    }

    private static FraudModel model(boolean withReference) {
        SplittableRandom rng = new SplittableRandom(1);
        FrozenWeights frozen = FrozenWeights.initial(NAMES.size(), 8, rng);
        List<Transaction> train = rows(new SplittableRandom(3), 0, 0);
        for (int i = 0; i < 49; i++) {
            train.addAll(rows(new SplittableRandom(100 + i), 0, 0));
        }
        float[][] x = train.stream().map(t -> t.features).toArray(float[][]::new);
        FraudModel m = new FraudModel("m", NAMES, 0.5, "k > 1.5 => fraud", "k", Standardizer.fit(x), frozen,
                Adapter.initial(AdapterShape.full(8), rng), TrainingStats.of(NAMES, x), Map.of(), Map.of());
        return withReference ? m.withSignals(x) : m;
    }

    /** 100 rows; one in 7 a fraud (k + 2.5); with {@code newModeEvery} > 0 one row in that many has b ~ N(3, 0.5). */
    private static List<Transaction> rows(SplittableRandom rng, int batch, int newModeEvery) {
        List<Transaction> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            float[] x = new float[NAMES.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) rng.nextGaussian();
            }
            boolean fraud = i % 7 == 0;
            x[3] += fraud ? 2.5f : 0f;
            if (newModeEvery > 0 && i % newModeEvery == 1) {
                x[1] = (float) (3 + 0.5 * rng.nextGaussian());
            }
            out.add(new Transaction("b" + batch + "-" + i, "acct", i, batch, fraud ? 1 : 0, x));
        }
        return out;
    }
}
