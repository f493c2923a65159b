package dev.selfheal.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.job.event.Json;
import dev.selfheal.job.heal.RegistryLineage;
import dev.selfheal.job.heal.SavepointRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "List the adapter registry (versions, parents, tags, scores, current version) stored in "
                + "a savepoint or retained checkpoint of the job, read with Flink's State Processor API; or draw "
                + "its lineage (version -> parent, the transformation that made each version, its scores and the "
                + "drift profile when it was made) as a text tree or a Graphviz DOT graph.")
final class RegistryCommand implements Callable<Integer> {
    @Option(names = "--savepoint", required = true, paramLabel = "PATH",
            description = "Savepoint or checkpoint directory (chk-N), its _metadata file, or a directory of "
                    + "checkpoints (the newest is read).")
    String savepoint;
    @Option(names = "--model", paramLabel = "ID", description = "Only this model (default: every model).")
    String model;
    @Option(names = "--json", description = "Print JSON instead of a table (the same as --format json).")
    boolean json;
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json, lineage (the lineage as a text tree) or dot (the lineage as a "
                    + "Graphviz DOT graph: `dot -Tsvg`).")
    String format;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!List.of("table", "json", "lineage", "dot").contains(format)) {
            throw new IllegalArgumentException("--format must be table, json, lineage or dot, got '" + format + "'");
        }
        List<JsonNode> models = SavepointRegistry.read(savepoint);
        if (model != null) {
            models = models.stream().filter(m -> m.path("model").asText().equals(model)).toList();
            if (models.isEmpty()) {
                throw new IllegalArgumentException("model '" + model + "' has no registry in " + savepoint);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json || format.equals("json")) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("savepoint", savepoint);
            ArrayNode arr = root.putArray("models");
            models.forEach(arr::add);
            out.println(Json.PRETTY.writeValueAsString(root));
        } else if (models.isEmpty()) {
            out.println("no model state in " + savepoint + " (the job saw no data before it)");
        } else if (format.equals("lineage")) {
            models.forEach(m -> out.print(RegistryLineage.text(m)));
        } else if (format.equals("dot")) {
            models.forEach(m -> out.print(RegistryLineage.dot(m)));
        } else {
            models.forEach(m -> table(m, out));
        }
        out.flush();
        return 0;
    }

    private static void table(JsonNode m, PrintWriter out) {
        long current = m.path("current_version").asLong();
        out.printf(Locale.ROOT, "model %s: current version %d (shadow %d, last assigned %d), state %s%s, "
                        + "%d heals, %d rejected updates, %d rollbacks, %d batches%n",
                m.path("model").asText(), current, m.path("shadow_version").asLong(), m.path("last_version").asLong(),
                m.path("state").asText(), m.path("frozen").asBoolean() ? " (frozen)" : "", m.path("heals").asLong(),
                m.path("rejected_updates").asLong(), m.path("rollbacks").asLong(), m.path("batches").asLong());
        out.printf(Locale.ROOT, "  %-9s %-7s %-10s %-7s %-9s %-7s %-5s %s%n",
                "version", "parent", "tag", "batch", "accuracy", "f1", "n", "reason");
        for (JsonNode s : m.path("snapshots")) {
            long v = s.path("version").asLong();
            out.printf(Locale.ROOT, "%s %-9d %-7s %-10s %-7d %-9s %-7s %-5d %s%n", v == current ? "*" : " ", v,
                    s.path("parent").asLong() == 0 ? "-" : s.path("parent").asText(), s.path("tag").asText(),
                    s.path("batch").asLong(), score(s.path("accuracy")), score(s.path("f1")), s.path("n").asInt(),
                    s.path("reason").asText());
        }
    }

    private static String score(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.3f", v.asDouble()) : "-";
    }
}
