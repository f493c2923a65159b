package dev.selfheal.lab.report;

import dev.selfheal.healer.BatchMetrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Drift per heal batch, from {@code metrics.csv}: heat-maps of the most-moved input features
 * (with the features the PSI test found drifted marked) and hidden units, then a table of every
 * batch's signals: state, action, FIDI z-score, largest PSI, drifted features, output entropy and
 * its z, hidden-unit divergence, the most-moved units and inputs, the concept alarm. One block per
 * model.
 */
public final class DriftSection implements Section {
    /** Up to this many rows per heat-map. */
    static final int MAX_ROWS = 24;
    /** Longer tables start folded. */
    private static final int OPEN_TABLE_ROWS = 60;

    private final Map<String, List<BatchMetrics>> byModel = new LinkedHashMap<>();

    public DriftSection(List<BatchMetrics> rows) {
        List<BatchMetrics> sorted = new ArrayList<>(rows);
        sorted.sort(java.util.Comparator.comparingLong(r -> r.batchIdx));
        for (BatchMetrics r : sorted) {
            byModel.computeIfAbsent(r.model == null ? "" : r.model, k -> new ArrayList<>()).add(r);
        }
    }

    @Override
    public String id() {
        return "drift";
    }

    @Override
    public String title() {
        return "Drift per batch";
    }

    @Override
    public void render(Html h) {
        if (byModel.isEmpty()) {
            h.element("p", "No heal batch was closed: metrics.csv has no rows.", "class", "note").newline();
            return;
        }
        for (Map.Entry<String, List<BatchMetrics>> e : byModel.entrySet()) {
            if (byModel.size() > 1) {
                h.element("h3", "model " + e.getKey()).newline();
            }
            model(h, e.getValue());
        }
    }

    private static void model(Html h, List<BatchMetrics> rows) {
        List<Long> batches = rows.stream().map(r -> r.batchIdx).distinct().toList();
        Heatmap inputs = inputs(rows, batches);
        Heatmap units = units(rows, batches);
        h.element("h4", "Input features").newline();
        if (inputs.isEmpty()) {
            h.element("p", "No per-feature readings: the label-free signals are off and no feature drifted.",
                    "class", "note").newline();
        } else {
            h.element("p", "Shade: KL divergence of the batch window from training for the three most-moved inputs "
                    + "of each batch; red dot: the feature drifted by PSI.", "class", "note").newline();
            inputs.render(h, MAX_ROWS);
        }
        h.element("h4", "Hidden units").newline();
        if (units.isEmpty()) {
            h.element("p", "No hidden-unit readings: the label-free signals are off (signals.*) or the model "
                    + "directory has no signal reference.", "class", "note").newline();
        } else {
            h.element("p", "Shade: KL divergence from training of the three most-moved hidden units of each batch.",
                    "class", "note").newline();
            units.render(h, MAX_ROWS);
        }
        table(h, rows);
    }

    static Heatmap inputs(List<BatchMetrics> rows, List<Long> batches) {
        Heatmap map = new Heatmap(batches, "KL from training", "drifted by PSI");
        for (BatchMetrics r : rows) {
            MovedList.parse(r.featuresMoved).forEach((name, kl) -> map.put(name, r.batchIdx, kl));
            if (r.driftedFeatures != null && !r.driftedFeatures.isBlank()) {
                for (String name : r.driftedFeatures.trim().split("\\s+")) {
                    map.mark(name, r.batchIdx);
                }
            }
        }
        return map;
    }

    static Heatmap units(List<BatchMetrics> rows, List<Long> batches) {
        Heatmap map = new Heatmap(batches, "KL from training", "");
        for (BatchMetrics r : rows) {
            MovedList.parse(r.hiddenMoved).forEach((name, kl) -> map.put(name, r.batchIdx, kl));
        }
        return map;
    }

    private static void table(Html h, List<BatchMetrics> rows) {
        h.open("details", "open", rows.size() <= OPEN_TABLE_ROWS ? "open" : null)
                .element("summary", "Signals of every batch (" + rows.size() + ")").newline();
        h.open("div", "class", "scroll").open("table").open("thead").open("tr");
        for (String c : List.of("batch", "state", "action", "FIDI z", "max PSI", "drifted (PSI)", "entropy",
                "entropy z", "hidden KL", "most-moved units", "most-moved inputs", "concept alarm")) {
            h.element("th", c);
        }
        h.close("tr").close("thead").open("tbody").newline();
        for (BatchMetrics r : rows) {
            h.open("tr");
            h.element("td", Long.toString(r.batchIdx), "class", "num");
            h.element("td", r.state);
            h.element("td", r.action);
            h.element("td", fmt(r.zScore), "class", "num");
            h.element("td", fmt(r.maxPsi), "class", "num");
            h.element("td", r.driftedFeatures);
            h.element("td", fmt(r.outputEntropy), "class", "num");
            h.element("td", signed(r.entropyZ), "class", "num");
            h.element("td", fmt(r.hiddenKl), "class", "num");
            h.element("td", r.hiddenMoved);
            h.element("td", r.featuresMoved);
            h.element("td", r.conceptAlarm ? "ALARM" : "");
            h.close("tr").newline();
        }
        h.close("tbody").close("table").close("div").close("details").newline();
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "–";
    }

    private static String signed(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.2f", v) : "–";
    }
}
