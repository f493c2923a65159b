package dev.selfheal.lab.plot;

import dev.selfheal.healer.BatchMetrics;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes the eight PNG charts of a demo/experiment run into {@code plots/}: the reference's
 * accuracy per batch, lift bars, drift z-score, state per batch, F1 with rollbacks, registry
 * versions, metric summary and a 2×2 dashboard. Rendering is headless; NaN values are skipped and
 * empty inputs give an empty chart with a note, so every file is always a valid PNG.
 */
public final class Plots {
    public static final String ACCURACY = "accuracy_per_batch.png";
    public static final String LIFT = "lift_bars.png";
    public static final String ZSCORE = "drift_zscore.png";
    public static final String STATE = "state_per_batch.png";
    public static final String F1 = "f1_rollbacks.png";
    public static final String REGISTRY = "registry_versions.png";
    public static final String SUMMARY = "metric_summary.png";
    public static final String DASHBOARD = "dashboard.png";
    /** The file names, in the order {@link #writeAll} writes them. */
    public static final List<String> FILES = List.of(ACCURACY, LIFT, ZSCORE, STATE, F1, REGISTRY, SUMMARY, DASHBOARD);

    public static final int WIDTH = 900;
    public static final int HEIGHT = 500;
    public static final int DASHBOARD_WIDTH = 1400;
    public static final int DASHBOARD_HEIGHT = 900;

    static {
        // Before any AWT class loads: the job runs on servers without a display.
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /**
     * Writes the eight charts into {@code plotsDir} (created if missing) and returns their paths in
     * {@link #FILES} order. Null arguments count as empty.
     *
     * @param rows the heal batches of {@code metrics.csv}, in any order
     * @param registry the registry's versions with their recorded scores
     * @param fidiThreshold the FIDI z-score threshold drawn on the drift chart (NaN: none drawn)
     * @param summary the blocks of {@code summary.json} ({@code holdout_healed → {accuracy: …}}, …)
     */
    public static List<Path> writeAll(List<BatchMetrics> rows, List<RegistryPoint> registry, double fidiThreshold,
            Map<String, Map<String, Number>> summary, Path plotsDir) throws IOException {
        List<BatchMetrics> batches = rows == null ? List.of() : rows.stream().filter(Objects::nonNull)
                .sorted(Comparator.comparingLong(r -> r.batchIdx)).toList();
        List<RegistryPoint> versions = registry == null ? List.of()
                : registry.stream().filter(Objects::nonNull).toList();
        Map<String, Map<String, Number>> blocks = summary == null ? Map.of() : summary;
        Files.createDirectories(plotsDir);

        int w = WIDTH;
        int h = HEIGHT;
        List<Path> written = new ArrayList<>();
        written.add(write(BatchCharts.accuracy(batches, w, h), plotsDir.resolve(ACCURACY)));
        written.add(write(BatchCharts.lift(batches, w, h), plotsDir.resolve(LIFT)));
        written.add(write(BatchCharts.zScore(batches, fidiThreshold, w, h), plotsDir.resolve(ZSCORE)));
        written.add(write(BatchCharts.state(batches, w, h), plotsDir.resolve(STATE)));
        written.add(write(BatchCharts.f1(batches, w, h), plotsDir.resolve(F1)));
        written.add(write(RegistryChart.build(versions, w, h), plotsDir.resolve(REGISTRY)));
        written.add(write(SummaryChart.build(blocks, w, h), plotsDir.resolve(SUMMARY)));

        int cw = DASHBOARD_WIDTH / 2;
        int ch = DASHBOARD_HEIGHT / 2;
        BufferedImage dashboard = Dashboard.compose(List.of(
                BatchCharts.accuracy(batches, cw, ch),
                BatchCharts.zScore(batches, fidiThreshold, cw, ch),
                BatchCharts.f1(batches, cw, ch),
                SummaryChart.build(blocks, cw, ch)), cw, ch);
        written.add(write(dashboard, plotsDir.resolve(DASHBOARD)));
        return written;
    }

    private static Path write(Chart<?, ?> chart, Path file) throws IOException {
        return write(BitmapEncoder.getBufferedImage(chart), file);
    }

    private static Path write(BufferedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
        return file;
    }
}
