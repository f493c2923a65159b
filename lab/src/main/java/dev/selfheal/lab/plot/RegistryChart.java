package dev.selfheal.lab.plot;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Registry versions against the score recorded with them: one colour per tag, a circle for F1
 * and a diamond for accuracy.
 */
final class RegistryChart {
    private static final Map<String, Color> TAG_COLORS = Map.of(
            "INITIAL", Color.BLACK,
            "PRE_HEAL", ChartStyle.SHADOW,
            "POST_HEAL", ChartStyle.HEALED,
            "ROLLBACK", ChartStyle.ROLLBACK,
            "MANUAL", ChartStyle.REJECTED);
    private static final Color[] OTHER_COLORS = {
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22)
    };

    private RegistryChart() {}

    static XYChart build(List<RegistryPoint> registry, int width, int height) {
        XYChart chart = ChartStyle.xy(width, height, "Registry versions and their recorded score", "version", "score");
        Map<String, Points[]> byTag = new LinkedHashMap<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (RegistryPoint p : registry) {
            String tag = p.tag() == null || p.tag().isBlank() ? "untagged" : p.tag().toUpperCase(Locale.ROOT);
            Points[] pair = byTag.computeIfAbsent(tag, t -> new Points[] {new Points(), new Points()});
            pair[0].add(p.version(), p.f1());
            pair[1].add(p.version(), p.accuracy());
            for (double s : new double[] {p.f1(), p.accuracy()}) {
                if (Double.isFinite(s)) {
                    lo = Math.min(lo, s);
                    hi = Math.max(hi, s);
                }
            }
        }
        int other = 0;
        for (Map.Entry<String, Points[]> e : byTag.entrySet()) {
            Color color = TAG_COLORS.get(e.getKey());
            if (color == null) {
                color = OTHER_COLORS[other++ % OTHER_COLORS.length];
            }
            ChartStyle.scatter(chart, "F1 · " + e.getKey(), e.getValue()[0], color, SeriesMarkers.CIRCLE);
            ChartStyle.scatter(chart, "accuracy · " + e.getKey(), e.getValue()[1], color, SeriesMarkers.DIAMOND);
        }
        if (lo <= hi) {
            chart.getStyler().setYAxisMin(Math.max(0.0, lo - 0.05)).setYAxisMax(Math.min(1.0, hi + 0.05));
        }
        chart.getStyler().setMarkerSize(10);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setLegendLayout(LegendLayout.Vertical);
        ChartStyle.noteIfEmpty(chart, "no registry versions recorded");
        return chart;
    }
}
