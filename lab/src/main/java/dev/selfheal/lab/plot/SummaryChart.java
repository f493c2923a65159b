package dev.selfheal.lab.plot;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;

/** Grouped bars of accuracy, precision, recall and F1 for each block of {@code summary.json}. */
final class SummaryChart {
    /** Blocks in the order they are drawn; any other block holding one of the metrics follows. */
    static final List<String> BLOCKS = List.of("clean", "holdout_frozen", "holdout_shadow", "holdout_healed",
            "prequential_frozen", "prequential_healed", "ceiling");
    static final List<String> METRICS = List.of("accuracy", "precision", "recall", "f1");
    private static final Color[] METRIC_COLORS = {
        ChartStyle.HEALED, ChartStyle.SHADOW, ChartStyle.HEAL, ChartStyle.REJECTED
    };

    private SummaryChart() {}

    static CategoryChart build(Map<String, Map<String, Number>> summary, int width, int height) {
        CategoryChart chart = ChartStyle.category(width, height, "Metric summary", "", "score");
        Set<String> names = new LinkedHashSet<>();
        BLOCKS.stream().filter(summary::containsKey).forEach(names::add);
        summary.forEach((name, block) -> {
            if (block != null && METRICS.stream().anyMatch(block::containsKey)) {
                names.add(name);
            }
        });
        List<String> blocks = names.stream().filter(n -> summary.get(n) != null).toList();
        List<String> labels = blocks.stream().map(n -> n.replace('_', ' ')).toList();
        for (int m = 0; m < METRICS.size(); m++) {
            List<Double> values = new ArrayList<>();
            for (String block : blocks) {
                Number v = summary.get(block).get(METRICS.get(m));
                values.add(v != null && Double.isFinite(v.doubleValue()) ? v.doubleValue() : null);
            }
            if (values.stream().anyMatch(v -> v != null)) {
                CategorySeries series = chart.addSeries(METRICS.get(m).equals("f1") ? "F1" : METRICS.get(m), labels,
                        values);
                series.setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Bar);
                series.setFillColor(METRIC_COLORS[m]);
            }
        }
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setAvailableSpaceFill(0.85);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        chart.getStyler().setLabelsRotation(90);
        chart.getStyler().setDecimalPattern("0.00");
        chart.getStyler().setXAxisTitleVisible(false);
        chart.getStyler().setXAxisLabelRotation(20);
        ChartStyle.noteIfEmpty(chart, "no summary metrics");
        return chart;
    }
}
