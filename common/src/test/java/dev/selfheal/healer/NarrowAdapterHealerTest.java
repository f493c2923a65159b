package dev.selfheal.healer;

import dev.selfheal.data.Transaction;
import dev.selfheal.heal.InMemorySnapshotStore;
import dev.selfheal.heal.Snapshot;
import dev.selfheal.heal.SnapshotCodec;
import dev.selfheal.model.AdapterCodec;
import dev.selfheal.model.AdapterShape;
import dev.selfheal.model.Calibration;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.ServedAdapter;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioConfig;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The healer over a model whose adapter is 8 wide: it sizes its optimiser, snapshots and published
 * vectors from the model, so a narrow model heals end to end and everything it publishes is read
 * back with the model's shape.
 */
class NarrowAdapterHealerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void aNarrowModelHealsAndPublishesNarrowVectors() {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 3, new ScenarioConfig(2000, 300, 8, 100, 100))
                .generate();
        FraudModel model = ModelFactory.train("default", data.train(), data.cleanTest(),
                TrainConfig.defaults().withEpochs(5).withAdapterWidth(8), ModelFactory.DEFAULT_RULES, null, 0.5);
        AdapterShape shape = model.adapterShape();
        int dim = model.features().size();
        TreeMap<Integer, List<Transaction>> byBatch = new TreeMap<>();
        for (Transaction t : data.stream().rows()) {
            byBatch.computeIfAbsent(t.batch, b -> new ArrayList<>()).add(t);
        }

        HealerState s = new HealerState();
        InMemorySnapshotStore store = new InMemorySnapshotStore();
        List<PublishedAdapter> published = new ArrayList<>();
        try (Healer healer = new Healer("default", model, HealerConfig.reference(), CLOCK, null)) {
            healer.initialise(s, store);
            assertThat(s.adamM).hasSize(shape.size());
            for (List<Transaction> rows : byBatch.values()) {
                long batch = rows.get(0).batch;
                List<LabelledRow> labels = rows.stream().map(t -> new LabelledRow(t.id, t.batch, t.features, t.label))
                        .toList();
                published.addAll(healer.process(s, store,
                        new HealBatchInput(batch, CLOCK.millis() + batch * 60_000, rows, labels)).published());
            }
        }

        assertThat(s.heals).isPositive();
        assertThat(published).isNotEmpty();
        int servedLength = shape.size() + Calibration.tailLength(dim);
        for (PublishedAdapter p : published) {
            assertThat(p.adapter()).as("v%d", p.version()).hasSize(servedLength);
            byte[] bytes = AdapterCodec.encodeServed(p.model(), p.version(), shape, p.adapter());
            assertThat(AdapterCodec.decode(bytes, shape).vector()).isEqualTo(p.adapter());
        }
        ServedAdapter healed = ServedAdapter.of(s.currentAdapter, shape, dim);
        assertThat(healed.adapter().params()).isNotEqualTo(model.adapter().params());
        for (long v : store.versions()) {
            Snapshot snap = store.get(v);
            assertThat(SnapshotCodec.decode(SnapshotCodec.encode(snap)).adapter()).isEqualTo(snap.adapter());
            assertThat(snap.adapter()).hasSize(servedLength);
        }
        assertThat(s.adamM).hasSize(shape.size());
    }
}
