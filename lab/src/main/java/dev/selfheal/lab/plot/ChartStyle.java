package dev.selfheal.lab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Locale;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The look shared by all charts: fonts, colours, legend below the plot, the empty-chart note. */
final class ChartStyle {
    static final Color HEALED = new Color(0x1f77b4);
    static final Color SHADOW = new Color(0xff7f0e);
    static final Color FROZEN = new Color(0x6f6f6f);
    static final Color HEAL = new Color(0x2ca02c);
    static final Color REJECTED = new Color(0x9467bd);
    static final Color ROLLBACK = new Color(0xd62728);
    static final Color THRESHOLD = new Color(0xd62728);

    private ChartStyle() {}

    static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChart(width, height);
        label(chart, title, xTitle, yTitle);
        common(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        // x is a batch index or a version: whole numbers. XChart widens the tick step until labels
        // are unique, so this pattern also keeps ticks on integers.
        chart.getStyler().setXAxisDecimalPattern("0");
        return chart;
    }

    static CategoryChart category(int width, int height, String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChart(width, height);
        label(chart, title, xTitle, yTitle);
        common(chart.getStyler());
        return chart;
    }

    private static void label(Chart<?, ?> chart, String title, String xTitle, String yTitle) {
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
    }

    private static void common(AxesChartStyler s) {
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.ITALIC, 16));
        s.setAnnotationTextFontColor(Color.DARK_GRAY);
        s.setLegendPosition(LegendPosition.OutsideS);
        s.setLegendLayout(LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(0xe0e0e0));
        s.setChartTitleBoxVisible(false);
        s.setMarkerSize(7);
        s.setLocale(Locale.ROOT);
        s.setToolTipsEnabled(false);
    }

    /** A line with markers, or nothing (null) when the points are all missing. */
    static XYSeries line(XYChart chart, String name, Points points, Color color, Marker marker, BasicStroke stroke) {
        if (points.isEmpty()) {
            return null;
        }
        XYSeries series = chart.addSeries(name, points.xs(), points.ys());
        series.setLineColor(color);
        series.setLineStyle(stroke);
        series.setMarker(marker);
        series.setMarkerColor(color);
        return series;
    }

    /** Markers only, or nothing (null) when the points are all missing. */
    static XYSeries scatter(XYChart chart, String name, Points points, Color color, Marker marker) {
        XYSeries series = line(chart, name, points, color, marker, SeriesLines.NONE);
        if (series != null) {
            series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        }
        return series;
    }

    /** When no series was drawn: keep the frame with the given ranges, drop the legend, say why. */
    static void noteIfEmpty(XYChart chart, String note) {
        if (!chart.getSeriesMap().isEmpty()) {
            return;
        }
        XYSeries frame = chart.addSeries(" ", new double[] {0, 1}, new double[] {0, 1});
        frame.setMarker(SeriesMarkers.NONE);
        frame.setLineStyle(SeriesLines.NONE);
        frame.setShowInLegend(false);
        chart.getStyler().setLegendVisible(false);
        chart.addAnnotation(new AnnotationText(note, 0.5, 0.5, false));
    }

    static void noteIfEmpty(CategoryChart chart, String note) {
        if (!chart.getSeriesMap().isEmpty()) {
            return;
        }
        chart.addSeries(" ", new double[] {0}, new double[] {0}).setShowInLegend(false);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.setCustomXAxisTickLabelsFormatter(d -> " ");
        chart.addAnnotation(new AnnotationText(note, chart.getWidth() / 2.0, chart.getHeight() / 2.0, true));
    }
}
