package dev.selfheal.lab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.job.FlinkSettings;
import dev.selfheal.job.JobSources;
import dev.selfheal.job.SelfhealJob;
import dev.selfheal.job.config.CheckpointSettings;
import dev.selfheal.job.config.DriftSettings;
import dev.selfheal.job.config.HealSettings;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.MetricsSettings;
import dev.selfheal.job.config.ScoreSettings;
import dev.selfheal.job.event.Json;
import dev.selfheal.job.heal.FailureInjection;
import dev.selfheal.job.io.GeneratedTransactions;
import dev.selfheal.job.io.Sinks;
import dev.selfheal.lab.experiment.ExperimentRunner;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A backpressure fault as a drill: the production job ({@link SelfhealJob}: CSV text parsed
 * at parallelism 1, PROFILE, HEAL with RocksDB, SCORE, exactly-once file sinks, checkpoints as
 * configured) with its scored-event sink slowed to a fixed rate ({@link SinkThrottle}), fed
 * by a bounded source that could go a hundred times faster. The source is left to run ahead, so for
 * the whole run the job is backpressured from the sink back to the source.
 *
 * <p>It runs on its own embedded cluster so that it can watch the job as an operator would, through
 * Flink's REST API: checkpoint counts, durations and sizes ({@code /jobs/:id/checkpoints}), the
 * source task's backpressure level ({@code /jobs/:id/vertices/:v/backpressure}) and the records the
 * sink's task read; beside them this JVM's resident memory and heap (the embedded TaskManager's). At
 * the end it reads the committed output: every event scored exactly once, and the heals, published
 * adapters and scorers that applied them.
 */
final class BackpressureDrill {
    /**
     * @param seconds      length of the run at the sink's rate (events = seconds × sinkRate)
     * @param sinkRate     records per second the scored sink takes, over all subtasks
     * @param checkpointMs checkpoint interval
     * @param settings     further job settings (strings, as {@code --set} gives them)
     */
    record Options(double seconds, double sinkRate, int parallelism, long checkpointMs, Map<String, String> settings) {
        long events() {
            return Math.max(1, Math.round(seconds * sinkRate));
        }

        /** About 40 samples per second reach HEAL: a heal batch (100 rows) every ~2.5 s at any sink rate. */
        double sampleRate() {
            return Math.min(1.0, 40.0 / sinkRate);
        }
    }

    private static final long POLL_MS = 1000;
    /** Every this many samples go into the report's timeline. */
    private static final int TIMELINE_EVERY = 10;

    private BackpressureDrill() {}

    static ObjectNode run(BenchSetup setup, Options o, Path work, PrintStream log) throws Exception {
        Probe.reset();
        long events = o.events();
        TransactionPool pool = TransactionPool.of(setup.streamRows(), 8192, o.sampleRate(), 5_000);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put(ScoreSettings.PARALLELISM.key(), o.parallelism());
        s.put(HealSettings.SAMPLE_RATE.key(), o.sampleRate());
        s.put(CheckpointSettings.INTERVAL_MS.key(), o.checkpointMs());
        s.put(MetricsSettings.PROMETHEUS_PORT.key(), ""); // the machine is shared: no fixed ports
        s.put(DriftSettings.FIDI_WARMUP.key(), 0); // heals from the first batch on, so the run sees many
        s.putAll(o.settings());
        JobConfig c = JobConfig.defaults().with(s);

        Path dir = Files.createDirectories(work.resolve("backpressure"));
        Path out = dir.resolve("out");
        Path checkpoints = dir.resolve("checkpoints");
        Configuration conf = FlinkSettings.of(c, checkpoints, Files.createDirectories(dir.resolve("rocks")), 0);
        conf.set(RestOptions.PORT, 0);
        // The REST API reads task metrics (backpressure, records) through a fetcher: every 10 s by default.
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(POLL_MS));
        conf.set(PipelineOptions.NAME, "selfheal backpressure drill");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        JobSources sources = new JobSources(PooledLines.source(pool, events), GeneratedTransactions.header(), null,
                null, null);
        new SelfhealJob(c, HealerConfigs.from(c), setup.served(), sources, Sinks.files(out), FailureInjection.none())
                .beforeScoredSink(SinkThrottle.inFrontOfScoredSink(o.sinkRate())).build(env);
        JobGraph graph = env.getStreamGraph().getJobGraph();

        log.printf("bench: backpressure drill: %,d events through a scored sink limited to %,.0f records/s "
                        + "(%.0f s), checkpoints every %d ms, parallelism %d…%n", events, o.sinkRate(), o.seconds(),
                o.checkpointMs(), o.parallelism());
        DrillTimeline timeline = new DrillTimeline();
        JsonNode checkpointStats;
        Map<Long, Failure> failures;
        Map<Long, String> types;
        long submittedMs;
        double seconds;
        // One TaskManager with a slot per subtask, as a local environment would start, plus the REST API;
        // the same configuration as the job (buffer debloating is a TaskManager setting).
        MiniClusterConfiguration mc = new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(o.parallelism()).build();
        try (MiniCluster cluster = new MiniCluster(mc)) {
            cluster.start();
            FlinkRest rest = new FlinkRest(cluster.getRestAddress().get());
            submittedMs = System.currentTimeMillis();
            long start = System.nanoTime();
            JobID id = cluster.submitJob(graph).get().getJobID();
            long deadline = start + (long) ((3 * o.seconds() + 180) * 1e9);
            Watch watch = new Watch(rest, id, checkpoints);
            JobStatus status;
            while (!(status = cluster.getJobStatus(id).get()).isGloballyTerminalState()) {
                if (System.nanoTime() > deadline) {
                    cluster.cancelJob(id).get();
                    throw new IllegalStateException("backpressure drill: the job did not finish in time");
                }
                // Before the job runs, the REST handlers answer with errors (and log them).
                if (status != JobStatus.RUNNING) {
                    Thread.sleep(100);
                    continue;
                }
                timeline.add(watch.sample((System.nanoTime() - start) / 1e9));
                if (timeline.samples().size() % 30 == 0) {
                    DrillTimeline.Sample x = timeline.samples().get(timeline.samples().size() - 1);
                    log.printf("  %4.0f s  sourced %,9d  sink read %,9d  checkpoints %d (failed %d)  source %s  "
                                    + "RSS %,.0f MB%n", x.seconds(), x.sourced(), x.sinkRead(), x.completed(),
                            x.failed(), x.sourceLevel(), x.rssMb());
                }
                Thread.sleep(POLL_MS);
            }
            seconds = (System.nanoTime() - start) / 1e9;
            JobResult result = cluster.requestJobResult(id).get();
            if (!result.isSuccess()) {
                throw new IllegalStateException("backpressure drill: the job failed",
                        result.getSerializedThrowable().map(t -> t.deserializeError(BackpressureDrill.class
                                .getClassLoader())).orElse(null));
            }
            checkpointStats = watch.checkpoints();
            failures = watch.failures;
            types = watch.types;
        }
        ObjectNode report = report(o, events, seconds, timeline, checkpointStats, failures, types, submittedMs, out);
        JobRun.deleteTree(dir);
        return report;
    }

    /** Reads one sample's worth of figures from the REST API and this JVM. */
    private static final class Watch {
        private final FlinkRest rest;
        private final JobID id;
        private final Path checkpoints;
        private String sourceVertex;
        private String sinkVertex;
        /** Failed checkpoints seen in the REST history, by id. */
        final Map<Long, Failure> failures = new TreeMap<>();
        /** Completed checkpoints seen in the REST history: id → type (aligned or unaligned). */
        final Map<Long, String> types = new TreeMap<>();

        Watch(FlinkRest rest, JobID id, Path checkpoints) {
            this.rest = rest;
            this.id = id;
            this.checkpoints = checkpoints;
        }

        /** The checkpoint statistics; notes the failed ones in the history (the last ten) as it goes. */
        JsonNode checkpoints() {
            JsonNode stats = rest.get("/jobs/" + id + "/checkpoints");
            for (JsonNode h : stats.path("history")) {
                if ("COMPLETED".equals(h.path("status").asText())) {
                    types.putIfAbsent(h.path("id").asLong(), h.path("checkpoint_type").asText());
                } else if ("FAILED".equals(h.path("status").asText())) {
                    failures.putIfAbsent(h.path("id").asLong(), new Failure(h.path("trigger_timestamp").asLong(),
                            h.path("failure_message").asText("")));
                }
            }
            return stats;
        }

        DrillTimeline.Sample sample(double seconds) {
            JsonNode job = rest.get("/jobs/" + id);
            long sinkRead = -1;
            boolean sourceRunning = false;
            for (JsonNode v : job.path("vertices")) {
                String name = v.path("name").asText();
                if (name.startsWith("Source: transactions")) {
                    sourceVertex = v.path("id").asText();
                    sourceRunning = "RUNNING".equals(v.path("status").asText());
                } else if (name.contains("SCORE")) {
                    // SCORE, its JSON formatting, the slow sink and the sink writer are one chained task.
                    sinkVertex = v.path("id").asText();
                    sinkRead = v.path("metrics").path("read-records").asLong(-1);
                }
            }
            JsonNode stats = checkpoints();
            JsonNode counts = stats.path("counts");
            String level = null;
            double ratio = Double.NaN;
            if (sourceRunning) {
                JsonNode bp = rest.get("/jobs/" + id + "/vertices/" + sourceVertex + "/backpressure");
                if ("ok".equals(bp.path("status").asText()) && bp.path("subtasks").size() > 0) {
                    level = bp.path("backpressureLevel").asText(bp.path("backpressure-level").asText(null));
                    ratio = 0;
                    for (JsonNode st : bp.path("subtasks")) {
                        ratio = Math.max(ratio, st.path("ratio").asDouble(Double.NaN));
                    }
                }
            }
            double busy = Double.NaN; // the sink's task: busy all the time means it is the bottleneck
            if (sinkVertex != null) {
                JsonNode bp = rest.get("/jobs/" + id + "/vertices/" + sinkVertex + "/backpressure");
                double sum = 0;
                int n = 0;
                for (JsonNode st : bp.path("subtasks")) {
                    if (st.has("busyRatio")) {
                        sum += st.path("busyRatio").asDouble();
                        n++;
                    }
                }
                busy = n == 0 ? Double.NaN : sum / n;
            }
            return new DrillTimeline.Sample(seconds, Probe.sourced.get(), sinkRead,
                    counts.path("completed").asLong(0), counts.path("failed").asLong(0), level, ratio, busy,
                    MemoryProbe.rssMb(), MemoryProbe.heapUsedMb(), MemoryProbe.heapAfterLastGcMb(),
                    JobRun.sizeMb(checkpoints));
        }

    }

    /** A failed checkpoint: when it was triggered (epoch ms) and Flink's reason. */
    record Failure(long triggeredMs, String reason) {}

    private static ObjectNode report(Options o, long events, double seconds, DrillTimeline t, JsonNode cp,
                                     Map<Long, Failure> failures, Map<Long, String> types, long submittedMs,
                                     Path out) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("what", "SelfhealJob (CSV text source and parse at parallelism 1, PROFILE, HEAL, SCORE, exactly-once "
                + "file sinks, RocksDB) with the scored sink limited to sink_rate_per_s (a throttle in front of it); "
                + "the bounded source is unthrottled, so only backpressure holds it back");
        r.put("minutes", BenchReport.round(o.seconds() / 60));
        r.put("seconds_run", BenchReport.round(seconds));
        r.put("parallelism", o.parallelism());
        r.put("sink_rate_per_s", o.sinkRate());
        r.put("events", events);
        r.put("checkpoint_interval_ms", o.checkpointMs());
        r.put("sample_rate", BenchReport.round(o.sampleRate()));

        ObjectNode c = r.putObject("checkpoints");
        JsonNode counts = cp.path("counts");
        JsonNode summary = cp.path("summary");
        c.put("triggered", counts.path("total").asLong(-1));
        c.put("completed", counts.path("completed").asLong(-1));
        c.put("failed", counts.path("failed").asLong(-1));
        c.put("completed_while_backpressured", t.completedWhileBackpressured());
        c.put("duration_ms_p50", summary.path("end_to_end_duration").path("p50").asDouble(Double.NaN));
        c.put("duration_ms_max", summary.path("end_to_end_duration").path("max").asDouble(Double.NaN));
        c.put("checkpointed_size_kb_p50", kb(summary.path("checkpointed_size").path("p50")));
        c.put("checkpointed_size_kb_max", kb(summary.path("checkpointed_size").path("max")));
        c.put("state_size_kb_max", kb(summary.path("state_size").path("max")));
        // In-flight records written into unaligned checkpoints: bounded by buffer debloating.
        c.put("persisted_in_flight_kb_max", kb(summary.path("persisted_data").path("max")));
        // Checkpoints can fail at the edges of a bounded run, unrelated to backpressure: triggered before
        // every task is running ("tasks not ready" while DJL loads) or while tasks finish at the end of
        // the input. What the drill is about is the steady, backpressured middle.
        c.put("failed_while_backpressured", t.failedWhileBackpressured());
        ObjectNode why = c.putObject("failure_reasons");
        failures.forEach((id, f) -> why.put(Long.toString(id), String.format("at %.1f s: %s",
                (f.triggeredMs() - submittedMs) / 1000.0, f.reason())));
        ObjectNode byType = c.putObject("completed_by_type");
        types.values().forEach(type -> byType.put(type, byType.path(type).asLong(0) + 1));
        c.put("checkpoint_dir_mb_max", BenchReport.round(t.samples().stream()
                .mapToDouble(DrillTimeline.Sample::checkpointDirMb).max().orElse(Double.NaN)));

        ObjectNode b = r.putObject("backpressure");
        b.put("source_backpressured_share_of_samples", BenchReport.round(t.backpressuredShare()));
        b.put("source_backpressured_ratio_mean", BenchReport.round(t.mean(DrillTimeline.Sample::sourceRatio)));
        b.put("sink_task_busy_ratio_mean", BenchReport.round(t.mean(DrillTimeline.Sample::sinkBusy)));
        // The source could emit every event in seconds; backpressure holds it to the sink's pace.
        b.put("source_events_per_s", Math.round(t.rate(DrillTimeline.Sample::sourced, 0.2, 0.8)));
        b.put("sink_records_per_s", Math.round(t.rate(DrillTimeline.Sample::sinkRead, 0.2, 0.8)));
        b.put("samples", t.samples().size());


        ObjectNode m = r.putObject("memory");
        m.put("note", "this JVM is the embedded TaskManager; slopes over the last 2/3 of the run");
        m.set("rss_mb", t.summary(DrillTimeline.Sample::rssMb, 1.0 / 3));
        m.set("heap_used_mb", t.summary(DrillTimeline.Sample::heapUsedMb, 1.0 / 3));
        m.set("heap_after_gc_mb", t.summary(DrillTimeline.Sample::heapAfterGcMb, 1.0 / 3));

        outputs(r, events, out, o.parallelism());

        ArrayNode tl = r.putArray("timeline");
        List<DrillTimeline.Sample> samples = t.samples();
        for (int i = 0; i < samples.size(); i++) {
            if (i % TIMELINE_EVERY == 0 || i == samples.size() - 1) {
                DrillTimeline.Sample x = samples.get(i);
                tl.addObject().put("s", BenchReport.round(x.seconds())).put("sourced", x.sourced())
                        .put("sink_read", x.sinkRead()).put("checkpoints", x.completed())
                        .put("checkpoints_failed", x.failed())
                        .put("source_level", x.sourceLevel()).put("rss_mb", BenchReport.round(x.rssMb()))
                        .put("heap_used_mb", BenchReport.round(x.heapUsedMb()));
            }
        }
        return r;
    }

    /** The committed output: scored events (each event's ts exactly once), heals and their propagation. */
    private static void outputs(ObjectNode r, long events, Path out, int parallelism) {
        BitSet seen = new BitSet();
        long scored = 0;
        long duplicates = 0;
        long outside = 0;
        long byHealed = 0;
        for (String line : Sinks.readCommitted(out.resolve(Sinks.SCORED))) {
            JsonNode e = Json.read(line);
            scored++;
            long g = e.path("ts").asLong() - PooledTransactions.T0;
            if (g < 0 || g >= events) {
                outside++;
            } else if (seen.get((int) g)) {
                duplicates++;
            } else {
                seen.set((int) g);
            }
            if (e.path("model_version").asLong() > 1) {
                byHealed++;
            }
        }
        ObjectNode o = r.putObject("output");
        o.put("events_in", events);
        o.put("scored", scored);
        o.put("distinct", seen.cardinality());
        o.put("duplicates", duplicates);
        o.put("unknown", outside);
        o.put("lost", events - seen.cardinality());

        List<BatchMetrics> rows = ExperimentRunner.readMetricsRows(out);
        Set<Long> published = new TreeSet<>();
        for (String line : Sinks.readCommitted(out.resolve(Sinks.ADAPTERS))) {
            published.add(Json.read(line).path("version").asLong());
        }
        Map<Long, Set<Integer>> appliedBy = new HashMap<>();
        List<Double> lags = new ArrayList<>();
        long refused = 0;
        for (String line : Sinks.readCommitted(out.resolve(Sinks.APPLIED))) {
            JsonNode a = Json.read(line);
            if (!a.path("refused").isNull()) {
                refused++;
                continue;
            }
            appliedBy.computeIfAbsent(a.path("version").asLong(), k -> new TreeSet<>()).add(a.path("subtask").asInt());
            lags.add(a.path("lag_ms").asDouble());
        }
        long everywhere = published.stream().filter(v -> appliedBy.getOrDefault(v, Set.of()).size() == parallelism)
                .count();
        ObjectNode h = r.putObject("healing");
        h.put("heal_batches", rows.size());
        h.put("heals", rows.stream().filter(x -> x.healMs > 0).count());
        h.put("published_versions", published.size());
        h.put("versions_applied_by_every_scorer", everywhere);
        h.put("refused_by_scorers", refused);
        h.put("scored_by_healed_versions", byHealed);
        h.put("propagation_ms_p50", Percentiles.of(lags, 0.5));
        h.put("propagation_ms_max", lags.stream().mapToDouble(x -> x).max().orElse(Double.NaN));
        TreeMap<String, Long> states = new TreeMap<>();
        rows.forEach(x -> states.merge(String.valueOf(x.state), 1L, Long::sum));
        h.putPOJO("batch_states", states);
    }

    private static double kb(JsonNode bytes) {
        return bytes.isNumber() ? BenchReport.round(bytes.asDouble() / 1024) : Double.NaN;
    }

    /** A few lines for the console. */
    static List<String> summary(ObjectNode r) {
        JsonNode c = r.path("checkpoints");
        JsonNode b = r.path("backpressure");
        JsonNode rss = r.path("memory").path("rss_mb");
        JsonNode heap = r.path("memory").path("heap_after_gc_mb");
        JsonNode o = r.path("output");
        JsonNode h = r.path("healing");
        return List.of(
                String.format("  %.1f min at %s records/s: %d events in, %d scored, %d lost, %d duplicated",
                        r.path("seconds_run").asDouble() / 60, r.path("sink_rate_per_s").asText(),
                        o.path("events_in").asLong(), o.path("scored").asLong(), o.path("lost").asLong(),
                        o.path("duplicates").asLong()),
                String.format("  checkpoints: %d triggered, %d completed (%d while backpressured), %d failed (%d while "
                                + "backpressured) %s; duration p50 %s ms, max %s ms; checkpointed size p50 %s KB, max %s "
                                + "KB; in-flight persisted max %s KB; by type %s",
                        c.path("triggered").asLong(), c.path("completed").asLong(),
                        c.path("completed_while_backpressured").asLong(), c.path("failed").asLong(),
                        c.path("failed_while_backpressured").asLong(), c.path("failure_reasons"),
                        c.path("duration_ms_p50").asText(), c.path("duration_ms_max").asText(),
                        c.path("checkpointed_size_kb_p50").asText(), c.path("checkpointed_size_kb_max").asText(),
                        c.path("persisted_in_flight_kb_max").asText(), c.path("completed_by_type")),
                String.format("  backpressure: source HIGH in %s of samples (ratio mean %s), sink task busy %s; "
                                + "source %s events/s, sink %s records/s",
                        b.path("source_backpressured_share_of_samples").asText(),
                        b.path("source_backpressured_ratio_mean").asText(), b.path("sink_task_busy_ratio_mean").asText(),
                        b.path("source_events_per_s").asText(), b.path("sink_records_per_s").asText()),
                String.format("  memory: RSS first %s / last %s / max %s MB (slope %s MB/min); heap after GC first "
                                + "%s / last %s / max %s MB",
                        rss.path("first").asText(), rss.path("last").asText(), rss.path("max").asText(),
                        rss.path("slope_per_min").asText(), heap.path("first").asText(),
                        heap.path("last").asText(), heap.path("max").asText()),
                String.format("  healing: %d heal batches, %d heals, %d versions published, %d applied by every "
                                + "scorer, %d events scored by healed versions; propagation p50 %s ms, max %s ms",
                        h.path("heal_batches").asLong(), h.path("heals").asLong(), h.path("published_versions").asLong(),
                        h.path("versions_applied_by_every_scorer").asLong(), h.path("scored_by_healed_versions").asLong(),
                        h.path("propagation_ms_p50").asText(), h.path("propagation_ms_max").asText()));
    }
}
