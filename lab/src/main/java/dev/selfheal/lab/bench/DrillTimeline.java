package dev.selfheal.lab.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.job.event.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What a drill saw of its running job, one sample per poll, and the figures drawn from it: how many
 * checkpoints completed while the source was backpressured, the rates in the steady part of the run,
 * and whether memory kept rising.
 */
final class DrillTimeline {
    /**
     * @param seconds        since the job was submitted
     * @param sourced        events the source had emitted
     * @param sinkRead       records the scored sink's task had read (SCORE and the sink are chained)
     * @param completed      checkpoints completed so far
     * @param failed         checkpoints failed so far
     * @param sourceLevel    Flink's backpressure level of the source's task (ok, low, high), null if unknown
     * @param sourceRatio    largest back-pressured time ratio over the source's subtasks, NaN if unknown
     * @param sinkBusy       mean busy time ratio over the scored sink's subtasks, NaN if unknown
     */
    record Sample(double seconds, long sourced, long sinkRead, long completed, long failed, String sourceLevel,
                  double sourceRatio, double sinkBusy, double rssMb, double heapUsedMb, double heapAfterGcMb,
                  double checkpointDirMb) {
        boolean backpressured() {
            return "high".equals(sourceLevel);
        }
    }

    private final List<Sample> samples = new ArrayList<>();

    void add(Sample s) {
        samples.add(s);
    }

    List<Sample> samples() {
        return samples;
    }

    /** Checkpoints that completed between two consecutive samples that both saw the source backpressured. */
    long completedWhileBackpressured() {
        return whileBackpressured(Sample::completed);
    }

    /** Checkpoints that failed between two consecutive samples that both saw the source backpressured. */
    long failedWhileBackpressured() {
        return whileBackpressured(Sample::failed);
    }

    private long whileBackpressured(java.util.function.ToLongFunction<Sample> count) {
        long n = 0;
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1);
            Sample b = samples.get(i);
            if (a.backpressured() && b.backpressured()) {
                n += Math.max(0, count.applyAsLong(b) - count.applyAsLong(a));
            }
        }
        return n;
    }

    /** Share of the samples with a known level in which the source was backpressured (NaN if none known). */
    double backpressuredShare() {
        long known = samples.stream().filter(s -> s.sourceLevel() != null).count();
        long high = samples.stream().filter(Sample::backpressured).count();
        return known == 0 ? Double.NaN : (double) high / known;
    }

    /** Mean of a figure over the samples where it is known. */
    double mean(ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    /**
     * Per second, between the samples at {@code from} and {@code to} (shares of the run's length), so
     * that start-up and the drain at the end do not count.
     */
    double rate(ToDoubleFunction<Sample> counter, double from, double to) {
        if (samples.size() < 2) {
            return Double.NaN;
        }
        double length = samples.get(samples.size() - 1).seconds();
        Sample a = firstFrom(from * length);
        Sample b = firstFrom(to * length);
        if (a == null || b == null || b.seconds() <= a.seconds()) {
            return Double.NaN;
        }
        return (counter.applyAsDouble(b) - counter.applyAsDouble(a)) / (b.seconds() - a.seconds());
    }

    private Sample firstFrom(double seconds) {
        for (Sample s : samples) {
            if (s.seconds() >= seconds) {
                return s;
            }
        }
        return null;
    }

    /**
     * First, last and largest value of a figure, and its least-squares slope (units per minute) over the
     * samples after {@code skip} of the run (the first part holds start-up: JIT, DJL's natives, the
     * first heals). Bounded memory shows as a slope near zero and a last value near the first.
     */
    ObjectNode summary(ToDoubleFunction<Sample> f, double skip) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        List<double[]> xy = new ArrayList<>();
        for (Sample s : samples) {
            double v = f.applyAsDouble(s);
            if (Double.isFinite(v)) {
                xy.add(new double[] {s.seconds(), v});
            }
        }
        if (xy.isEmpty()) {
            return o.putNull("first").putNull("last").putNull("max").putNull("slope_per_min");
        }
        o.put("first", BenchReport.round(xy.get(0)[1]));
        o.put("last", BenchReport.round(xy.get(xy.size() - 1)[1]));
        o.put("max", BenchReport.round(xy.stream().mapToDouble(p -> p[1]).max().orElseThrow()));
        double end = xy.get(xy.size() - 1)[0];
        double from = samples.get(0).seconds() + skip * (end - samples.get(0).seconds());
        o.put("slope_per_min", BenchReport.round(60 * slope(xy.stream().filter(p -> p[0] >= from).toList())));
        return o;
    }

    /** Least-squares slope of y over x; NaN with fewer than two distinct x. */
    static double slope(List<double[]> xy) {
        int n = xy.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mx = xy.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double my = xy.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (double[] p : xy) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }
}
