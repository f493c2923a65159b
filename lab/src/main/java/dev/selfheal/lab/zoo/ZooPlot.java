package dev.selfheal.lab.zoo;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** zoo.png: holdout accuracy per scenario × labels for frozen, reference, selfheal and the ceiling. */
final class ZooPlot {
    private ZooPlot() {}

    static void write(List<ZooCell> cells, Path file) throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<String> names = new ArrayList<>();
        List<Double> frozen = new ArrayList<>();
        List<Double> ref = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> ceiling = new ArrayList<>();
        for (ZooCell c : cells) {
            if (!c.profile.equals("selfheal")) {
                continue;
            }
            ZooCell r = cells.stream().filter(x -> x.profile.equals("reference") && x.scenario.equals(c.scenario)
                    && x.labels.equals(c.labels)).findFirst().orElse(null);
            names.add(c.scenario + " " + c.labels);
            frozen.add(zero(c.stat("holdout_frozen", "accuracy").mean()));
            ours.add(zero(c.stat("holdout_healed", "accuracy").mean()));
            ref.add(r == null ? 0 : zero(r.stat("holdout_healed", "accuracy").mean()));
            ceiling.add(c.runs.get(0).path("ceiling").path("accuracy").asDouble(0));
        }
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(1000, 60 * names.size())).height(600)
                .title("Holdout accuracy across the scenario zoo (mean over seeds)").xAxisTitle("scenario, labels")
                .yAxisTitle("accuracy").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        if (names.isEmpty()) {
            names.add("no runs");
            frozen.add(0.0);
            ref.add(0.0);
            ours.add(0.0);
            ceiling.add(0.0);
        }
        chart.addSeries("frozen", names, frozen);
        chart.addSeries("reference", names, ref);
        chart.addSeries("selfheal", names, ours);
        chart.addSeries("ceiling", names, ceiling);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static double zero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
