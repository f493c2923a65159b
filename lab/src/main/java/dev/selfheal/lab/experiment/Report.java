package dev.selfheal.lab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.data.Dataset;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.job.event.Json;
import dev.selfheal.job.io.Sinks;
import dev.selfheal.lab.plot.Plots;
import dev.selfheal.lab.plot.RegistryPoint;
import dev.selfheal.metrics.Confusion;
import dev.selfheal.model.FraudModel;
import dev.selfheal.scenario.Ceiling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the job's sink output into the contract files: {@code summary.json}, {@code metrics.csv},
 * {@code events.jsonl}, {@code threshold_config.json}, {@code dead_letters.jsonl},
 * {@code label_requests.jsonl} (when HEAL made label requests) and the plots.
 * Quality figures on the holdout are computed here, on data the job never saw.
 */
final class Report {
    private Report() {}

    static ObjectNode write(Path out, Path sinkRoot, FraudModel model, Dataset clean, Dataset holdout,
                            ExperimentSpec spec, int deadLettersInFile) throws IOException {
        List<BatchMetrics> rows = ExperimentRunner.readMetricsRows(sinkRoot);
        StringBuilder csv = new StringBuilder(BatchMetrics.csvHeader()).append('\n');
        rows.forEach(r -> csv.append(r.toCsvRow()).append('\n'));
        Files.writeString(out.resolve("metrics.csv"), csv.toString(), StandardCharsets.UTF_8);

        List<String> eventLines = Sinks.readCommitted(sinkRoot.resolve(Sinks.AUDIT));
        List<JsonNode> events = new ArrayList<>();
        for (String l : eventLines) {
            events.add(Json.read(l));
        }
        // HEAL of one model writes in order; a stable sort by batch keeps that order within a batch.
        events.sort(java.util.Comparator.comparingLong(e -> e.path("batch").asLong()));
        StringBuilder ev = new StringBuilder();
        for (JsonNode e : events) {
            ev.append(Json.write(e)).append('\n');
        }
        Files.writeString(out.resolve("events.jsonl"), ev.toString(), StandardCharsets.UTF_8);
        List<String> requests = Sinks.readCommitted(sinkRoot.resolve(Sinks.LABEL_REQUESTS));
        if (!requests.isEmpty()) {
            Files.writeString(out.resolve("label_requests.jsonl"), String.join("\n", requests) + "\n");
        }
        List<String> dead = Sinks.readCommitted(sinkRoot.resolve(Sinks.DEAD_LETTERS));
        Files.writeString(out.resolve("dead_letters.jsonl"), dead.isEmpty() ? "" : String.join("\n", dead) + "\n");

        long[] finalVersion = {1};
        double[] finalThreshold = {model.threshold()};
        float[] finalAdapter = ExperimentRunner.finalAdapter(sinkRoot, model, finalVersion, finalThreshold);
        double t0 = model.threshold();
        JsonNode registry = ExperimentRunner.registryListing(events);
        float[] shadowAdapter = model.adapter().params();

        ObjectNode s = Json.MAPPER.createObjectNode();
        if (clean != null) {
            s.set("clean", ExperimentRunner.block(Evaluation.adapter(model, model.adapter().params(), t0, clean)));
        }
        Confusion hFrozen = Evaluation.adapter(model, model.adapter().params(), t0, holdout);
        s.set("holdout_frozen", ExperimentRunner.block(hFrozen));
        s.set("holdout_shadow", ExperimentRunner.block(Evaluation.adapter(model, shadowAdapter, t0, holdout)));
        s.set("holdout_healed", ExperimentRunner.block(Evaluation.adapter(model, finalAdapter, finalThreshold[0], holdout)));
        Confusion rules = Evaluation.rules(model, holdout);
        if (rules != null) {
            s.set("holdout_rules", ExperimentRunner.block(rules));
        }
        s.set("holdout_all_normal", ExperimentRunner.block(Evaluation.allNormal(holdout)));
        Confusion pFrozen = new Confusion();
        Confusion pShadow = new Confusion();
        Confusion pHealed = new Confusion();
        int heals = 0;
        int rejected = 0;
        int rollbacks = 0;
        for (BatchMetrics r : rows) {
            pFrozen.merge(new Confusion(r.frozenTp, r.frozenTn, r.frozenFp, r.frozenFn));
            pShadow.merge(new Confusion(r.shadowTp, r.shadowTn, r.shadowFp, r.shadowFn));
            pHealed.merge(new Confusion(r.tp, r.tn, r.fp, r.fn));
            switch (r.action) {
                case "heal", "awaiting_approval" -> heals++;
                case "rejected" -> rejected++;
                case "rollback" -> rollbacks++;
                default -> { }
            }
        }
        s.set("prequential_frozen", ExperimentRunner.block(pFrozen));
        s.set("prequential_shadow", ExperimentRunner.block(pShadow));
        s.set("prequential_healed", ExperimentRunner.block(pHealed));
        // Counted from the audit log: one batch can hold a rejected update and an accepted one.
        long healEvents = events.stream().filter(e -> "heal".equals(e.path("type").asText())).count();
        long rejectedEvents = events.stream().filter(e -> "rejected_update".equals(e.path("type").asText())).count();
        s.put("heals", events.isEmpty() ? heals : (int) healEvents);
        s.put("rejected_updates", events.isEmpty() ? rejected : (int) rejectedEvents);
        s.put("rollbacks", registry != null ? registry.path("details").path("rollbacks").asInt(rollbacks) : rollbacks);
        s.put("snapshots", registry != null ? registry.path("details").path("snapshots").size() : 0);
        s.put("final_version", finalVersion[0]);
        s.put("dead_letters", Sinks.readCommitted(sinkRoot.resolve(Sinks.DEAD_LETTERS)).size());
        s.put("batches", rows.size());
        s.put("labels", spec.labels().toString());
        s.put("seed", spec.seed());
        if (spec.scenario() != null) {
            s.put("scenario", spec.scenario().cliName());
            s.set("ceiling", ExperimentRunner.ceiling(Ceiling.of(spec.scenario())));
        }

        writeThresholds(out, spec);
        List<RegistryPoint> points = new ArrayList<>();
        if (registry != null) {
            for (JsonNode n : registry.path("details").path("snapshots")) {
                points.add(new RegistryPoint(n.path("version").asLong(), n.path("parent").asLong(),
                        n.path("tag").asText(), n.path("f1").isNumber() ? n.path("f1").asDouble() : Double.NaN,
                        n.path("accuracy").isNumber() ? n.path("accuracy").asDouble() : Double.NaN));
            }
        }
        if (spec.plots()) {
            Plots.writeAll(rows, points, spec.healer().drift().fidi().threshold(), plotSummary(s), out.resolve("plots"));
        }
        return s;
    }

    private static Map<String, Map<String, Number>> plotSummary(ObjectNode s) {
        Map<String, Map<String, Number>> m = new LinkedHashMap<>();
        for (String block : List.of("clean", "holdout_frozen", "holdout_shadow", "holdout_healed", "prequential_frozen",
                "prequential_healed", "ceiling")) {
            JsonNode b = s.get(block);
            if (b == null) {
                continue;
            }
            Map<String, Number> v = new LinkedHashMap<>();
            b.fields().forEachRemaining(e -> {
                if (e.getValue().isNumber()) {
                    v.put(e.getKey(), e.getValue().numberValue());
                }
            });
            m.put(block, v);
        }
        return m;
    }

    private static void writeThresholds(Path out, ExperimentSpec spec) throws IOException {
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.put("rollback_f1_drop", spec.healer().rollbackF1Drop());
        t.put("rollback_acc_drop", spec.healer().rollbackAccDrop());
        t.put("health_window", spec.healer().healthWindow());
        t.put("conflict_min", spec.healer().conflictMin());
        t.put("fidi_threshold", spec.healer().drift().fidi().threshold());
        Files.writeString(out.resolve("threshold_config.json"), Json.PRETTY.writeValueAsString(t));
    }
}
