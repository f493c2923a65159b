package dev.selfheal.lab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.job.event.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GoalsTest {
    private static JsonNode goal(com.fasterxml.jackson.databind.node.ArrayNode goals, String prefix) {
        for (JsonNode g : goals) {
            if (g.get("figure").asText().startsWith(prefix)) {
                return g;
            }
        }
        throw new AssertionError("no goal " + prefix);
    }

    @Test
    void eachGoalIsMetMissedOrNotMeasured() {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.putObject("settings").put("parallelism", 2);
        r.putObject("kernel_us_per_record").put("256", 0.3);
        r.putObject("e2e_events_per_s").put("2", 900_000);
        r.put("rss_growth_pct", 2.0);
        r.put("heal_ms_p50", 6.0);
        r.putObject("heal_at_half_load").put("heal_ms_p50", 3.0);
        var goals = Goals.evaluate(r);
        assertThat(goal(goals, "kernel").get("met").asBoolean()).isTrue();
        assertThat(goal(goals, "end to end, parallelism 2").get("met").asBoolean()).isFalse();
        assertThat(goal(goals, "RSS growth").get("met").asBoolean()).as("strictly below 2%").isFalse();
        assertThat(goal(goals, "heal p50 under full load").get("met").asBoolean()).isFalse();
        assertThat(goal(goals, "heal p50 at half load").get("met").asBoolean()).isTrue();
        assertThat(goal(goals, "heal p99 at half load").get("measured").asText()).isEqualTo("not measured");
        assertThat(goals).hasSize(11);
    }

    @Test
    void kafkaGoalsFollowTheFormatsMeasuredAndTheCheckpointInterval() {
        ObjectNode r = Json.MAPPER.createObjectNode();
        ObjectNode kafka = r.putObject("kafka").put("checkpoint_interval_ms", 1000);
        kafka.putObject("formats").putObject("json").put("scored_over_passthrough", 0.79).put("latency_ms_p99", 1050);
        ((ObjectNode) kafka.get("formats")).putObject("avro").put("scored_over_passthrough", 0.5).put("latency_ms_p99", 1051);
        r.putObject("parse").putObject("json").put("cpu_us_per_record", 0.9);
        ((ObjectNode) r.get("parse")).putObject("avro").put("cpu_us_per_record", 0.6);
        var goals = Goals.evaluate(r);
        assertThat(goal(goals, "Kafka, json in and out").get("met").asBoolean()).isFalse();
        assertThat(goal(goals, "Kafka, json: latency p99").get("goal").asText()).isEqualTo("≤ 1,050");
        assertThat(goal(goals, "Kafka, json: latency p99").get("met").asBoolean()).isTrue();
        assertThat(goal(goals, "Kafka, avro: latency p99").get("met").asBoolean()).isFalse();
        assertThat(goal(goals, "JSON parse").get("met").asBoolean()).isTrue();
        assertThat(goal(goals, "Avro decode").get("met").asBoolean()).isFalse();
        assertThat(goals).as("the throughput ratio's goal is JSON's only").hasSize(11 + 5);
    }

    @Test
    void theCsvFileGoalIsItsRatioToThePassThroughOfTheSameRun() {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.putObject("references").putObject("csv_file").put("events_per_s", 400_000)
                .put("scored_over_passthrough", 0.81);
        assertThat(goal(Goals.evaluate(r), "CSV file source").get("met").asBoolean()).isTrue();
        ((ObjectNode) r.get("references").get("csv_file")).put("scored_over_passthrough", 0.6);
        assertThat(goal(Goals.evaluate(r), "CSV file source").get("met").asBoolean()).isFalse();
    }
}
