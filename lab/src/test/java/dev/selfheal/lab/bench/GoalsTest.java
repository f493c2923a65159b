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
}
