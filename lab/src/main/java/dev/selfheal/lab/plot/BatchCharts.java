package dev.selfheal.lab.plot;

import dev.selfheal.healer.BatchMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The five per-batch charts of {@code metrics.csv}. Rows are expected sorted by batch index;
 * NaN values are skipped point by point.
 */
final class BatchCharts {
    static final String NO_BATCHES = "no batches recorded";
    /** The states in the order of the state chart's y axis. */
    static final List<String> STATES = List.of("HEALTHY", "DRIFTING", "HEALING", "ROLLED_BACK");

    private static final Color[] STATE_COLORS = {
        ChartStyle.HEAL, ChartStyle.SHADOW, ChartStyle.HEALED, ChartStyle.ROLLBACK
    };
    private static final int MARKED_BATCHES = 60;
    private static final BasicStroke THICK = new BasicStroke(2.2f);
    private static final BasicStroke DOTTED = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
            new float[] {2f, 4f}, 0f);

    private BatchCharts() {}

    static XYChart accuracy(List<BatchMetrics> rows, int width, int height) {
        XYChart chart = ChartStyle.xy(width, height, "Accuracy per batch (prequential)", "batch", "accuracy");
        Points frozen = new Points();
        Points shadow = new Points();
        Points healed = new Points();
        for (BatchMetrics r : rows) {
            frozen.add(r.batchIdx, r.baselineAcc);
            shadow.add(r.batchIdx, r.shadowAcc);
            healed.add(r.batchIdx, r.healedAcc);
        }
        ChartStyle.line(chart, "frozen (v1)", frozen, ChartStyle.FROZEN, marker(SeriesMarkers.SQUARE, rows),
                SeriesLines.DOT_DOT);
        ChartStyle.line(chart, "shadow", shadow, ChartStyle.SHADOW, marker(SeriesMarkers.DIAMOND, rows),
                SeriesLines.DASH_DASH);
        ChartStyle.line(chart, "healed (served)", healed, ChartStyle.HEALED, marker(SeriesMarkers.CIRCLE, rows), THICK);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        ChartStyle.noteIfEmpty(chart, NO_BATCHES);
        return chart;
    }

    static CategoryChart lift(List<BatchMetrics> rows, int width, int height) {
        CategoryChart chart = ChartStyle.category(width, height, "Lift per batch (healed − frozen)", "batch", "lift");
        List<Long> batches = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        List<Double> f1 = new ArrayList<>();
        for (BatchMetrics r : rows) {
            batches.add(r.batchIdx);
            acc.add(finiteOrNull(r.accLift()));
            f1.add(finiteOrNull(r.f1Lift()));
        }
        bars(chart, "accuracy lift", batches, acc, ChartStyle.HEALED);
        bars(chart, "F1 lift", batches, f1, ChartStyle.SHADOW);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setXAxisMaxLabelCount(25);
        chart.getStyler().setYAxisDecimalPattern("+0.00;-0.00");
        chart.getStyler().setAnnotationLineColor(Color.BLACK);
        chart.getStyler().setAnnotationLineStroke(new BasicStroke(1f));
        if (!chart.getSeriesMap().isEmpty()) {
            chart.addAnnotation(new AnnotationLine(0, false, false));
        }
        ChartStyle.noteIfEmpty(chart, NO_BATCHES);
        return chart;
    }

    static XYChart zScore(List<BatchMetrics> rows, double threshold, int width, int height) {
        XYChart chart = ChartStyle.xy(width, height, "Drift: FIDI z-score per batch", "batch", "z-score");
        Points z = new Points();
        Points above = new Points();
        for (BatchMetrics r : rows) {
            z.add(r.batchIdx, r.zScore);
            if (r.zScore > threshold) {
                above.add(r.batchIdx, r.zScore);
            }
        }
        ChartStyle.line(chart, "z-score", z, ChartStyle.HEALED, marker(SeriesMarkers.CIRCLE, rows), THICK);
        ChartStyle.scatter(chart, "above threshold", above, ChartStyle.THRESHOLD, SeriesMarkers.CIRCLE);
        if (!z.isEmpty() && Double.isFinite(threshold)) {
            double[] xs = z.xs();
            Points line = new Points();
            line.add(xs[0], threshold);
            line.add(xs[xs.length - 1], threshold);
            ChartStyle.line(chart, String.format(Locale.ROOT, "threshold %.2f", threshold), line,
                    ChartStyle.THRESHOLD, SeriesMarkers.NONE, SeriesLines.DASH_DASH);
        }
        ChartStyle.noteIfEmpty(chart, NO_BATCHES);
        return chart;
    }

    static XYChart state(List<BatchMetrics> rows, int width, int height) {
        XYChart chart = ChartStyle.xy(width, height, "Healer state per batch", "batch", "state");
        Points path = new Points();
        List<Points> byState = new ArrayList<>();
        STATES.forEach(s -> byState.add(new Points()));
        for (BatchMetrics r : rows) {
            int code = r.state == null ? -1 : STATES.indexOf(r.state.toUpperCase(Locale.ROOT));
            if (code >= 0) {
                path.add(r.batchIdx, code);
                byState.get(code).add(r.batchIdx, code);
            }
        }
        if (!path.isEmpty()) {
            // With a label function XChart puts y ticks at the distinct y values in first-seen
            // order; this invisible series makes them all four states, in order, always.
            Points axis = new Points();
            for (int code = 0; code < STATES.size(); code++) {
                axis.add(path.xs()[0], code);
            }
            XYSeries ticks = ChartStyle.line(chart, "states", axis, Color.WHITE, SeriesMarkers.NONE, SeriesLines.NONE);
            ticks.setShowInLegend(false);
            XYSeries step = ChartStyle.line(chart, "state", path, Color.LIGHT_GRAY, SeriesMarkers.NONE, THICK);
            step.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
            step.setShowInLegend(false);
            chart.getStyler().setyAxisTickLabelsFormattingFunction(BatchCharts::stateName);
        }
        for (int i = 0; i < STATES.size(); i++) {
            ChartStyle.scatter(chart, STATES.get(i), byState.get(i), STATE_COLORS[i], SeriesMarkers.SQUARE);
        }
        chart.getStyler().setMarkerSize(10);
        ChartStyle.noteIfEmpty(chart, NO_BATCHES);
        return chart;
    }

    static XYChart f1(List<BatchMetrics> rows, int width, int height) {
        XYChart chart = ChartStyle.xy(width, height, "F1 per batch with heals, rejections and rollbacks", "batch", "F1");
        Points frozen = new Points();
        Points healed = new Points();
        Points heals = new Points();
        Points rejected = new Points();
        Points rollbacks = new Points();
        for (BatchMetrics r : rows) {
            frozen.add(r.batchIdx, r.baselineF1);
            healed.add(r.batchIdx, r.healedF1);
            double at = Double.isFinite(r.healedF1) ? r.healedF1 : 0.0;
            if (r.rolledBack || "rollback".equals(r.action)) {
                rollbacks.add(r.batchIdx, at);
                chart.addAnnotation(new AnnotationLine(r.batchIdx, true, false));
            } else if ("rejected".equals(r.action)) {
                rejected.add(r.batchIdx, at);
            } else if ("heal".equals(r.action)) {
                heals.add(r.batchIdx, at);
            }
        }
        // Plain lines, so that the (larger) event markers on the healed line stand out.
        ChartStyle.line(chart, "frozen (v1)", frozen, ChartStyle.FROZEN, SeriesMarkers.NONE, DOTTED);
        ChartStyle.line(chart, "healed (served)", healed, ChartStyle.HEALED, SeriesMarkers.NONE, THICK);
        ChartStyle.scatter(chart, "heal accepted", heals, ChartStyle.HEAL, SeriesMarkers.TRIANGLE_UP);
        ChartStyle.scatter(chart, "update rejected", rejected, ChartStyle.REJECTED, SeriesMarkers.TRIANGLE_DOWN);
        ChartStyle.scatter(chart, "rollback", rollbacks, ChartStyle.ROLLBACK, SeriesMarkers.CROSS);
        chart.getStyler().setMarkerSize(12);
        chart.getStyler().setAnnotationLineColor(ChartStyle.ROLLBACK);
        chart.getStyler().setAnnotationLineStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        ChartStyle.noteIfEmpty(chart, NO_BATCHES);
        return chart;
    }

    /** Markers on a line help with a few dozen batches and only clutter beyond that. */
    private static Marker marker(Marker marker, List<BatchMetrics> rows) {
        return rows.size() <= MARKED_BATCHES ? marker : SeriesMarkers.NONE;
    }

    private static void bars(CategoryChart chart, String name, List<Long> batches, List<Double> values, Color color) {
        if (values.stream().allMatch(v -> v == null)) {
            return;
        }
        CategorySeries series = chart.addSeries(name, batches, values);
        series.setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Bar);
        series.setFillColor(color);
    }

    private static Double finiteOrNull(double d) {
        return Double.isFinite(d) ? d : null;
    }

    /** Never "": XChart cannot lay out an empty label. */
    private static String stateName(Double d) {
        long code = Math.round(d);
        return Math.abs(d - code) < 1e-9 && code >= 0 && code < STATES.size() ? STATES.get((int) code) : " ";
    }
}
