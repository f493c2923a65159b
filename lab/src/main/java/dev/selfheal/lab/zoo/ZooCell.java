package dev.selfheal.lab.zoo;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** One scenario × label regime × profile of the zoo: the summaries of its seeds. */
final class ZooCell {
    final String scenario;
    final String labels;
    final String profile;
    final List<JsonNode> runs = new ArrayList<>();
    /** The output directory of each run, in the order of {@link #runs}. */
    final List<java.nio.file.Path> runDirs = new ArrayList<>();

    ZooCell(String scenario, String labels, String profile) {
        this.scenario = scenario;
        this.labels = labels;
        this.profile = profile;
    }

    Stat stat(String block, String metric) {
        double[] v = runs.stream().mapToDouble(r -> r.path(block).path(metric).asDouble(Double.NaN)).toArray();
        return Stat.of(v);
    }

    Stat count(String key) {
        return Stat.of(runs.stream().mapToDouble(r -> r.path(key).asDouble(Double.NaN)).toArray());
    }

    /** Mean and sample standard deviation over seeds. */
    record Stat(double mean, double std, int n) {
        static Stat of(double[] v) {
            double sum = 0;
            int n = 0;
            for (double x : v) {
                if (Double.isFinite(x)) {
                    sum += x;
                    n++;
                }
            }
            if (n == 0) {
                return new Stat(Double.NaN, Double.NaN, 0);
            }
            double mean = sum / n;
            double sq = 0;
            for (double x : v) {
                if (Double.isFinite(x)) {
                    sq += (x - mean) * (x - mean);
                }
            }
            return new Stat(mean, n > 1 ? Math.sqrt(sq / (n - 1)) : 0, n);
        }

        String fmt() {
            return Double.isNaN(mean) ? "–" : String.format(java.util.Locale.ROOT, "%.3f±%.3f", mean, std);
        }

        String fmtMean() {
            return Double.isNaN(mean) ? "–" : String.format(java.util.Locale.ROOT, "%.3f", mean);
        }
    }
}
