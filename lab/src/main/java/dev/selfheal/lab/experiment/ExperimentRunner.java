package dev.selfheal.lab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.data.Dataset;
import dev.selfheal.data.LabelColumn;
import dev.selfheal.data.LenientRead;
import dev.selfheal.data.Transaction;
import dev.selfheal.data.TransactionCsv;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.job.FlinkSettings;
import dev.selfheal.job.JobSources;
import dev.selfheal.job.SelfhealJob;
import dev.selfheal.job.config.BaselineSettings;
import dev.selfheal.job.config.DriftSettings;
import dev.selfheal.job.config.HealSettings;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.LabelSettings;
import dev.selfheal.job.config.OutputSettings;
import dev.selfheal.job.config.ScoreSettings;
import dev.selfheal.job.event.Json;
import dev.selfheal.job.heal.FailureInjection;
import dev.selfheal.job.heal.RegistryListing;
import dev.selfheal.job.io.Sinks;
import dev.selfheal.job.score.ServedModel;
import dev.selfheal.lab.report.ExperimentReport;
import dev.selfheal.metrics.Confusion;
import dev.selfheal.model.AdapterCodec;
import dev.selfheal.model.DomainKnowledge;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelDirectory;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Ceiling;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs an experiment through the real job graph on an embedded Flink cluster (a MiniCluster in this
 * JVM), then evaluates and writes every output of an experiment (summary.json, metrics.csv,
 * events.jsonl, threshold_config.json, plots/, report.html).
 */
public final class ExperimentRunner {
    private final PrintStream console;

    public ExperimentRunner(PrintStream console) {
        this.console = console;
    }

    public ExperimentResult run(ExperimentSpec spec) throws Exception {
        long started = System.nanoTime();
        Path out = spec.out();
        // Everything about the inputs is checked before training and before the job starts: a
        // mistake is one line, never a failure inside a task.
        if (spec.train() != null) {
            LabelColumn.require(spec.train(), "training");
        }
        LabelColumn.require(spec.holdout(), "the holdout evaluation");
        if (spec.cleanTest() != null) {
            LabelColumn.require(spec.cleanTest(), "the clean test evaluation");
        }
        if (spec.labels().requested() && spec.restartAttempts() > 0) {
            throw new IllegalArgumentException("--labels " + spec.labels() + " cannot be combined with restarts: the "
                    + "simulated investigator does not recover with the job");
        }
        if (!"none".equals(spec.labels().kind())) {
            LabelColumn.require(spec.stream(), "--labels " + spec.labels() + " (or use --labels none)");
        }
        FraudModel model = spec.modelDir() == null ? null : ModelDirectory.load(spec.modelDir());
        Dataset train = spec.train() == null ? null : TransactionCsv.read(spec.train(), spec.features());
        if (model != null && train != null && !model.features().equals(train.featureNames())) {
            throw new IllegalArgumentException("model " + spec.modelDir() + " has features " + model.features()
                    + ", the data has " + train.featureNames());
        }
        List<String> features = model != null ? model.features() : train.featureNames();
        Dataset holdout = TransactionCsv.read(spec.holdout(), features);
        Dataset clean = spec.cleanTest() == null ? null : TransactionCsv.read(spec.cleanTest(), features);
        LenientRead stream = TransactionCsv.readLenient(spec.stream(), features);

        // A model directory keeps its own rules and key feature unless the request overrides them.
        DomainKnowledge knowledge = model != null ? DomainKnowledge.forModel(spec.domain(), model)
                : DomainKnowledge.forTraining(ScenarioDomain.forTraining(spec.scenario(), spec.domain()), train);
        if (model != null) {
            model = knowledge.applyTo(model);
        }
        knowledge.notes().forEach(console::println);
        String fidiFeature = spec.config().get(DriftSettings.FIDI_FEATURE);
        if (!fidiFeature.isBlank()) {
            DomainKnowledge.checkedKeyFeature(fidiFeature, features, DriftSettings.FIDI_FEATURE.key());
        }
        Files.createDirectories(out);
        Path work = out.resolve("job");
        deleteTree(work);
        Files.createDirectories(work);
        if (model == null) {
            TrainConfig training = spec.trainConfig();
            say("training on %d rows (%d epochs, seed %d, adapter width %d)…", train.size(), training.epochs(),
                    training.seed(), training.adapterWidth());
            model = ModelFactory.train("default", train, clean, training, knowledge.rules(), knowledge.keyFeature(),
                    0.5);
        }
        Path modelDir = out.resolve("model");
        ModelDirectory.save(model, modelDir);
        ServedModel served = ServedModel.read(modelDir);

        Path labels = work.resolve("labels.csv");
        countedBatches(stream.dataset().rows(), spec.config().get(HealSettings.BATCH_SIZE));
        LabelRegime regime = spec.labels();
        JobConfig config = spec.config();
        SimulatedInvestigator investigator = null;
        String investigatorToken = null;
        int labelCount;
        if (regime.requested()) {
            // The regime's budget is the job's: HEAL requests within B, the investigator answers.
            config = config.with(Map.of(LabelSettings.BUDGET.key(), regime.fraction()));
            investigator = new SimulatedInvestigator(stream.dataset().rows(), regime.delayBatches(),
                    regime.fraction() > 0);
            investigatorToken = SimulatedInvestigator.register(investigator);
            labelCount = 0;
        } else {
            labelCount = regime.write(stream.dataset().rows(), labels, spec.seed());
        }
        long batches = stream.dataset().rows().stream().mapToInt(t -> t.batch).distinct().count();
        say("streaming %d transactions in %d batches through Flink (parallelism %d, labels %s%s)…",
                stream.dataset().size(), batches, config.get(ScoreSettings.PARALLELISM), regime,
                regime.requested() ? ": answered as HEAL asks" : ": " + labelCount);

        String header = firstLine(spec.stream());
        JobSources sources = new JobSources(fileSource(spec.stream()), header, features,
                investigator != null ? new InvestigatorSource(investigatorToken) : fileSource(labels),
                spec.control() == null ? null : dev.selfheal.job.io.ControlInput.file(spec.control()),
                investigator != null);
        Path sinkRoot = work.resolve("out");
        FailureInjection failure = spec.failAtBatch() > 0
                ? FailureInjection.atBatch(spec.failAtBatch(), work.resolve("failure-marker")) : FailureInjection.none();
        dev.selfheal.job.JobSinks sinks = Sinks.files(sinkRoot,
                dev.selfheal.data.RecordFormat.parse(config.get(OutputSettings.FORMAT)));
        if (investigator != null) {
            sinks = sinks.withLabelRequests(sinks.labelRequests(), new InvestigatorSink(investigatorToken));
        }
        SelfhealJob job = new SelfhealJob(config, spec.healer(), served, sources, sinks,
                failure.andThen(ProgressBoard.COUNTING));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                FlinkSettings.of(config, work.resolve("checkpoints"), shortTempDir(), spec.restartAttempts()));
        job.build(env);
        ProgressBoard.BATCHES.set(0);
        try {
            JobClient client = env.executeAsync("selfheal experiment");
            Progress bar = new Progress(console, batches, spec.quiet());
            while (!client.getJobExecutionResult().isDone()) {
                bar.show(ProgressBoard.BATCHES.get());
                Thread.sleep(200);
            }
            client.getJobExecutionResult().get();
            bar.done(ProgressBoard.BATCHES.get());
        } finally {
            if (investigatorToken != null) {
                SimulatedInvestigator.unregister(investigatorToken);
            }
        }
        List<LabelRegime.Arrival> arrivals;
        if (investigator != null) {
            arrivals = answered(stream.dataset().rows(), investigator.answers());
            labelCount = arrivals.size();
            say("the investigator answered %d of HEAL's %d label requests%s", labelCount, investigator.requested(),
                    investigator.stalls() == 0 ? "" : " (" + investigator.stalls() + " stalls: batches assumed closed)");
        } else {
            arrivals = regime.arrivals(stream.dataset().rows(), spec.seed());
        }

        ObjectNode summary = Report.write(out, sinkRoot, model, clean, holdout, spec, stream.deadLetters().size());
        summary.put("labels_used", labelCount);
        if (investigator != null) {
            summary.put("labels_requested", investigator.requested());
        }
        if (spec.config().get(BaselineSettings.WINDOW) > 0) {
            say("fitting the retrain and logistic baselines on the last %d labels that arrived…",
                    spec.config().get(BaselineSettings.WINDOW));
        }
        BaselineFigures.add(summary, model, stream.dataset(), holdout, spec, arrivals);
        double seconds = (System.nanoTime() - started) / 1e9;
        summary.put("seconds", Math.round(seconds * 10) / 10.0);
        summary.put("rules", model.rules());
        summary.put("key_feature", fidiFeature.isBlank() ? model.keyFeature() : fidiFeature);
        Files.writeString(out.resolve("summary.json"), Json.PRETTY.writeValueAsString(summary));
        ExperimentReport.write(out, summary, labelsReturned(arrivals));
        return new ExperimentResult(out, summary, seconds);
    }

    /** The label each arrival gave its row, by row id: what a label request found. */
    static Map<String, Integer> labelsReturned(List<LabelRegime.Arrival> arrivals) {
        Map<String, Integer> out = new java.util.HashMap<>();
        for (LabelRegime.Arrival a : arrivals) {
            if (a.row() != null) {
                out.put(a.row().id, a.row().label);
            }
        }
        return out;
    }

    /** The investigator's answers as arrivals of the rows they label, in the order they were given. */
    static List<LabelRegime.Arrival> answered(List<Transaction> stream, List<SimulatedInvestigator.Answer> answers) {
        Map<String, Transaction> byId = new java.util.HashMap<>();
        for (Transaction t : stream) {
            byId.putIfAbsent(t.id, t);
        }
        List<LabelRegime.Arrival> out = new ArrayList<>(answers.size());
        for (SimulatedInvestigator.Answer a : answers) {
            out.add(new LabelRegime.Arrival(byId.get(a.id()), a.ts(), a.batch()));
        }
        return out;
    }

    /**
     * Rows without a batch number (no batch column) are grouped by HEAL into batches of
     * {@code batch.size} in arrival order; numbering these copies the same way lets label delays
     * ({@code delay:N} batches) and the progress count work on such files too.
     */
    static void countedBatches(List<Transaction> rows, int batchSize) {
        if (rows.stream().anyMatch(t -> t.batch > 0)) {
            return;
        }
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).batch = i / batchSize + 1;
        }
    }

    static FileSource<String> fileSource(Path p) {
        return FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                new org.apache.flink.core.fs.Path(p.toAbsolutePath().toUri())).build();
    }

    static String firstLine(Path p) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            String l = r.readLine();
            if (l == null) {
                throw new IllegalArgumentException(p + " is empty");
            }
            return l;
        }
    }

    /** RocksDB warns on long paths (JUnit temp dirs): give it a short one. */
    static Path shortTempDir() throws IOException {
        Path base = Path.of("/tmp/selfheal-rocks");
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "r");
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    private void say(String fmt, Object... args) {
        console.println(String.format(fmt, args));
    }

    /** Reads the job's sink output back; used by the report and by tests. */
    public static List<BatchMetrics> readMetricsRows(Path sinkRoot) {
        List<BatchMetrics> rows = new ArrayList<>();
        for (String l : Sinks.readCommitted(sinkRoot.resolve(Sinks.METRICS))) {
            rows.add(MetricsRow.parse(l));
        }
        rows.sort(Comparator.comparingLong(m -> m.batchIdx));
        return rows;
    }

    /**
     * The last adapter HEAL published (the highest version: rollbacks create new versions too), as
     * a served-adapter vector, and the decision threshold it was published with.
     */
    static float[] finalAdapter(Path sinkRoot, FraudModel model, long[] versionOut, double[] thresholdOut) {
        float[] best = model.adapter().params();
        long bestVersion = 1;
        thresholdOut[0] = model.threshold();
        for (String l : Sinks.readCommitted(sinkRoot.resolve(Sinks.ADAPTERS))) {
            JsonNode n = Json.read(l);
            long v = n.get("version").asLong();
            if (v > bestVersion) {
                bestVersion = v;
                best = AdapterCodec.decode(Base64.getDecoder().decode(n.get("adapter").asText()),
                        model.adapterShape()).vector();
                thresholdOut[0] = n.path("threshold").asDouble(model.threshold());
            }
        }
        versionOut[0] = bestVersion;
        return best;
    }

    static JsonNode registryListing(List<JsonNode> events) {
        JsonNode last = null;
        for (JsonNode e : events) {
            if (RegistryListing.TYPE.equals(e.path("type").asText())) {
                last = e;
            }
        }
        return last;
    }

    static ObjectNode block(Confusion c) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, Object> e : c.toMap().entrySet()) {
            if (e.getValue() instanceof Long l) {
                o.put(e.getKey(), l);
            } else if (e.getValue() instanceof Integer i) {
                o.put(e.getKey(), i);
            } else if (e.getValue() instanceof Number n) {
                o.put(e.getKey(), n.doubleValue());
            }
        }
        return o;
    }

    static ObjectNode ceiling(Ceiling c) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("accuracy", c.accuracy());
        o.put("f1", c.f1());
        return o;
    }

    static ArrayNode array() {
        return Json.MAPPER.createArrayNode();
    }
}
