package dev.selfheal.lab.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.lab.experiment.SummaryRows;

import java.util.List;
import java.util.Locale;

/** The results table of {@code summary.json}: healed beside frozen, shadow, baselines and ceiling. */
public final class SummarySection implements Section {
    private final JsonNode summary;

    public SummarySection(JsonNode summary) {
        this.summary = summary;
    }

    @Override
    public String id() {
        return "summary";
    }

    @Override
    public String title() {
        return "Summary";
    }

    @Override
    public void render(Html h) {
        h.open("table").open("thead").open("tr").element("th", "model (holdout unless noted)");
        for (String m : List.of("accuracy", "precision", "recall", "F1")) {
            h.element("th", m, "class", "num");
        }
        h.close("tr").close("thead").newline();
        for (List<SummaryRows.Row> group : SummaryRows.groups(summary)) {
            h.open("tbody");
            for (SummaryRows.Row r : group) {
                h.open("tr", "class", r.ours() ? "ours" : null).element("td", r.name());
                if (r.block() == null) {
                    h.element("td", r.note(), "colspan", "4", "class", "note");
                } else {
                    for (String metric : SummaryRows.METRICS) {
                        Double v = r.value(metric);
                        h.element("td", v == null ? "" : String.format(Locale.ROOT, "%.3f", v), "class", "num");
                    }
                }
                h.close("tr").newline();
            }
            h.close("tbody").newline();
        }
        h.close("table").newline();
        h.element("p", SummaryRows.counts(summary)).newline();
        String labels = SummaryRows.labels(summary);
        if (labels != null) {
            h.element("p", labels).newline();
        }
        StringBuilder facts = new StringBuilder();
        if (summary.hasNonNull("rules")) {
            facts.append("rules: ").append(summary.path("rules").asText().isEmpty() ? "none"
                    : summary.path("rules").asText());
        }
        if (summary.hasNonNull("key_feature")) {
            facts.append(facts.length() > 0 ? "; " : "").append("key feature: ").append(summary.path("key_feature").asText());
        }
        if (facts.length() > 0) {
            h.element("p", facts.toString(), "class", "note").newline();
        }
    }
}
