package dev.selfheal.job.heal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.data.LabelEvent;
import dev.selfheal.data.Transaction;
import dev.selfheal.job.config.DriftSettings;
import dev.selfheal.job.config.HealSettings;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.LabelSettings;
import dev.selfheal.job.config.ScoreSettings;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.AuditEvent;
import dev.selfheal.job.event.ControlCommand;
import dev.selfheal.job.event.HealInput;
import dev.selfheal.job.event.Json;
import dev.selfheal.job.event.LabelRequestBatch;
import dev.selfheal.job.score.ServedModel;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioConfig;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HEAL's label requests: what it emits per closed batch, its audit events and counters, and its state. */
class HealLabelRequestsTest {
    private static final String MODEL = Transaction.DEFAULT_MODEL;
    private static final int ROWS_PER_BATCH = 40;
    private static final int BATCHES = 6;

    private static ServedModel served;
    private static List<List<Transaction>> batches;

    @BeforeAll
    static void trainSmallModel() {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 5,
                new ScenarioConfig(500, 100, BATCHES, ROWS_PER_BATCH, 100)).generate();
        FraudModel model = ModelFactory.train(MODEL, data.train(), data.cleanTest(),
                TrainConfig.defaults().withEpochs(2), ModelFactory.DEFAULT_RULES, null, 0.5);
        served = ServedModel.of(model);
        TreeMap<Integer, List<Transaction>> byBatch = new TreeMap<>();
        for (Transaction t : data.stream().rows()) {
            byBatch.computeIfAbsent(t.batch, b -> new ArrayList<>()).add(t);
        }
        batches = List.copyOf(byBatch.values());
    }

    @Test
    void eachClosedBatchEmitsItsRequestsWithTheContractsFieldsAsAuditEventsAndCounted() throws Exception {
        try (var h = harness(0.1)) {
            open(h);
            feed(h, 1);
            feed(h, 2);
            feed(h, 3);
            h.processWatermark(batch(3).get(0).ts - 1); // closes batches 1 and 2

            List<LabelRequestBatch> perBatch = values(h.getSideOutput(HealFunction.LABEL_REQUESTS));
            assertThat(perBatch).extracting(b -> b.batch).containsExactly(1L, 2L);
            for (LabelRequestBatch b : perBatch) {
                // 10% of 40 rows, within the batch's own rows.
                assertThat(b.ids).hasSize(4).doesNotHaveDuplicates();
                Set<String> rowIds = batch((int) b.batch).stream().map(t -> t.id).collect(Collectors.toSet());
                assertThat(rowIds).contains(b.ids);
                for (int i = 0; i < b.json.length; i++) {
                    JsonNode r = Json.read(b.json[i]);
                    assertThat(r.path("id").asText()).isEqualTo(b.ids[i]);
                    assertThat(r.path("model").asText()).isEqualTo(MODEL);
                    assertThat(r.path("strategy").asText()).isEqualTo("random");
                    assertThat(r.path("ts").isNumber()).isTrue();
                    assertThat(r.path("score").asDouble()).isBetween(0.0, 1.0);
                    assertThat(r.path("reason").asText()).isNotBlank();
                }
            }
            List<AuditEvent> audit = values(h.getSideOutput(HealFunction.AUDIT)).stream()
                    .filter(e -> e.type.equals("label_request")).toList();
            assertThat(audit).hasSize(8);
            assertThat(audit.stream().map(e -> Json.read(e.detailsJson).path("id").asText()).toList())
                    .containsExactlyElementsOf(perBatch.stream().flatMap(b -> Arrays.stream(b.ids)).toList());
            assertThat(h.counter("selfheal.label_requests")).isEqualTo(8);

            // Answers arrive on the ordinary label stream; only the requested ones are counted as such.
            String[] asked = perBatch.get(0).ids;
            List<String> others = batch(1).stream().map(t -> t.id).filter(id -> !Arrays.asList(asked).contains(id))
                    .limit(2).toList();
            long ts = batch(3).get(0).ts;
            for (String id : List.of(asked[0], asked[1], asked[2], others.get(0), others.get(1))) {
                h.processElement(HealInput.label(MODEL, new LabelEvent(id, 1, ts)), ts);
            }
            assertThat(h.counter("selfheal.requested_labels_arrived")).isEqualTo(3);
        }
    }

    @Test
    void theBudgetWindowAndTheRequestedIdsSurviveARestore() throws Exception {
        OperatorSubtaskState snapshot;
        List<LabelRequestBatch> before;
        try (var h = harness(0.1)) {
            open(h);
            feed(h, 1);
            feed(h, 2);
            h.processWatermark(batch(2).get(0).ts - 1);
            before = values(h.getSideOutput(HealFunction.LABEL_REQUESTS));
            snapshot = h.snapshot(1, 1);
        }
        assertThat(before).singleElement().satisfies(b -> assertThat(b.ids).hasSize(4));
        try (var h = harness(0.1)) {
            h.initializeState(snapshot);
            open(h);
            var state = h.valueState(MODEL, LabelRequests.LABEL_REQUESTER);
            assertThat(state.rowsSeen).isEqualTo(ROWS_PER_BATCH);
            assertThat(state.requested).isEqualTo(4);
            assertThat(state.windowRows).containsExactly(ROWS_PER_BATCH);

            feed(h, 3);
            h.processWatermark(batch(3).get(0).ts - 1);
            assertThat(values(h.getSideOutput(HealFunction.LABEL_REQUESTS))).extracting(b -> b.batch)
                    .containsExactly(2L);
            assertThat(h.valueState(MODEL, LabelRequests.LABEL_REQUESTER).rowsSeen).isEqualTo(2L * ROWS_PER_BATCH);

            long ts = batch(3).get(0).ts;
            h.processElement(HealInput.label(MODEL, new LabelEvent(before.get(0).ids[0], 0, ts)), ts);
            assertThat(h.counter("selfheal.requested_labels_arrived")).as("asked before the restore").isEqualTo(1);
        }
    }

    @Test
    void withoutABudgetNothingIsRequested() throws Exception {
        try (var h = harness(0)) {
            open(h);
            feed(h, 1);
            feed(h, 2);
            h.processWatermark(batch(2).get(0).ts - 1);
            assertThat(h.getSideOutput(HealFunction.LABEL_REQUESTS)).isNull();
            assertThat(values(h.getSideOutput(HealFunction.AUDIT))).noneMatch(e -> e.type.equals("label_request"));
        }
    }

    private static MeteredBroadcastHarness<String, HealInput, ControlCommand, AdapterUpdate> harness(double budget)
            throws Exception {
        JobConfig cfg = JobConfig.defaults();
        HealFunction fn = new HealFunction(served, HealerConfigs.from(cfg), cfg.get(HealSettings.BATCH_SIZE),
                cfg.get(DriftSettings.FIDI_FEATURE), HealBatchHook.none(), cfg.get(LabelSettings.UNMATCHED_TTL_MINUTES),
                cfg.get(ScoreSettings.KERNEL))
                .labelRequests(budget, "random", 2L * ROWS_PER_BATCH);
        return MeteredBroadcastHarness.of(new CoBroadcastWithKeyedOperator<>(fn, List.of(HealFunction.STANDING_COMMANDS)),
                in -> in.model, Types.STRING);
    }

    private static void open(MeteredBroadcastHarness<String, HealInput, ControlCommand, AdapterUpdate> h)
            throws Exception {
        h.open();
        h.processBroadcastWatermark(Long.MAX_VALUE);
    }

    private static void feed(MeteredBroadcastHarness<String, HealInput, ControlCommand, AdapterUpdate> h, int b)
            throws Exception {
        for (Transaction t : batch(b)) {
            h.processElement(HealInput.sample(t), t.ts);
        }
    }

    private static List<Transaction> batch(int b) {
        return batches.get(b - 1);
    }

    private static <T> List<T> values(java.util.Collection<StreamRecord<T>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}
