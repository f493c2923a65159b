package dev.selfheal.lab.bench;

import dev.selfheal.job.FlinkSettings;
import dev.selfheal.job.config.JobConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs one benchmark job on an embedded cluster and watches it from outside: the sinks' output
 * count (sampled every 20 ms), resident memory at given counts, and the checkpoint directory's
 * size. Throughput is taken between 20% and 90% of the expected output, so job start-up (task
 * deployment, DJL's native load, JIT) and the drain at the end do not count.
 */
final class JobRun {
    private static final double FROM = 0.2;
    private static final double TO = 0.9;

    /**
     * @param readySeconds seconds from submission until HEAL had closed the awaited heal batches
     *                     (NaN when none were awaited or they never all closed)
     * @param gcPausesMs   the JVM's collection pauses from submission to the end of the job
     */
    record Result(String name, long outputs, double seconds, double eventsPerS, double cpuUsPerEvent, List<Double> healMs,
                  List<Double> healCpuMs, long healBatches, List<Double> propagationMs, long[] latencyHistogram,
                  Map<Long, double[]> memory, double checkpointMb, double readySeconds, List<Double> gcPausesMs,
                  Window window) {
        Result(String name, long outputs, double seconds, double eventsPerS, double cpuUsPerEvent, List<Double> healMs,
               List<Double> healCpuMs, long healBatches, List<Double> propagationMs, long[] latencyHistogram,
               Map<Long, double[]> memory, double checkpointMb, double readySeconds, List<Double> gcPausesMs) {
            this(name, outputs, seconds, eventsPerS, cpuUsPerEvent, healMs, healCpuMs, healBatches, propagationMs,
                    latencyHistogram, memory, checkpointMb, readySeconds, gcPausesMs, Window.NONE);
        }
    }

    /**
     * CPU over the measured window: this process's cores busy on average, and another process's
     * (the broker's, read from /proc) per event and in cores; NaN when no other process is watched.
     */
    record Window(double cores, double otherCpuUsPerEvent, double otherCores) {
        static final Window NONE = new Window(Double.NaN, Double.NaN, Double.NaN);
    }

    private JobRun() {}

    /**
     * @param expected outputs the job will produce (one scored event per transaction)
     * @param memoryAt output counts at which to read RSS and committed heap
     */
    static Result run(String name, JobConfig config, Path work, Consumer<StreamExecutionEnvironment> graph,
                      long expected, long[] memoryAt, PrintStream log) throws Exception {
        return run(name, config, work, graph, expected, memoryAt, 0, log);
    }

    /**
     * @param awaitHealBatches when &gt; 0, throughput is measured only once HEAL has closed this many
     *                         heal batches (a burst of heals at the start must not count as scoring)
     */
    static Result run(String name, JobConfig config, Path work, Consumer<StreamExecutionEnvironment> graph,
                      long expected, long[] memoryAt, long awaitHealBatches, PrintStream log) throws Exception {
        return run(name, config, work, graph, expected, memoryAt, awaitHealBatches, null, log);
    }

    /** @param otherCpuNanos CPU time of another process to read over the same window (the broker), or null */
    static Result run(String name, JobConfig config, Path work, Consumer<StreamExecutionEnvironment> graph,
                      long expected, long[] memoryAt, long awaitHealBatches, java.util.function.LongSupplier otherCpuNanos,
                      PrintStream log) throws Exception {
        Probe.reset();
        // Flink takes the checkpoint URI's path literally (a %20 stays %20): keep the name plain.
        Path checkpoints = work.resolve("checkpoints-" + name.replaceAll("[^A-Za-z0-9]+", "-"));
        Path rocks = Files.createDirectories(work.resolve("rocks"));
        // The job's own Flink settings (RocksDB, checkpoints, buffer timeout, object reuse).
        Configuration conf = FlinkSettings.of(config, checkpoints, rocks, 0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        graph.accept(env);

        List<long[]> samples = new ArrayList<>();
        Map<Long, double[]> memory = new LinkedHashMap<>();
        double checkpointMb = 0;
        long start;
        long end;
        List<Double> gcPauses;
        try (GcPauses gc = new GcPauses()) {
            start = System.nanoTime();
            JobClient client = env.executeAsync("selfheal bench " + name);
            long lastDirScan = 0;
            while (!client.getJobExecutionResult().isDone()) {
                long now = System.nanoTime();
                long count = Probe.outputs.get();
                samples.add(new long[] {now, count, processCpuNanos(), Probe.healBatches.get(),
                        otherCpuNanos == null ? 0 : otherCpuNanos.getAsLong()});
                for (long at : memoryAt) {
                    if (count >= at && !memory.containsKey(at)) {
                        memory.put(at, new double[] {MemoryProbe.rssMb(), MemoryProbe.heapCommittedMb()});
                    }
                }
                if (now - lastDirScan > 500_000_000L) {
                    checkpointMb = Math.max(checkpointMb, sizeMb(checkpoints));
                    lastDirScan = now;
                }
                Thread.sleep(20);
            }
            client.getJobExecutionResult().get();
            end = System.nanoTime();
            gcPauses = gc.pausesMs();
        }
        long outputs = Probe.outputs.get();
        samples.add(new long[] {end, outputs, processCpuNanos(), Probe.healBatches.get(),
                otherCpuNanos == null ? 0 : otherCpuNanos.getAsLong()});
        for (long at : memoryAt) {
            memory.putIfAbsent(at, new double[] {MemoryProbe.rssMb(), MemoryProbe.heapCommittedMb()});
        }
        if (outputs != expected) {
            throw new IllegalStateException(name + ": expected " + expected + " outputs, the sinks saw " + outputs);
        }
        long[][] window = window(samples, expected, awaitHealBatches);
        double rate = (window[1][1] - window[0][1]) / Math.max(1e-9, (window[1][0] - window[0][0]) / 1e9);
        double cpu = window[1][1] == window[0][1] ? Double.NaN
                : (window[1][2] - window[0][2]) / 1e3 / (window[1][1] - window[0][1]);
        double ready = Double.NaN;
        for (long[] x : samples) {
            if (awaitHealBatches > 0 && x[3] >= awaitHealBatches) {
                ready = (x[0] - start) / 1e9;
                break;
            }
        }
        Result r = new Result(name, outputs, (end - start) / 1e9, rate, cpu,
                new ArrayList<>(Probe.healMs), new ArrayList<>(Probe.healCpuMs),
                Probe.healBatches.get(), Probe.propagationMs(config.get(dev.selfheal.job.config.ScoreSettings.PARALLELISM)),
                Probe.latencyHistogram(), memory, checkpointMb, ready, gcPauses, window(window, otherCpuNanos != null));
        log.printf("  %-24s %,11.0f events/s %6.3f µs CPU/event  (%,d events, %.1f s, %d heals, %d GC pauses up to %.0f ms,"
                        + " load %.1f)%n", name, rate, r.cpuUsPerEvent(), outputs, r.seconds(), r.healMs().size(),
                r.gcPausesMs().size(), r.gcPausesMs().stream().mapToDouble(Double::doubleValue).max().orElse(0),
                MachineInfo.loadAverage());
        deleteTree(checkpoints);
        return r;
    }

    /**
     * The two samples that bound the measurement: from FROM to TO of the expected output, starting
     * no earlier than the awaited heal batches; the whole run when that leaves no window.
     */
    static long[][] window(List<long[]> samples, long expected, long awaitHealBatches) {
        long[] a = null;
        for (long[] s : samples) {
            if (s[1] >= (long) (FROM * expected) && s[3] >= awaitHealBatches) {
                a = s;
                break;
            }
        }
        long[] b = null;
        long[] last = samples.get(samples.size() - 1);
        if (a != null && a[1] >= (long) (TO * expected)) {
            b = last[0] > a[0] && last[1] > a[1] ? last : null; // heals ended late: what is left after them
        } else if (a != null) {
            for (long[] s : samples) {
                if (s[0] > a[0] && s[1] >= (long) (TO * expected)) {
                    b = s;
                    break;
                }
            }
        }
        if (a == null || b == null) {
            return new long[][] {samples.get(0), samples.get(samples.size() - 1)};
        }
        return new long[][] {a, b};
    }

    private static Window window(long[][] w, boolean other) {
        double wallNanos = Math.max(1, w[1][0] - w[0][0]);
        long events = w[1][1] - w[0][1];
        double cores = (w[1][2] - w[0][2]) / wallNanos;
        if (!other) {
            return new Window(cores, Double.NaN, Double.NaN);
        }
        double otherNanos = w[1][4] - w[0][4];
        return new Window(cores, events == 0 ? Double.NaN : otherNanos / 1e3 / events, otherNanos / wallNanos);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long[] firstAtLeast(List<long[]> samples, long count) {
        for (long[] s : samples) {
            if (s[1] >= count) {
                return s;
            }
        }
        return null;
    }

    static double sizeMb(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // a checkpoint file deleted while we walked
                }
            }).sum() / 1048576.0;
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /**
     * Best effort: Flink may still be discarding a finished job's checkpoint files while we walk, so
     * a file vanishing under us is expected, and a leftover in the temp directory is harmless.
     */
    static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        } catch (IOException | UncheckedIOException e) {
            // see above
        }
    }
}
