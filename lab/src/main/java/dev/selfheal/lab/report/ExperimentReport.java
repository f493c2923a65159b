package dev.selfheal.lab.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.job.event.Json;
import dev.selfheal.lab.experiment.MetricsRow;
import dev.selfheal.lab.plot.Plots;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html} of a demo or experiment, built from the files it wrote into its output
 * directory: the summary, the plots, drift per batch from {@code metrics.csv}, the lineage from
 * {@code events.jsonl}, and the label requests from {@code label_requests.jsonl}.
 */
public final class ExperimentReport {
    private ExperimentReport() {}

    /**
     * @param labels the label that came back for each stream row id (1 = fraud); what the label
     *               requests found is read from it
     * @return the report's path
     */
    public static Path write(Path out, JsonNode summary, Map<String, Integer> labels) throws IOException {
        return build(out, summary, labels).write(out.resolve(HtmlReport.FILE));
    }

    static HtmlReport build(Path out, JsonNode summary, Map<String, Integer> labels) throws IOException {
        List<Path> plots = Plots.FILES.stream().map(f -> out.resolve("plots").resolve(f)).toList();
        return new HtmlReport("selfheal report", subtitle(summary))
                .add(new SummarySection(summary))
                .add(new ImagesSection("plots", "Plots", plots, "No plots in plots/ (the zoo does not draw them per run)."))
                .add(new DriftSection(metrics(out.resolve("metrics.csv"))))
                .add(new LineageSection(jsonLines(out.resolve("events.jsonl"))))
                .add(new LabelRequestSection(jsonLines(out.resolve("label_requests.jsonl")), labels));
    }

    static String subtitle(JsonNode s) {
        List<String> parts = new ArrayList<>();
        if (s.hasNonNull("scenario")) {
            parts.add("scenario " + s.path("scenario").asText());
        }
        parts.add("labels " + s.path("labels").asText("?"));
        parts.add("seed " + s.path("seed").asText("?"));
        parts.add(s.path("batches").asInt() + " heal batches");
        if (s.has("seconds")) {
            parts.add(String.format(Locale.ROOT, "%.1f s", s.path("seconds").asDouble()));
        }
        return String.join(" · ", parts);
    }

    /** The rows of metrics.csv; none when the file is missing. */
    static List<BatchMetrics> metrics(Path file) throws IOException {
        List<BatchMetrics> rows = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (!l.isBlank()) {
                rows.add(MetricsRow.parse(l));
            }
        }
        return rows;
    }

    /** The records of a JSON-lines file; none when the file is missing. */
    static List<JsonNode> jsonLines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!l.isBlank()) {
                out.add(Json.read(l));
            }
        }
        return out;
    }
}
