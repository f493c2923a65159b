package dev.selfheal.job.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.Transaction;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.LabelSettings;
import dev.selfheal.job.config.ScoreSettings;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.ControlCommand;
import dev.selfheal.job.event.HealInput;
import dev.selfheal.job.score.ServedModel;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioConfig;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HEAL's count-closed batches: rows without a batch number (a production stream) are grouped into
 * batches of {@code batch.size} samples, counted in state so that the count survives a restore.
 */
class CountBatchTest {
    private static final int SIZE = 20;

    private static ServedModel served;
    private static List<Transaction> rows;

    @BeforeAll
    static void trainSmallModel() {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 5, new ScenarioConfig(500, 100, 2, 100, 100)).generate();
        FraudModel model = ModelFactory.train("default", data.train(), null, TrainConfig.defaults().withEpochs(1),
                ModelFactory.DEFAULT_RULES, null, 0.5);
        served = ServedModel.of(model);
        rows = data.stream().rows();
        rows.forEach(t -> t.batch = 0);
    }

    @Test
    void everyBatchSizeSamplesCloseOneBatchAcrossARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            feed(h, 0, 30); // one batch closed, 10 rows open
            assertThat(batches(h)).containsExactly(1L);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            feed(h, 30, 40); // the 10 restored rows and 10 new ones close batch 2
            assertThat(batches(h)).containsExactly(2L);
            feed(h, 40, 59);
            assertThat(batches(h)).as("19 rows of batch 3 are still open").containsExactly(2L);
            feed(h, 59, 60);
            assertThat(batches(h)).containsExactly(2L, 3L);
            assertThat(batchRows(h)).containsExactly(SIZE, SIZE);
        }
    }

    @Test
    void aRepeatedIdIsADeadLetterAndDoesNotCountTowardsTheBatch() throws Exception {
        try (var h = harness()) {
            h.open();
            feed(h, 0, SIZE - 1);
            h.processElement(new StreamRecord<>(HealInput.sample(copy(rows.get(3))), rows.get(3).ts));
            assertThat(batches(h)).as("the repeat must not close the batch").isEmpty();
            assertThat(h.getSideOutput(HealFunction.DEAD_LETTERS)).singleElement()
                    .satisfies(r -> assertThat(r.getValue().reason).isEqualTo("duplicate_id"));
            feed(h, SIZE - 1, SIZE);
            assertThat(batches(h)).containsExactly(1L);
            assertThat(batchRows(h)).containsExactly(SIZE);
        }
    }

    private static void feed(KeyedBroadcastOperatorTestHarness<String, HealInput, ControlCommand, AdapterUpdate> h,
                             int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            Transaction t = copy(rows.get(i));
            h.processElement(new StreamRecord<>(HealInput.sample(t), t.ts));
        }
    }

    private static Transaction copy(Transaction t) {
        Transaction c = new Transaction(t.id, t.key, t.ts, 0, t.label, t.features.clone());
        c.model = t.model;
        return c;
    }

    private static List<Long> batches(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        var out = h.getSideOutput(HealFunction.METRICS);
        return out == null ? List.of() : out.stream().map(r -> r.getValue().batchIdx).toList();
    }

    private static List<Integer> batchRows(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        return h.getSideOutput(HealFunction.METRICS).stream().map(r -> r.getValue().rows).toList();
    }

    private static KeyedBroadcastOperatorTestHarness<String, HealInput, ControlCommand, AdapterUpdate> harness()
            throws Exception {
        JobConfig cfg = JobConfig.defaults();
        HealFunction fn = new HealFunction(served, HealerConfigs.from(cfg), SIZE, "", HealBatchHook.none(),
                cfg.get(LabelSettings.UNMATCHED_TTL_MINUTES), cfg.get(ScoreSettings.KERNEL));
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(fn, List.of(HealFunction.STANDING_COMMANDS)),
                in -> in.model, Types.STRING, 1, 1, 0);
    }
}
