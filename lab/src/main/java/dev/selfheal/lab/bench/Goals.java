package dev.selfheal.lab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.job.event.Json;

/** The performance goals (docs/performance.md), checked against one benchmark's figures (absent figures: "not measured"). */
final class Goals {
    private Goals() {}

    static ArrayNode evaluate(ObjectNode r) {
        ArrayNode g = Json.MAPPER.createArrayNode();
        String p = r.path("settings").path("parallelism").asText();
        atMost(g, "kernel, healed + shadow, batch 256 (µs per record)", 0.5, r.path("kernel_us_per_record").path("256"));
        atLeast(g, "end to end, parallelism " + p + ", generator source, healing and shadow on (events/s)", 1_500_000,
                r.path("e2e_events_per_s").path(p));
        atLeast(g, "end to end / pass-through, parallelism " + p, 0.5, r.path("e2e_over_passthrough").path(p));
        atMost(g, "heal p50 under full load (ms)", 5, r.path("heal_ms_p50"));
        atMost(g, "heal p99 under full load (ms)", 20, r.path("heal_ms_p99"));
        atMost(g, "heal p50 at half load (ms)", 5, r.path("heal_at_half_load").path("heal_ms_p50"));
        atMost(g, "heal p99 at half load (ms)", 20, r.path("heal_at_half_load").path("heal_ms_p99"));
        atMost(g, "propagation p99 under full load (ms)", 10, r.path("propagation_ms_p99"));
        atMost(g, "scoring latency p99 at half load (ms)", 25, r.path("latency_ms_p99"));
        atMost(g, "RSS growth from 2M to 10M events (%)", 2, r.path("rss_growth_pct"), true);
        atLeast(g, "1000 models (score.route-by model) vs 1 model, throughput", 0.8, r.path("models_over_one").path("1000"));
        // The same goal with narrow adapters, when the scale part ran a second model (--scale-adapter-width).
        r.path("models_by_adapter_width").fields().forEachRemaining(w -> atLeast(g,
                "1000 models (score.route-by model) vs 1 model, throughput, adapter width " + w.getKey(), 0.8,
                w.getValue().path("models_over_one").path("1000")));
        r.path("kafka").path("formats").fields().forEachRemaining(f -> {
            if (f.getKey().equals("json")) {
                atLeast(g, "Kafka, json in and out: scored / pass-through, throughput", 0.8,
                        f.getValue().path("scored_over_passthrough"));
            }
            long interval = r.path("kafka").path("checkpoint_interval_ms").asLong();
            if (f.getValue().has("latency_ms_p99")) {
                atMost(g, "Kafka, " + f.getKey() + ": latency p99 to a read_committed consumer at half load, "
                        + "checkpoints every " + interval + " ms (ms)", interval + 50, f.getValue().path("latency_ms_p99"));
            }
        });
        if (r.path("references").has("csv_file")) {
            atLeast(g, "CSV file source end to end / its pass-through in the same run, throughput", 0.8,
                    r.path("references").path("csv_file").path("scored_over_passthrough"));
        }
        if (r.has("parse")) {
            atMost(g, "JSON parse + validate, one thread (µs CPU per record)", 1.0,
                    r.path("parse").path("json").path("cpu_us_per_record"));
            atMost(g, "Avro decode + validate, one thread (µs CPU per record)", 0.5,
                    r.path("parse").path("avro").path("cpu_us_per_record"));
        }
        return g;
    }

    private static void atMost(ArrayNode g, String figure, double goal, JsonNode measured) {
        atMost(g, figure, goal, measured, false);
    }

    private static void atMost(ArrayNode g, String figure, double goal, JsonNode measured, boolean strict) {
        add(g, figure, (strict ? "< " : "≤ ") + fmt(goal), measured,
                measured.isNumber() && (strict ? measured.asDouble() < goal : measured.asDouble() <= goal));
    }

    private static void atLeast(ArrayNode g, String figure, double goal, JsonNode measured) {
        add(g, figure, "≥ " + fmt(goal), measured, measured.isNumber() && measured.asDouble() >= goal);
    }

    private static void add(ArrayNode g, String figure, String goal, JsonNode measured, boolean met) {
        ObjectNode o = g.addObject();
        o.put("figure", figure);
        o.put("goal", goal);
        if (measured.isNumber() && Double.isFinite(measured.asDouble())) {
            o.set("measured", measured);
            o.put("met", met);
        } else {
            o.put("measured", "not measured");
            o.put("met", false);
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format("%,d", (long) v) : Double.toString(v);
    }
}
