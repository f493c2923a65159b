package dev.selfheal.lab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.lab.experiment.SummaryRows;

import java.io.PrintStream;
import java.util.List;

/** The console's closing table: every quality figure beside the frozen model and the ceiling. */
final class ResultTable {
    private ResultTable() {}

    static void print(JsonNode s, PrintStream out) {
        out.println();
        out.printf("%-34s %9s %9s %9s %9s%n", "model (holdout unless noted)", "accuracy", "precision", "recall", "F1");
        for (List<SummaryRows.Row> group : SummaryRows.groups(s)) {
            out.println("-".repeat(74));
            group.forEach(r -> row(out, r));
        }
        out.println("-".repeat(74));
        out.println(SummaryRows.counts(s));
        String labels = SummaryRows.labels(s);
        if (labels != null) {
            out.println(labels);
        }
    }

    private static void row(PrintStream out, SummaryRows.Row r) {
        if (r.block() == null) {
            out.printf("%-34s %9s%n", r.name(), r.note());
            return;
        }
        StringBuilder line = new StringBuilder(String.format("%-34s", r.name()));
        for (String metric : SummaryRows.METRICS) {
            Double v = r.value(metric);
            line.append(v == null ? String.format(" %9s", "") : String.format(" %9.3f", v));
        }
        out.println(line);
    }
}
