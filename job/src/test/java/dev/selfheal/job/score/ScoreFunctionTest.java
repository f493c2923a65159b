package dev.selfheal.job.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.model.Adapter;
import dev.selfheal.model.AdapterCodec;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioConfig;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SCORE as Flink runs it (operator harness, snapshot and restore), for what {@link BatchScorerTest}
 * cannot see: the buffer and the served adapters across a savepoint, and the timers that flush.
 */
class ScoreFunctionTest {
    private static final int BATCH = 8;
    private static final long FLUSH_MS = 50;

    private static FraudModel model;
    private static ServedModel served;
    private static List<Transaction> stream;

    @BeforeAll
    static void trainSmallModel() {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 3, new ScenarioConfig(500, 100, 2, 100, 100)).generate();
        model = ModelFactory.train("default", data.train(), null, TrainConfig.defaults().withEpochs(1),
                ModelFactory.DEFAULT_RULES, null, 0.5);
        served = ServedModel.of(model);
        stream = data.stream().rows();
    }

    @Test
    void aRestoredFlushTimerScoresTheRestoredBufferWithTheRestoredAdapter() throws Exception {
        OperatorSubtaskState snapshot;
        try (var before = harness()) {
            before.open();
            before.processBroadcastElement(update(7), 0);
            assertThat(before.getSideOutput(ScoreFunction.APPLIED)).singleElement()
                    .satisfies(r -> assertThat(r.getValue().restored).isFalse());
            for (int i = 0; i < 3; i++) {
                before.processElement(stream.get(i), i);
            }
            assertThat(before.extractOutputValues()).as("below the batch size nothing is scored yet").isEmpty();
            snapshot = before.snapshot(1, 1);
        }

        try (var after = harness()) {
            after.initializeState(snapshot);
            after.open();
            // The flush timer of the first run is restored and fires before any new element arrives.
            after.setProcessingTime(10_000);

            List<ScoredEvent> out = after.extractOutputValues();
            assertThat(out).extracting(e -> e.id).containsExactly(ids(0, 3));
            assertThat(out).extracting(e -> e.modelVersion).containsOnly(7L);
            // Reported as restored: its lag is the downtime, which must not read as propagation lag.
            assertThat(after.getSideOutput(ScoreFunction.APPLIED)).singleElement().satisfies(r -> {
                assertThat(r.getValue().version).isEqualTo(7);
                assertThat(r.getValue().restored).isTrue();
                assertThat(r.getValue().toJson()).contains("\"restored\":true");
            });
        }
    }

    @Test
    void aRestoredBufferScoredByANewRecordUsesTheRestoredAdapter() throws Exception {
        OperatorSubtaskState snapshot;
        try (var before = harness()) {
            before.open();
            before.processBroadcastElement(update(4), 0);
            before.processElement(stream.get(0), 0);
            snapshot = before.snapshot(1, 1);
        }
        try (var after = harness()) {
            after.initializeState(snapshot);
            after.open();
            for (int i = 1; i < BATCH; i++) {
                after.processElement(stream.get(i), i);
            }
            List<ScoredEvent> out = after.extractOutputValues();
            assertThat(out).extracting(e -> e.id).containsExactlyInAnyOrder(ids(0, BATCH));
            assertThat(out).extracting(e -> e.modelVersion).containsOnly(4L);
        }
    }

    @Test
    void theFinalWatermarkFlushesAPartialBatch() throws Exception {
        try (var h = harness()) {
            h.open();
            for (int i = 0; i < 5; i++) {
                h.processElement(stream.get(i), i);
            }
            // Both inputs end: the broadcast side too, as when the job's bounded sources finish.
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            h.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).extracting(e -> e.id).containsExactly(ids(0, 5));
        }
    }

    @Test
    void aRefusedAdapterIsNotKeptInBroadcastStateNorServed() throws Exception {
        try (var h = harness()) {
            h.open();
            AdapterUpdate bad = update(5);
            bad.adapter[bad.adapter.length / 2] ^= 0x5A; // breaks the checksum
            h.processBroadcastElement(bad, 0);
            h.processWatermark(0);
            assertThat(h.getBroadcastState(ScoreFunction.ADAPTERS).get(model.modelId())).isNull();
            assertThat(h.getSideOutput(ScoreFunction.APPLIED)).singleElement()
                    .satisfies(r -> assertThat(r.getValue().refused).isNotBlank());
            for (int i = 0; i < BATCH; i++) {
                h.processElement(stream.get(i), i);
            }
            assertThat(h.extractOutputValues()).extracting(e -> e.modelVersion).containsOnly(1L);
        }
    }

    private static KeyedBroadcastOperatorTestHarness<String, Transaction, AdapterUpdate, ScoredEvent> harness()
            throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new ScoreFunction(served, BATCH, FLUSH_MS),
                        List.of(ScoreFunction.ADAPTERS)),
                t -> t.key, Types.STRING, 1, 1, 0);
    }

    private static String[] ids(int from, int to) {
        return stream.subList(from, to).stream().map(t -> t.id).toArray(String[]::new);
    }

    /** A verified update to a clearly different adapter. */
    private static AdapterUpdate update(long version) {
        SplittableRandom rng = new SplittableRandom(version);
        float[] p = model.adapter().params().clone();
        for (int i = 0; i < p.length; i++) {
            p[i] += (float) (rng.nextGaussian() * 0.05);
        }
        String id = model.modelId();
        return new AdapterUpdate(id, version,
                AdapterCodec.encode(id, version, new Adapter(model.frozen().hidden(), p)), 0.5, "heal", 0);
    }
}
