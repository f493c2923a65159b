package dev.selfheal.lab.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.job.SelfhealJob;
import dev.selfheal.job.config.CheckpointSettings;
import dev.selfheal.job.config.DriftSettings;
import dev.selfheal.job.config.HealSettings;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.MetricsSettings;
import dev.selfheal.job.config.ScoreSettings;
import dev.selfheal.job.heal.FailureInjection;
import dev.selfheal.job.score.ScoreRouting;
import dev.selfheal.model.ScoringKernels;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the parts of the benchmark in order and collects their figures. Every throughput
 * figure has its reference beside it from the same run (pass-through for the job, DJL and scalar
 * Java for the kernel), so ratios stay meaningful on a noisy machine.
 */
final class BenchRunner {
    static final List<String> PARTS = List.of("kernel", "e2e", "latency", "scale", "csv", "kafka", "parse",
            "backpressure");

    private final BenchOptions o;
    private final PrintStream log;
    private final BenchSetup setup;
    private final TransactionPool pool;
    private final Path work;
    private final BenchReport report = new BenchReport();
    private final KafkaOptions kafka;
    private boolean warm;

    /**
     * The Kafka part: record formats, events per format, seconds of the latency run per format, a JFR
     * recording of one more JSON scored run (or null), the broker's pid file (null: kafka.sh's).
     */
    record KafkaOptions(List<dev.selfheal.data.RecordFormat> formats, long events, double latencySeconds, Path jfr,
                        Path pidFile) {
        static KafkaOptions defaults(long events) {
            return new KafkaOptions(List.of(dev.selfheal.data.RecordFormat.values()), events, 20, null, null);
        }
    }

    record BenchOptions(long events, int parallelism, double sampleRate, String kernel, long seed, Set<String> parts,
                        double latencySeconds, long csvEvents, int[] modelCounts, double kernelWindowSeconds,
                        int repeats, Map<String, String> settings, String kafkaBootstrap, double backpressureMinutes,
                        double backpressureSinkRate, Integer adapterWidth, Integer scaleAdapterWidth, Path model) {
        /** Without a model directory: the benchmark trains its own model. */
        BenchOptions(long events, int parallelism, double sampleRate, String kernel, long seed, Set<String> parts,
                     double latencySeconds, long csvEvents, int[] modelCounts, double kernelWindowSeconds, int repeats,
                     Map<String, String> settings, String kafkaBootstrap, double backpressureMinutes,
                     double backpressureSinkRate, Integer adapterWidth, Integer scaleAdapterWidth) {
            this(events, parallelism, sampleRate, kernel, seed, parts, latencySeconds, csvEvents, modelCounts,
                    kernelWindowSeconds, repeats, settings, kafkaBootstrap, backpressureMinutes, backpressureSinkRate,
                    adapterWidth, scaleAdapterWidth, null);
        }
    }

    BenchRunner(BenchOptions options, PrintStream log) throws Exception {
        this(options, KafkaOptions.defaults(options.csvEvents()), log);
    }

    BenchRunner(BenchOptions options, KafkaOptions kafka, PrintStream log) throws Exception {
        this.o = options;
        this.kafka = kafka;
        this.log = log;
        if (options.model() != null) {
            log.println("bench: the model of " + options.model() + " on the seed scenario's stream…");
            this.setup = BenchSetup.fromModel(options.model(), options.seed());
        } else {
            log.println("bench: training the model (seed scenario" + (options.adapterWidth() == null ? ""
                    : ", adapter width " + options.adapterWidth()) + ")…");
            this.setup = BenchSetup.create(options.seed(), options.adapterWidth());
        }
        this.pool = TransactionPool.of(setup.streamRows(), 8192, options.sampleRate(), 5_000);
        this.work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "selfheal-bench");
    }

    ObjectNode run() throws Exception {
        report.machine(MachineInfo.describe());
        String kernel = ScoringKernels.resolve(o.kernel(), setup.model().frozen());
        report.settings(o, config(o.parallelism()), kernel);
        log.printf("bench: %d cores, scoring kernel %s%n", Runtime.getRuntime().availableProcessors(), kernel);
        try {
            if (o.parts().contains("kernel")) {
                kernel(kernel);
            }
            if (o.parts().contains("e2e") || o.parts().contains("latency")) {
                endToEnd();
            }
            if (o.parts().contains("scale")) {
                scale();
            }
            if (o.parts().contains("csv")) {
                csv();
            }
            if (o.parts().contains("kafka")) {
                kafka();
            }
            if (o.parts().contains("parse")) {
                parse();
            }
            if (o.parts().contains("backpressure")) {
                backpressure();
            }
        } finally {
            JobRun.deleteTree(work);
        }
        report.machineAfter(MachineInfo.loadAverage());
        return report.finish();
    }

    private void kernel(String kernel) {
        log.println("bench: kernel (healed + shadow, µs per record)…");
        KernelBench k = new KernelBench(setup, o.kernelWindowSeconds());
        Map<Integer, Double> chosen = k.usPerRecord(kernel, true);
        log.printf("  %-8s %s%n", kernel, chosen);
        Map<Integer, Double> djl = kernel.equals(ScoringKernels.DJL) ? chosen : k.usPerRecord(ScoringKernels.DJL, true);
        if (djl != chosen) {
            log.printf("  %-8s %s%n", "djl", djl);
        }
        Map<Integer, Double> djlHealedOnly = k.usPerRecord(ScoringKernels.DJL, false);
        // A TorchScript backbone runs in DJL only: there is no plain Java forward pass of it.
        double scalar = setup.model().frozen().isModule() ? Double.NaN : k.scalarUsPerRecord();
        log.printf("  scalar Java %.3f µs, DJL healed only %s%n", scalar, djlHealedOnly);
        report.kernel(kernel, chosen, djl, djlHealedOnly, scalar);
        Map<String, Double> forms = new ServedFormBench(setup, o.kernelWindowSeconds())
                .usPerRecord(kernel, ServedFormBench.BATCH);
        log.printf("  SCORE per record at batch %d, by served form: %s%n", ServedFormBench.BATCH, forms);
        report.servedForms(ServedFormBench.BATCH, forms);
    }

    private JobConfig config(int parallelism) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put(ScoreSettings.PARALLELISM.key(), parallelism);
        s.put(HealSettings.SAMPLE_RATE.key(), o.sampleRate());
        s.put(ScoreSettings.KERNEL.key(), o.kernel());
        s.put(MetricsSettings.PROMETHEUS_PORT.key(), ""); // several benches (or jobs) may share the machine
        s.put(HealSettings.THREAD_PRIORITY.key(), 10); // as deploy/ runs the job (an opt-in setting)
        s.putAll(o.settings());
        return JobConfig.defaults().with(s);
    }

    private JobRun.Result objects(String name, int parallelism, long events, boolean passThrough, String[] models,
                                  double rate, long[] memoryAt) throws Exception {
        return objects(name, config(parallelism), setup, events, passThrough, models, rate, memoryAt, 0);
    }

    /**
     * @param bootstrapSamples leading events that are all samples; throughput is measured after their
     *                         heal batches closed. With a bootstrap, drift counts from the first batch
     *                         ({@code fidi.warmup} 0), so each model's first batch heals.
     */
    private JobRun.Result objects(String name, JobConfig jobConfig, BenchSetup s, long events, boolean passThrough,
                                  String[] models,
                                  double rate, long[] memoryAt, long bootstrapSamples) throws Exception {
        JobConfig c = bootstrapSamples > 0 ? jobConfig.with(DriftSettings.FIDI_WARMUP, 0) : jobConfig;
        long healBatch = c.get(HealSettings.BATCH_SIZE);
        return JobRun.run(name, c, work, env -> BenchGraph.build(env, c, s.served(), s.model(),
                PooledTransactions.source(pool, models, events, rate, bootstrapSamples), passThrough, rate > 0),
                events, memoryAt, bootstrapSamples / healBatch, log);
    }

    private void endToEnd() throws Exception {
        int p = o.parallelism();
        long n = o.events();
        String[] one = BenchSetup.modelIds(1);
        log.println("bench: end to end (source → validate → keyBy → SCORE → discard; PROFILE and HEAL on)…");
        warmUp();
        JobRun.Result scoredAtP = null;
        List<JobRun.Result> allScoredAtP = new ArrayList<>();
        for (int par : parallelisms(p)) {
            // Alternating pairs: a burst of load from elsewhere hits both kinds alike; the best of
            // each kind is kept, since other processes can only ever slow a run down.
            JobRun.Result bestPt = null;
            JobRun.Result bestSc = null;
            List<JobRun.Result> allScored = new ArrayList<>();
            for (int rep = 0; rep < o.repeats(); rep++) {
                String suffix = o.repeats() > 1 ? " #" + (rep + 1) : "";
                JobRun.Result pt = objects("pass-through p=" + par + suffix, par, n, true, one, 0, new long[0]);
                long[] memoryAt = par == p && rep == 0 ? new long[] {n / 5, n} : new long[0];
                JobRun.Result sc = objects("scored p=" + par + suffix, par, n, false, one, 0, memoryAt);
                if (rep == 0 && par == p) {
                    report.memory(sc);
                }
                bestPt = bestPt == null || pt.eventsPerS() > bestPt.eventsPerS() ? pt : bestPt;
                bestSc = bestSc == null || sc.eventsPerS() > bestSc.eventsPerS() ? sc : bestSc;
                allScored.add(sc);
                if (par == p) {
                    allScoredAtP.add(sc);
                }
            }
            report.endToEnd(par, bestSc, bestPt);
            report.healAt(par, allScored);
            if (par == p) {
                scoredAtP = bestSc;
            }
        }
        report.inJob(allScoredAtP);
        double[][] alone = HealBench.measure(setup, 50);
        log.printf("  heal alone: %.2f ms p50, %.2f ms p99 (wall), %.2f ms CPU%n", alone[0][0], alone[0][1], alone[1][0]);
        report.healAlone(alone[0], alone[1]);
        JobConfig jc = config(p);
        double[][] healer = HealBench.healerAlone(setup, HealerConfigs.from(jc), jc.get(DriftSettings.FIDI_FEATURE),
                jc.get(HealSettings.BATCH_SIZE), 120, jc.get(ScoreSettings.KERNEL));
        log.printf("  heal_ms alone (healer update): %.2f ms p50, %.2f ms p99 (wall), %.2f ms p50 CPU (%d heals)%n",
                healer[0][0], healer[0][1], healer[1][0], (int) healer[2][0]);
        report.healerAlone(healer);
        if (o.parts().contains("latency")) {
            double rate = scoredAtP.eventsPerS() / 2;
            long events = Math.max(1000, (long) (rate * o.latencySeconds()));
            log.printf("bench: scoring latency at half the measured maximum (%,.0f events/s)…%n", rate);
            JobRun.Result lat = objects("latency at half load", p, events, false, one, rate, new long[0]);
            report.latency(rate, lat);
        }
    }

    /** JIT, class loading and DJL's native load happen in these runs, not in a measured one. */
    private void warmUp() throws Exception {
        if (!warm) {
            String[] one = BenchSetup.modelIds(1);
            long n = Math.max(1000, o.events() / 5);
            objects("warm-up pass-through", o.parallelism(), n, true, one, 0, new long[0]);
            objects("warm-up scored", o.parallelism(), n, false, one, 0, new long[0]);
            warm = true;
        }
    }

    private void scale() throws Exception {
        log.println("bench: models sharing one backbone…");
        warmUp();
        scaleWith(setup, report::models);
        Integer narrow = o.scaleAdapterWidth();
        if (narrow != null && narrow != setup.model().adapterShape().width() && o.model() == null) {
            // The same runs with a model whose adapters are narrow (the lever for many models):
            // trained like the main one, on the same data, so the transactions are the same.
            log.printf("bench: models sharing one backbone, adapter width %d…%n", narrow);
            BenchSetup second = BenchSetup.create(o.seed(), narrow);
            scaleWith(second, (m, r, route, byAccount) -> report.modelsAtWidth(narrow, m, r, route, byAccount));
        }
    }

    /** Where one model count's best runs go: the count, the figure's run, its routing, the account-routed run. */
    private interface ScaleFigures {
        void add(int models, JobRun.Result r, String routeBy, JobRun.Result byAccount);
    }

    /**
     * Each model first gets one heal batch (every event a sample until then), so scoring is then
     * measured with that many distinct adapters, and the heals' pace is measured too. One model is
     * routed by account (routing it by model would put it on one subtask); many models by model, the
     * setting made for them; the largest count is also run routed by account, for comparison. Runs
     * alternate over the repeats and the best of each is kept, as in the end-to-end part.
     */
    private void scaleWith(BenchSetup s, ScaleFigures figures) throws Exception {
        int largest = java.util.Arrays.stream(o.modelCounts()).max().orElse(1);
        Map<String, JobRun.Result> best = new LinkedHashMap<>();
        for (int rep = 0; rep < o.repeats(); rep++) {
            String suffix = (s == setup ? "" : " w" + s.model().adapterShape().width())
                    + (o.repeats() > 1 ? " #" + (rep + 1) : "");
            for (int m : o.modelCounts()) {
                List<String> routes = m == 1 ? List.of(ScoreRouting.ACCOUNT)
                        : m == largest ? List.of(ScoreRouting.MODEL, ScoreRouting.ACCOUNT) : List.of(ScoreRouting.MODEL);
                for (String route : routes) {
                    JobRun.Result r = models(s, m, route, suffix);
                    best.merge(m + "/" + route, r, (a, b) -> b.eventsPerS() > a.eventsPerS() ? b : a);
                }
            }
        }
        for (int m : o.modelCounts()) {
            String route = m == 1 ? ScoreRouting.ACCOUNT : ScoreRouting.MODEL;
            figures.add(m, best.get(m + "/" + route), route,
                    m == 1 ? null : best.get(m + "/" + ScoreRouting.ACCOUNT));
        }
    }

    private JobRun.Result models(BenchSetup s, int count, String routeBy, String suffix) throws Exception {
        JobConfig c = config(o.parallelism()).with(ScoreSettings.ROUTE_BY, routeBy);
        long bootstrap = (long) count * c.get(HealSettings.BATCH_SIZE);
        return objects(count + " model(s) by " + routeBy + suffix, c, s, o.events(), false, BenchSetup.modelIds(count),
                0, new long[0], bootstrap);
    }

    private void csv() throws Exception {
        long n = o.csvEvents();
        int p = o.parallelism();
        log.printf("bench: the production job (SelfhealJob) from a CSV file of %,d events…%n", n);
        JobConfig c = config(p);
        // The production path's own code (CSV parsing, JSON lines, the file source) is compiled in
        // a first, smaller run, as the object runs' code is in warmUp(): otherwise the JIT works
        // through the measured window.
        long warmUpEvents = warmUpEvents(n);
        Path warmUpFile = CsvFileInput.write(pool, warmUpEvents, work.resolve("transactions-warm-up.csv"));
        runCsv("warm-up csv file", c, warmUpFile, warmUpEvents);
        Files.deleteIfExists(warmUpFile);
        Path file = CsvFileInput.write(pool, n, work.resolve("transactions.csv"));
        // Alternating with the job's own ends on the same file (as the Kafka part does): the ratio
        // holds on a machine whose load moves between runs; the best of each kind.
        JobRun.Result best = null;
        JobRun.Result bestPt = null;
        for (int rep = 0; rep < o.repeats(); rep++) {
            String suffix = o.repeats() > 1 ? " #" + (rep + 1) : "";
            JobRun.Result pt = runCsv("csv file pass-through p=" + p + suffix, c, file, n, true);
            JobRun.Result r = runCsv("csv file p=" + p + suffix, c, file, n, false);
            bestPt = bestPt == null || pt.eventsPerS() > bestPt.eventsPerS() ? pt : bestPt;
            best = best == null || r.eventsPerS() > best.eventsPerS() ? r : best;
        }
        report.csv(best, bestPt, Files.size(file));
        Files.deleteIfExists(file);
    }

    /** Events of the warm-up run before a production-path run of {@code measured} events. */
    private static long warmUpEvents(long measured) {
        return Math.max(1000, measured / 5);
    }

    private JobRun.Result runCsv(String name, JobConfig c, Path file, long events) throws Exception {
        return runCsv(name, c, file, events, false);
    }

    /**
     * @param passThrough the production job's ends only ({@link SelfhealJob#buildEnds}, the Kafka part's
     *                    stand-in for PROFILE, HEAL and SCORE)
     */
    private JobRun.Result runCsv(String name, JobConfig c, Path file, long events, boolean passThrough)
            throws Exception {
        return JobRun.run(name, c, work, env -> {
            SelfhealJob job = new SelfhealJob(c, HealerConfigs.from(c), setup.served(), CsvFileInput.sources(file),
                    CsvFileInput.sinks(), FailureInjection.none());
            if (passThrough) {
                job.buildEnds(env, new PassThroughFunction.Unscored());
            } else {
                job.build(env);
            }
        }, events, new long[0], log);
    }

    /**
     * Per format: the production job from and to Kafka beside its pass-through, then its latency at
     * half the scored rate measured, through the exactly-once sink and a read_committed consumer.
     */
    private void kafka() throws Exception {
        if (o.kafkaBootstrap() == null || o.kafkaBootstrap().isBlank()) {
            report.kafkaNotMeasured("no broker given: start one (deploy/local/kafka.sh start) and pass --kafka-bootstrap");
            return;
        }
        var broker = BrokerProcess.find(kafka.pidFile());
        log.println("bench: the broker's process: " + broker.map(b -> b.pid() + " (" + b.foundBy() + ")")
                .orElse("not found, its CPU is not reported"));
        JobConfig c = config(o.parallelism());
        KafkaBench k = new KafkaBench(setup, pool, work, o.kafkaBootstrap().trim(), broker.orElse(null), log);
        report.kafka(kafka.events(), KafkaBench.PARTITIONS, c.get(CheckpointSettings.INTERVAL_MS),
                broker.map(b -> "pid " + b.pid() + ", " + b.foundBy()).orElse(null));
        for (dev.selfheal.data.RecordFormat f : kafka.formats()) {
            Path jfr = f == dev.selfheal.data.RecordFormat.JSON ? kafka.jfr() : null;
            KafkaBench.Pair pair = k.throughput(c, f, kafka.events(), o.repeats(), jfr);
            report.kafkaFormat(f.code(), pair.scored(), pair.passThrough());
            if (kafka.latencySeconds() > 0) {
                report.kafkaLatency(f.code(), k.latency(c, f, pair.scored().eventsPerS() / 2, kafka.latencySeconds()));
            }
        }
    }

    /** Parse + validate alone, one thread, over the same pooled records as the Kafka part. */
    private void parse() {
        log.println("bench: parse + validate, one thread, µs CPU per record…");
        report.parse(ParseBench.measure(pool, setup.model().features(), o.kernelWindowSeconds() * 5, log));
    }

    /** The backpressure drill: minutes of a slow scored sink, checkpoints and memory watched. */
    private void backpressure() throws Exception {
        var d = new BackpressureDrill.Options(o.backpressureMinutes() * 60, o.backpressureSinkRate(), o.parallelism(),
                CheckpointSettings.INTERVAL_MS.defaultValue(), o.settings());
        var r = BackpressureDrill.run(setup, d, work, log);
        BackpressureDrill.summary(r).forEach(log::println);
        report.backpressure(r);
    }

    private static int[] parallelisms(int p) {
        return p == 1 ? new int[] {1} : new int[] {1, p};
    }
}
