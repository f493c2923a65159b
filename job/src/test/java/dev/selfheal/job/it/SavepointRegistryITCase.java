package dev.selfheal.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.data.Dataset;
import dev.selfheal.data.TransactionCsv;
import dev.selfheal.job.FlinkSettings;
import dev.selfheal.job.JobSources;
import dev.selfheal.job.SelfhealJob;
import dev.selfheal.job.cli.Main;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.event.Json;
import dev.selfheal.job.heal.SavepointRegistry;
import dev.selfheal.job.io.GeneratedTransactions;
import dev.selfheal.job.io.Sinks;
import dev.selfheal.job.score.ServedModel;
import dev.selfheal.model.AdapterCodec;
import dev.selfheal.model.AdapterExport;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelDirectory;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.ServedAdapter;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioFiles;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `registry --savepoint`: the job runs on a MiniCluster over an endless, rate-limited generator,
 * is stopped with a savepoint after some heals, and the registry read back from the savepoint with
 * the State Processor API is the one HEAL had: continuous versions, parents, tags, the served version.
 */
@Timeout(180)
class SavepointRegistryITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    Path tmp;

    @Test
    void registryReadFromASavepointIsTheOneHealServed() throws Exception {
        Path data = JobHarness.generate(Scenario.SEED, 42, tmp.resolve("data"));
        Dataset train = TransactionCsv.read(data.resolve(ScenarioFiles.TRAIN), null);
        FraudModel model = ModelFactory.train("default", train, null, TrainConfig.defaults().withEpochs(3).withSeed(42),
                ModelFactory.DEFAULT_RULES, null, 0.5);
        ModelDirectory.save(model, tmp.resolve("model"));
        JobConfig cfg = JobHarness.config(Map.of("registry.max-snapshots", 100_000));
        Path out = tmp.resolve("out");
        JobSources sources = new JobSources(GeneratedTransactions.source("generator:seed:42", 4000),
                GeneratedTransactions.header(), null, null, null);
        SelfhealJob job = new SelfhealJob(cfg, HealerConfigs.from(cfg), ServedModel.read(tmp.resolve("model")),
                sources, Sinks.files(out), new HealBatchCounter());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                FlinkSettings.of(cfg, tmp.resolve("checkpoints"), shortDir(), 0));
        job.build(env);
        HealBatchCounter.BATCHES.set(0);
        JobClient client = env.executeAsync("selfheal registry test");
        long deadline = System.currentTimeMillis() + 90_000;
        while (HealBatchCounter.BATCHES.get() < 12 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(HealBatchCounter.BATCHES.get()).as("heal batches before the savepoint").isGreaterThanOrEqualTo(12);
        String savepoint = JobHarness.stopWithSavepoint(client, tmp.resolve("savepoints").toUri().toString());

        List<JsonNode> models = SavepointRegistry.read(savepoint);
        assertThat(models).hasSize(1);
        JsonNode m = models.get(0);
        assertThat(m.path("model").asText()).isEqualTo("default");
        List<Long> versions = new ArrayList<>();
        m.path("snapshots").forEach(s -> versions.add(s.path("version").asLong()));
        long last = m.path("last_version").asLong();
        assertThat(last).as("heals happened before the savepoint").isGreaterThan(1);
        assertThat(versions).as("continuous versions 1..last").containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, last).boxed().toList());
        assertThat(m.path("snapshots").get(0).path("tag").asText()).isEqualTo("INITIAL");
        m.path("snapshots").forEach(s -> assertThat(s.path("parent").asLong()).isLessThan(s.path("version").asLong()));
        assertThat(versions).contains(m.path("current_version").asLong());

        // The served version is the last adapter HEAL published before the savepoint.
        long lastPublished = Sinks.readCommitted(out.resolve(Sinks.ADAPTERS)).stream()
                .mapToLong(l -> Json.read(l).path("version").asLong()).max().orElse(1);
        assertThat(m.path("current_version").asLong()).isEqualTo(lastPublished);

        // The CLI prints the same registry, as JSON and as a table.
        JsonNode printed = Json.read(run("registry", "--savepoint", savepoint, "--json"));
        assertThat(printed.path("models").get(0)).isEqualTo(m);
        assertThat(run("registry", "--savepoint", savepoint, "--model", "default"))
                .contains("model default: current version " + m.path("current_version").asLong())
                .contains("INITIAL").contains("POST_HEAL");
        // ... and its lineage, as a text tree and as Graphviz DOT, each later version with its drift profile.
        assertThat(run("registry", "--savepoint", savepoint, "--format", "lineage"))
                .contains("v1 deployed at batch 0").contains("drift: ");
        assertThat(run("registry", "--savepoint", savepoint, "--format", "dot")).startsWith("digraph")
                .contains("v2 -> v1");

        // export: read back, the safetensors file is the adapter HEAL served at the savepoint ...
        Path exported = tmp.resolve("export");
        run("export", "--savepoint", savepoint, "--model-dir", tmp.resolve("model").toString(), "--out",
                exported.toString());
        int d = model.features().size();
        ServedAdapter back = AdapterExport.read(Files.readAllBytes(exported.resolve(AdapterExport.FILE)),
                model.adapterShape(), d);
        String published = Sinks.readCommitted(out.resolve(Sinks.ADAPTERS)).stream()
                .filter(l -> Json.read(l).path("version").asLong() == lastPublished).findFirst().orElseThrow();
        float[] servedVector = AdapterCodec.decode(Base64.getDecoder().decode(Json.read(published).path("adapter")
                .asText()), model.adapterShape()).vector();
        assertThat(back.toVector()).isEqualTo(ServedAdapter.of(servedVector, model.adapterShape(), d).toVector());
        // ... and with --version, that registry version (1: the deployed adapter, identity calibration).
        run("export", "--savepoint", savepoint, "--model-dir", tmp.resolve("model").toString(), "--version", "1",
                "--out", tmp.resolve("export-v1").toString());
        ServedAdapter v1 = AdapterExport.read(Files.readAllBytes(tmp.resolve("export-v1").resolve(AdapterExport.FILE)),
                model.adapterShape(), d);
        assertThat(v1.adapter()).isEqualTo(model.adapter());
        assertThat(v1.calibration().isIdentity()).isTrue();
    }

    @Test
    void aDirectoryWithoutASavepointIsRefusedWithOneLine() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true));
            code = Main.execute("registry", "--savepoint", tmp.resolve("empty").toString());
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("holds no savepoint or checkpoint");
    }

    private static String run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(bytes, true));
            assertThat(Main.execute(args)).isZero();
        } finally {
            System.setOut(old);
        }
        return bytes.toString();
    }

    private static Path shortDir() throws Exception {
        Path base = Path.of("/tmp/selfheal-rocks");
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "r");
    }
}
