package dev.selfheal.lab.plot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.healer.BatchMetrics;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Writes into target/plot-test/ so the images can be looked at after the run. */
class PlotsTest {
    private static final Path OUT = Path.of("target", "plot-test");

    @Test
    void writesEightReadablePngsForARunWithRollbackRejectionAndNaNs() throws IOException {
        List<Path> files = Plots.writeAll(rows(25), registry(), 3.0, summary(), OUT.resolve("synthetic"));

        assertPngs(files, OUT.resolve("synthetic"));
    }

    @Test
    void emptyInputsStillGiveEightValidPngs() throws IOException {
        List<Path> files = Plots.writeAll(List.of(), List.of(), 3.0, Map.of(), OUT.resolve("empty"));

        assertPngs(files, OUT.resolve("empty"));
    }

    @Test
    void nullInputsCountAsEmpty() throws IOException {
        List<Path> files = Plots.writeAll(null, null, Double.NaN, null, OUT.resolve("null"));

        assertThat(files).hasSize(8).allMatch(Files::isRegularFile);
    }

    @Test
    void allNaNColumnsAndALongRunDoNotBreakTheCharts() throws IOException {
        List<BatchMetrics> rows = rows(200);
        rows.forEach(r -> {
            r.shadowAcc = Double.NaN;
            r.shadowF1 = Double.NaN;
            r.baselineF1 = Double.NaN;
        });
        Map<String, Map<String, Number>> onlyCeiling = Map.of("ceiling", Map.of("accuracy", 0.97, "f1", 0.9));
        List<Path> files = Plots.writeAll(rows, registry(), 3.0, onlyCeiling, OUT.resolve("long"));

        assertPngs(files, OUT.resolve("long"));
    }

    @Test
    void repeatedBatchIndicesAndUnknownStatesDoNotBreakTheCharts() throws IOException {
        List<BatchMetrics> rows = new ArrayList<>(rows(25));
        rows.addAll(rows(25));
        rows.get(4).state = "SOMETHING_NEW";
        rows.get(5).state = null;
        List<RegistryPoint> registry = List.of(new RegistryPoint(1, 0, null, 0.8, 0.9),
                new RegistryPoint(2, 1, "operator label", Double.NaN, 0.85));
        List<Path> files = Plots.writeAll(rows, registry, Double.NaN, summary(), OUT.resolve("repeated"));

        assertPngs(files, OUT.resolve("repeated"));
    }

    @Test
    void headlessIsSetOnTheWritingPath() throws IOException {
        Plots.writeAll(List.of(), List.of(), 1.0, Map.of(), OUT.resolve("headless"));

        assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
    }

    private static void assertPngs(List<Path> files, Path dir) throws IOException {
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyElementsOf(Plots.FILES);
        for (Path file : files) {
            assertThat(file.getParent()).isEqualTo(dir);
            BufferedImage image = ImageIO.read(file.toFile());
            assertThat(image).as(file.toString()).isNotNull();
            boolean dashboard = file.getFileName().toString().equals(Plots.DASHBOARD);
            assertThat(image.getWidth()).isEqualTo(dashboard ? Plots.DASHBOARD_WIDTH : Plots.WIDTH);
            assertThat(image.getHeight()).isEqualTo(dashboard ? Plots.DASHBOARD_HEIGHT : Plots.HEIGHT);
            assertThat(Files.size(file)).as(file.toString()).isGreaterThan(2_000);
        }
    }

    /**
     * Drift from batch 8, heals from 9, a rejected update at 12, a rollback at 17; NaNs: no
     * z-score on batch 0, no healed accuracy on 3, no frozen F1 on 5, no F1 at all on 20.
     */
    static List<BatchMetrics> rows(int n) {
        List<BatchMetrics> rows = new ArrayList<>();
        long version = 1;
        for (int b = 0; b < n; b++) {
            BatchMetrics m = new BatchMetrics();
            m.batchIdx = b;
            boolean drift = b >= 8;
            m.zScore = drift ? 3.5 + 0.4 * Math.sin(b) + (b % 7) * 0.3 : 0.8 + 0.3 * Math.cos(b);
            m.baselineAcc = drift ? 0.78 - 0.004 * (b - 8) : 0.95 + 0.01 * Math.sin(b);
            m.shadowAcc = m.baselineAcc;
            m.healedAcc = drift ? Math.min(0.95, m.baselineAcc + 0.02 * (b - 7)) : m.baselineAcc;
            m.baselineF1 = drift ? 0.55 - 0.005 * (b - 8) : 0.82 + 0.02 * Math.cos(b);
            m.shadowF1 = m.baselineF1;
            m.healedF1 = drift ? Math.min(0.85, m.baselineF1 + 0.03 * (b - 7)) : m.baselineF1;
            m.action = "none";
            m.state = drift ? "HEALING" : "HEALTHY";
            if (b == 8) {
                m.state = "DRIFTING";
            } else if (drift && b % 2 == 1) {
                m.action = "heal";
                version += 2;
            }
            if (b == 12) {
                m.action = "rejected";
                m.state = "DRIFTING";
            }
            if (b == 17) {
                m.action = "rollback";
                m.rolledBack = true;
                m.state = "ROLLED_BACK";
                m.healedAcc = 0.70;
                m.healedF1 = 0.45;
                version += 1;
            }
            if (b == 18) {
                m.state = "ROLLED_BACK";
            }
            m.version = version;
            rows.add(m);
        }
        if (n > 20) {
            rows.get(0).zScore = Double.NaN;
            rows.get(3).healedAcc = Double.NaN;
            rows.get(5).baselineF1 = Double.NaN;
            rows.get(20).healedF1 = Double.NaN;
            rows.get(20).baselineF1 = Double.NaN;
            rows.get(20).shadowF1 = Double.NaN;
        }
        return rows;
    }

    static List<RegistryPoint> registry() {
        return List.of(
                new RegistryPoint(1, 0, "INITIAL", 0.82, 0.95),
                new RegistryPoint(2, 1, "PRE_HEAL", 0.55, 0.78),
                new RegistryPoint(3, 1, "POST_HEAL", 0.61, 0.81),
                new RegistryPoint(4, 3, "PRE_HEAL", 0.60, 0.80),
                new RegistryPoint(5, 3, "POST_HEAL", 0.68, 0.85),
                new RegistryPoint(6, 5, "PRE_HEAL", Double.NaN, Double.NaN),
                new RegistryPoint(7, 5, "POST_HEAL", 0.45, 0.70),
                new RegistryPoint(8, 5, "ROLLBACK", 0.68, 0.85),
                new RegistryPoint(9, 8, "POST_HEAL", 0.74, Double.NaN));
    }

    static Map<String, Map<String, Number>> summary() {
        Map<String, Map<String, Number>> s = new LinkedHashMap<>();
        s.put("clean", metrics(0.96, 0.90, 0.85, 0.87));
        s.put("holdout_frozen", metrics(0.78, 0.70, 0.45, 0.55));
        s.put("holdout_shadow", metrics(0.78, 0.70, 0.45, 0.55));
        s.put("holdout_healed", metrics(0.90, 0.82, 0.74, 0.78));
        s.put("prequential_frozen", metrics(0.80, 0.72, 0.50, 0.59));
        s.put("prequential_healed", metrics(0.86, 0.79, 0.66, 0.72));
        s.put("ceiling", Map.of("accuracy", 0.95, "f1", 0.85));
        return s;
    }

    private static Map<String, Number> metrics(double acc, double p, double r, double f1) {
        return Map.of("accuracy", acc, "precision", p, "recall", r, "f1", f1);
    }
}
