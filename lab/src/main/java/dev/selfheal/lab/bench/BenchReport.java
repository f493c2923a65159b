package dev.selfheal.lab.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.job.event.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's JSON: the documented keys ({@code kernel_us_per_record}, {@code e2e_events_per_s},
 * {@code passthrough_events_per_s}, {@code heal_ms_p50/p99}, {@code propagation_ms_p50/p99},
 * {@code latency_ms_p50/p99}, {@code rss_mb}, {@code models}), the references measured beside
 * them, the machine, and the performance goals with what was measured against each.
 */
final class BenchReport {
    private final ObjectNode root = Json.MAPPER.createObjectNode();
    private final ObjectNode kernel = Json.MAPPER.createObjectNode();
    private final ObjectNode e2e = Json.MAPPER.createObjectNode();
    private final ObjectNode passThrough = Json.MAPPER.createObjectNode();
    private final ObjectNode ratio = Json.MAPPER.createObjectNode();
    private final ObjectNode e2eCpu = Json.MAPPER.createObjectNode();
    private final ObjectNode passThroughCpu = Json.MAPPER.createObjectNode();
    private final ObjectNode cpuRatio = Json.MAPPER.createObjectNode();
    private final ObjectNode rss = Json.MAPPER.createObjectNode();
    private final ObjectNode heap = Json.MAPPER.createObjectNode();
    private final ObjectNode models = Json.MAPPER.createObjectNode();
    private final ObjectNode modelsDetail = Json.MAPPER.createObjectNode();
    /** The scale part again with a model of another adapter width: width → its models figures. */
    private final Map<Integer, ObjectNode[]> modelsByWidth = new java.util.TreeMap<>();
    private final ObjectNode refs = Json.MAPPER.createObjectNode();
    private ObjectNode backpressure;
    private ObjectNode kafka;
    private ObjectNode parse;
    private final ObjectNode healByParallelism = Json.MAPPER.createObjectNode();

    void machine(ObjectNode m) {
        root.set("machine", m);
    }

    void machineAfter(double loadAverage) {
        ((ObjectNode) root.get("machine")).put("load_average_at_end", loadAverage);
    }

    /** @param c the job settings of the runs (defaults with the bench's --set values) */
    void settings(BenchRunner.BenchOptions o, dev.selfheal.job.config.JobConfig c, String resolvedKernel) {
        ObjectNode s = root.putObject("settings");
        s.put("events", o.events());
        s.put("parallelism", o.parallelism());
        s.put("sample_rate", o.sampleRate());
        s.put("heal_batch", c.get(dev.selfheal.job.config.HealSettings.BATCH_SIZE));
        s.put("score_batch_size", c.get(dev.selfheal.job.config.ScoreSettings.BATCH_SIZE));
        s.put("score_max_batch_size", c.get(dev.selfheal.job.config.ScoreSettings.MAX_BATCH_SIZE));
        s.put("score_flush_ms", c.get(dev.selfheal.job.config.ScoreSettings.FLUSH_MS));
        s.put("kernel", resolvedKernel);
        if (o.model() != null) {
            s.put("model", o.model().toString());
        }
        s.put("adapter_width", o.adapterWidth() == null ? "backbone width" : o.adapterWidth().toString());
        if (o.scaleAdapterWidth() != null) {
            s.put("scale_adapter_width", o.scaleAdapterWidth());
        }
        s.put("object_reuse", !"false".equals(o.settings().get("flink.pipeline.object-reuse")));
        s.put("checkpointing", "RocksDB, incremental, every "
                + c.get(dev.selfheal.job.config.CheckpointSettings.INTERVAL_MS) + " ms");
        s.put("parts", String.join(",", o.parts()));
        s.put("heal_thread_priority", c.get(dev.selfheal.job.config.HealSettings.THREAD_PRIORITY));
        s.put("jvm_passes_thread_priorities", dev.selfheal.job.heal.TaskThreadPriority.jvmPassesPriorities());
    }

    void kernel(String name, Map<Integer, Double> chosen, Map<Integer, Double> djl, Map<Integer, Double> djlHealedOnly,
                double scalar) {
        chosen.forEach((b, us) -> kernel.put(b.toString(), round(us)));
        ObjectNode k = refs.putObject("kernel");
        k.put("engine", name);
        ObjectNode d = k.putObject("djl_us_per_record");
        djl.forEach((b, us) -> d.put(b.toString(), round(us)));
        ObjectNode dh = k.putObject("djl_healed_only_us_per_record");
        djlHealedOnly.forEach((b, us) -> dh.put(b.toString(), round(us)));
        if (Double.isFinite(scalar)) {
            k.put("scalar_java_us_per_record", round(scalar));
        }
        ObjectNode speed = k.putObject("speedup_vs_djl");
        chosen.forEach((b, us) -> speed.put(b.toString(), round(djl.get(b) / us)));
        if (Double.isFinite(scalar)) {
            k.put("speedup_vs_scalar_java_at_256", round(scalar / chosen.get(256)));
        }
    }

    /**
     * SCORE's per-record work by served form ({@link ServedFormBench}), beside the kernel's figures.
     */
    void servedForms(int batch, Map<String, Double> usPerRecord) {
        ObjectNode k = refs.has("kernel") ? (ObjectNode) refs.get("kernel") : refs.putObject("kernel");
        ObjectNode f = k.putObject("score_us_per_record_by_served_form");
        f.put("batch", batch);
        usPerRecord.forEach((form, us) -> f.put(form, round(us)));
    }

    void endToEnd(int parallelism, JobRun.Result scored, JobRun.Result pt) {
        String p = Integer.toString(parallelism);
        e2e.put(p, Math.round(scored.eventsPerS()));
        passThrough.put(p, Math.round(pt.eventsPerS()));
        ratio.put(p, round(scored.eventsPerS() / pt.eventsPerS()));
        e2eCpu.put(p, round(scored.cpuUsPerEvent()));
        passThroughCpu.put(p, round(pt.cpuUsPerEvent()));
        cpuRatio.put(p, round(pt.cpuUsPerEvent() / scored.cpuUsPerEvent()));
    }

    void memory(JobRun.Result scored) {
        new java.util.TreeMap<>(scored.memory()).forEach((at, m) -> {
            rss.put(at.toString(), round(m[0]));
            heap.put(at.toString(), round(m[1]));
        });
    }

    /** Heal and propagation figures from inside the scored runs at full parallelism and load. */
    void inJob(List<JobRun.Result> runs) {
        List<Double> heals = new ArrayList<>();
        List<Double> propagation = new ArrayList<>();
        long batches = 0;
        for (JobRun.Result r : runs) {
            heals.addAll(r.healMs());
            propagation.addAll(r.propagationMs());
            batches += r.healBatches();
        }
        root.put("heal_ms_p50", round(Percentiles.of(heals, 0.5)));
        root.put("heal_ms_p99", round(Percentiles.of(heals, 0.99)));
        List<Double> cpu = new ArrayList<>();
        runs.forEach(r -> cpu.addAll(r.healCpuMs()));
        root.put("heal_cpu_ms_p50", round(Percentiles.of(cpu, 0.5)));
        root.put("heals", heals.size());
        root.put("heal_batches", batches);
        root.put("propagation_ms_p50", round(Percentiles.of(propagation, 0.5)));
        root.put("propagation_ms_p99", round(Percentiles.of(propagation, 0.99)));
        root.put("propagated_versions", propagation.size());
    }

    /**
     * In-job heal figures of the scored runs at one parallelism: wall time ({@code heal_ms}) and the
     * HEAL thread's CPU time over the same interval; the gap is time spent waiting for a core.
     */
    void healAt(int parallelism, List<JobRun.Result> scoredRuns) {
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (JobRun.Result r : scoredRuns) {
            wall.addAll(r.healMs());
            cpu.addAll(r.healCpuMs());
        }
        ObjectNode h = healByParallelism.putObject(Integer.toString(parallelism));
        h.put("heals", wall.size());
        h.put("heal_ms_p50", round(Percentiles.of(wall, 0.5)));
        h.put("heal_ms_p99", round(Percentiles.of(wall, 0.99)));
        h.put("heal_cpu_ms_p50", round(Percentiles.of(cpu, 0.5)));
        h.put("heal_cpu_ms_p99", round(Percentiles.of(cpu, 0.99)));
        // Kept apart as well as in the percentiles: the first heal of a task is where one-off costs
        // (native set-up on a new thread) would show.
        var first = h.putArray("first_heal_ms_of_each_run");
        scoredRuns.stream().filter(r -> !r.healMs().isEmpty()).forEach(r -> first.add(round(r.healMs().get(0))));
        gcPauses(h, scoredRuns);
    }

    /**
     * The JVM's collection pauses over the runs the heals come from: a heal that overlaps one waits
     * it out, so the tail of {@code heal_ms} is read beside them.
     */
    private static void gcPauses(ObjectNode h, List<JobRun.Result> runs) {
        List<Double> pauses = new ArrayList<>();
        double seconds = 0;
        for (JobRun.Result r : runs) {
            pauses.addAll(r.gcPausesMs());
            seconds += r.seconds();
        }
        double total = pauses.stream().mapToDouble(Double::doubleValue).sum();
        ObjectNode g = h.putObject("gc_pauses");
        g.put("count", pauses.size());
        g.put("ms_p50", round(Percentiles.of(pauses, 0.5)));
        g.put("ms_max", round(Percentiles.of(pauses, 1.0)));
        g.put("ms_per_s", round(seconds > 0 ? total / seconds : Double.NaN));
    }

    void latency(double rate, JobRun.Result r) {
        root.put("latency_ms_p50", Percentiles.ofHistogram(r.latencyHistogram(), 0.5));
        root.put("latency_ms_p99", Percentiles.ofHistogram(r.latencyHistogram(), 0.99));
        root.put("latency_rate_events_per_s", Math.round(rate));
        root.put("latency_achieved_events_per_s", Math.round(r.eventsPerS()));
        root.put("latency_samples", Percentiles.total(r.latencyHistogram()));
        // The same heals as heal_ms_p50/p99, but with cores to spare: at full load HEAL waits for one
        // behind four busy task threads, which is the machine's share, not the heal's cost.
        ObjectNode h = root.putObject("heal_at_half_load");
        h.put("heals", r.healMs().size());
        h.put("heal_ms_p50", round(Percentiles.of(r.healMs(), 0.5)));
        h.put("heal_ms_p99", round(Percentiles.of(r.healMs(), 0.99)));
        h.put("heal_cpu_ms_p50", round(Percentiles.of(r.healCpuMs(), 0.5)));
        h.put("heal_cpu_ms_p99", round(Percentiles.of(r.healCpuMs(), 0.99)));
        gcPauses(h, List.of(r));
    }

    /**
     * @param routeBy   {@code score.route-by} of the run behind the figure
     * @param byAccount the same model count routed by account, for comparison, or null
     */
    void models(int count, JobRun.Result r, String routeBy, JobRun.Result byAccount) {
        models(models, modelsDetail, count, r, routeBy, byAccount);
    }

    /** The same figures for the scale part's second model, whose adapters are {@code width} wide. */
    void modelsAtWidth(int width, int count, JobRun.Result r, String routeBy, JobRun.Result byAccount) {
        ObjectNode[] m = modelsByWidth.computeIfAbsent(width,
                w -> new ObjectNode[] {Json.MAPPER.createObjectNode(), Json.MAPPER.createObjectNode()});
        models(m[0], m[1], count, r, routeBy, byAccount);
    }

    private static void models(ObjectNode models, ObjectNode detail, int count, JobRun.Result r, String routeBy,
                               JobRun.Result byAccount) {
        models.put(Integer.toString(count), Math.round(r.eventsPerS()));
        ObjectNode d = detail.putObject(Integer.toString(count));
        d.put("route_by", routeBy);
        modelRun(d, r);
        if (byAccount != null) {
            modelRun(d.putObject("by_account"), byAccount);
        }
    }

    private static void scaleFigures(ObjectNode out, ObjectNode models, ObjectNode detail) {
        out.set("models", models);
        out.set("models_detail", detail);
        if (models.has("1")) {
            ObjectNode rel = Json.MAPPER.createObjectNode();
            double one = models.get("1").asDouble();
            models.fields().forEachRemaining(e -> rel.put(e.getKey(), round(e.getValue().asDouble() / one)));
            out.set("models_over_one", rel);
            ObjectNode byCpu = Json.MAPPER.createObjectNode();
            double oneCpu = detail.get("1").get("cpu_us_per_event").asDouble();
            detail.fields().forEachRemaining(e -> byCpu.put(e.getKey(),
                    round(oneCpu / e.getValue().get("cpu_us_per_event").asDouble())));
            out.set("models_over_one_by_cpu", byCpu);
        }
    }

    private static void modelRun(ObjectNode d, JobRun.Result r) {
        d.put("events_per_s", Math.round(r.eventsPerS()));
        d.put("cpu_us_per_event", round(r.cpuUsPerEvent()));
        d.put("checkpoint_mb", round(r.checkpointMb()));
        d.put("heals", r.healMs().size());
        d.put("heal_batches", r.healBatches());
        // Every model's first heal batch, closed in a burst at the start: how fast HEAL gets through it.
        d.put("seconds_until_every_model_healed", round(r.readySeconds()));
        d.put("heal_ms_p50", round(Percentiles.of(r.healMs(), 0.5)));
        d.put("heal_ms_p99", round(Percentiles.of(r.healMs(), 0.99)));
        d.put("propagated_versions", r.propagationMs().size());
        d.put("propagation_ms_p99", round(Percentiles.of(r.propagationMs(), 0.99)));
    }

    /** The production job from a CSV file, beside its own ends from the same file ({@code pt}). */
    void csv(JobRun.Result r, JobRun.Result pt, long bytes) {
        ObjectNode c = refs.putObject("csv_file");
        c.put("events_per_s", Math.round(r.eventsPerS()));
        c.put("cpu_us_per_event", round(r.cpuUsPerEvent()));
        c.put("passthrough_events_per_s", Math.round(pt.eventsPerS()));
        c.put("passthrough_cpu_us_per_event", round(pt.cpuUsPerEvent()));
        c.put("scored_over_passthrough", round(r.eventsPerS() / pt.eventsPerS()));
        c.put("scored_over_passthrough_by_cpu", round(pt.cpuUsPerEvent() / r.cpuUsPerEvent()));
        c.put("events", r.outputs());
        c.put("file_mb", round(bytes / 1048576.0));
        c.put("heals", r.healMs().size());
        c.put("graph", "SelfhealJob as `run` builds it: FileSource and parse at parallelism 1, JSON-formatted "
                + "scored events; pass-through: the same job's ends (SelfhealJob.buildEnds) without PROFILE, HEAL "
                + "and SCORE, alternating with it, the best of each");
    }

    /**
     * The Kafka part's common settings.
     *
     * @param broker how the broker's process was found, null when it was not (its CPU is then not reported)
     */
    void kafka(long events, int partitions, long checkpointIntervalMs, String broker) {
        kafka = Json.MAPPER.createObjectNode();
        kafka.put("events_per_format", events);
        kafka.put("partitions", partitions);
        kafka.put("checkpoint_interval_ms", checkpointIntervalMs);
        kafka.put("graph", "SelfhealJob as `run` builds it from kafka:TOPIC (source and parse at parallelism 1, "
                + "kafka.stop latest) to kafka.scored-topic (exactly once), input.format = output.format; "
                + "pass-through: the same job's ends (SelfhealJob.buildEnds) without PROFILE, HEAL and SCORE");
        kafka.put("broker", "a separate local process (deploy/local/kafka.sh) on the same cores as the job; its CPU "
                + "from /proc/PID/stat over the same window" + (broker == null ? ": not found, not reported" : ", " + broker));
        kafka.putObject("formats");
    }

    /** Scored and pass-through figures of one format, each the best of its alternating runs. */
    void kafkaFormat(String format, JobRun.Result scored, JobRun.Result pt) {
        ObjectNode f = ((ObjectNode) kafka.get("formats")).putObject(format);
        f.put("scored_events_per_s", Math.round(scored.eventsPerS()));
        f.put("scored_cpu_us_per_event", round(scored.cpuUsPerEvent()));
        f.put("passthrough_events_per_s", Math.round(pt.eventsPerS()));
        f.put("passthrough_cpu_us_per_event", round(pt.cpuUsPerEvent()));
        f.put("scored_over_passthrough", round(scored.eventsPerS() / pt.eventsPerS()));
        // As e2e_over_passthrough_by_cpu: below 1 when scoring costs more per event.
        f.put("scored_over_passthrough_by_cpu", round(pt.cpuUsPerEvent() / scored.cpuUsPerEvent()));
        f.put("scored_job_cores", round(scored.window().cores()));
        f.put("passthrough_job_cores", round(pt.window().cores()));
        f.put("scored_broker_cpu_us_per_event", round(scored.window().otherCpuUsPerEvent()));
        f.put("passthrough_broker_cpu_us_per_event", round(pt.window().otherCpuUsPerEvent()));
        f.put("scored_broker_cores", round(scored.window().otherCores()));
        f.put("passthrough_broker_cores", round(pt.window().otherCores()));
        int nproc = Runtime.getRuntime().availableProcessors();
        f.put("scored_broker_share_of_cores", round(scored.window().otherCores() / nproc));
        f.put("passthrough_broker_share_of_cores", round(pt.window().otherCores() / nproc));
    }

    void kafkaLatency(String format, KafkaBench.Latency l) {
        ObjectNode f = ((ObjectNode) kafka.get("formats")).with(format);
        f.put("latency_ms_p50", Percentiles.ofHistogram(l.histogram(), 0.5));
        f.put("latency_ms_p99", Percentiles.ofHistogram(l.histogram(), 0.99));
        f.put("latency_ms_max", Percentiles.ofHistogram(l.histogram(), 1.0));
        f.put("latency_rate_events_per_s", Math.round(l.rate()));
        f.put("latency_achieved_events_per_s", Math.round(l.achievedRate()));
        f.put("latency_samples", l.measured());
        f.put("latency_what", "producer's wall clock (the record's ts) to a read_committed consumer of the scored "
                + "topic seeing it; output is committed at checkpoints, every " + l.checkpointIntervalMs() + " ms");
    }

    void parse(Map<String, ParseBench.Cost> costs) {
        parse = Json.MAPPER.createObjectNode();
        costs.forEach((format, c) -> {
            ObjectNode f = parse.putObject(format);
            f.put("cpu_us_per_record", round(c.cpuUsPerRecord()));
            f.put("bytes_allocated_per_record", Math.round(c.bytesPerRecord()));
            f.put("record_bytes", c.recordBytes());
        });
        parse.put("what", "the job's decoders alone over pooled record values, one thread, thread CPU time, median "
                + "of 5 windows; csv as a Kafka CSV record is read (bytes to String, then the line parser)");
    }

    void backpressure(ObjectNode drill) {
        backpressure = drill;
    }

    void kafkaNotMeasured(String reason) {
        kafka = Json.MAPPER.createObjectNode().put("measured", false).put("reason", reason);
    }

    ObjectNode finish() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("machine", root.get("machine"));
        out.set("settings", root.get("settings"));
        out.set("kernel_us_per_record", kernel);
        out.set("e2e_events_per_s", e2e);
        out.set("passthrough_events_per_s", passThrough);
        out.set("e2e_over_passthrough", ratio);
        // CPU per event (whole process, same window): what an event costs, whatever else runs.
        out.set("e2e_cpu_us_per_event", e2eCpu);
        out.set("passthrough_cpu_us_per_event", passThroughCpu);
        out.set("e2e_over_passthrough_by_cpu", cpuRatio);
        if (!healByParallelism.isEmpty()) {
            out.set("heal_by_parallelism", healByParallelism);
        }
        for (String k : new String[] {"heal_ms_p50", "heal_ms_p99", "heal_cpu_ms_p50", "heals", "heal_batches",
                "propagation_ms_p50",
                "propagation_ms_p99", "propagated_versions", "latency_ms_p50", "latency_ms_p99",
                "latency_rate_events_per_s", "latency_achieved_events_per_s", "latency_samples", "heal_at_half_load"}) {
            if (root.has(k)) {
                out.set(k, root.get(k));
            }
        }
        out.set("rss_mb", rss);
        out.set("heap_committed_mb", heap);
        if (rss.size() == 2) {
            var it = rss.fields();
            double a = it.next().getValue().asDouble();
            double b = it.next().getValue().asDouble();
            out.put("rss_growth_pct", round(100 * (b - a) / a));
        }
        scaleFigures(out, models, modelsDetail);
        if (!modelsByWidth.isEmpty()) {
            ObjectNode byWidth = out.putObject("models_by_adapter_width");
            modelsByWidth.forEach((w, m) -> scaleFigures(byWidth.putObject(w.toString()), m[0], m[1]));
        }
        out.set("references", refs);
        if (kafka != null) {
            out.set("kafka", kafka);
        }
        if (parse != null) {
            out.set("parse", parse);
        }
        if (backpressure != null) {
            out.set("backpressure_drill", backpressure);
        }
        out.set("goals", Goals.evaluate(out));
        nullNonFinite(out);
        return out;
    }

    /** JSON has no NaN: a figure that could not be measured is null. */
    private static void nullNonFinite(com.fasterxml.jackson.databind.JsonNode node) {
        if (node instanceof ObjectNode o) {
            var it = o.fields();
            java.util.List<String> bad = new ArrayList<>();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getValue().isNumber() && !Double.isFinite(e.getValue().asDouble())) {
                    bad.add(e.getKey());
                } else {
                    nullNonFinite(e.getValue());
                }
            }
            bad.forEach(o::putNull);
        } else if (node instanceof ArrayNode a) {
            a.forEach(BenchReport::nullNonFinite);
        }
    }

    void healAlone(double[] wallMs, double[] cpuMs) {
        ObjectNode h = refs.putObject("heal_alone");
        h.put("what", "HealingTrainer.heal: 5 Adam steps on 100 rows, in the bench's own thread, no job running");
        h.put("wall_ms_p50", round(wallMs[0]));
        h.put("wall_ms_p99", round(wallMs[1]));
        h.put("cpu_ms_p50", round(cpuMs[0]));
    }

    /** {@link HealBench#healerAlone}: {wall p50, p99}, {CPU p50, p99}, {heals}. */
    void healerAlone(double[][] f) {
        ObjectNode h = refs.putObject("heal_ms_alone");
        h.put("what", "the interval the job reports as heal_ms (Healer update: training batch, 5 Adam steps, Platt "
                + "refit, pre-heal snapshot) with the job's profile, in the bench's own thread, no job running; "
                + "snapshots encoded in memory instead of RocksDB");
        h.put("heals", (int) f[2][0]);
        h.put("wall_ms_p50", round(f[0][0]));
        h.put("wall_ms_p99", round(f[0][1]));
        h.put("cpu_ms_p50", round(f[1][0]));
        h.put("cpu_ms_p99", round(f[1][1]));
    }

    static double round(double v) {
        if (!Double.isFinite(v)) {
            return v;
        }
        double scale = Math.abs(v) >= 100 ? 10 : 1000;
        return Math.round(v * scale) / scale;
    }
}
