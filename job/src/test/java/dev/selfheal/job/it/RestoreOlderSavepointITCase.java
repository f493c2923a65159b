package dev.selfheal.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.job.FlinkSettings;
import dev.selfheal.job.JobSources;
import dev.selfheal.job.SelfhealJob;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.event.Json;
import dev.selfheal.job.heal.SavepointAdapters;
import dev.selfheal.job.heal.SavepointRegistry;
import dev.selfheal.job.io.GeneratedTransactions;
import dev.selfheal.job.io.Sinks;
import dev.selfheal.job.score.ServedModel;
import dev.selfheal.model.AdapterCodec;
import dev.selfheal.model.FraudModel;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A savepoint taken by the job before HEAL's state gained the input-path fields (and before served
 * vectors could carry an input path) restores into today's job graph: the registry keeps its
 * versions, the scorers resume with the adapter served at the savepoint, and HEAL goes on healing
 * from where it stopped. The fixture and how it was made: src/test/resources/savepoints/shift-before-input-path.
 */
@Timeout(300)
class RestoreOlderSavepointITCase {
    private static final String FIXTURE = "/savepoints/shift-before-input-path";
    private static final List<String> IDENTITY = List.of("version", "parent", "tag", "batch", "time_ms", "reason");

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    Path tmp;

    @Test
    void aSavepointFromBeforeTheInputPathRestoresAndKeepsServingAndHealing() throws Exception {
        Path fixture = copyFixture(tmp.resolve("fixture"));
        String savepoint = fixture.resolve("savepoint").toString();
        // The registry as the job that took the savepoint listed it (`registry --savepoint --json`).
        JsonNode before = Json.read(Files.readString(fixture.resolve("registry.json"))).path("models").get(0);
        long served = before.path("current_version").asLong();
        long lastBefore = before.path("last_version").asLong();
        ServedModel servedModel = ServedModel.read(fixture.resolve("model"));
        FraudModel model = servedModel.load();
        int adapterFloats = model.adapterShape().size();

        // What the fixture must hold to be worth restoring: several versions, and a served adapter
        // that carries a calibration tail (the recalibration ran before the savepoint).
        assertThat(before.path("snapshots").size()).isGreaterThan(5);
        assertThat(served).isGreaterThan(1);
        SavepointAdapters.Found servedBefore = SavepointAdapters.read(savepoint, "default", served);
        assertThat(servedBefore.vector().length).as("served vector has a calibration tail")
                .isGreaterThan(adapterFloats);

        long recalibrated = -1;
        for (JsonNode s : before.path("snapshots")) {
            if (recalibrated < 0 && "POST_HEAL".equals(s.path("tag").asText())
                    && s.path("reason").asText().startsWith("recalibrated inputs")) {
                recalibrated = s.path("version").asLong();
            }
        }
        assertThat(recalibrated).as("a recalibrated version before the savepoint").isPositive();
        SavepointAdapters.Found recalibratedBefore = SavepointAdapters.read(savepoint, "default", recalibrated);
        assertThat(recalibratedBefore.vector().length).isGreaterThan(adapterFloats);

        // Today's reader sees the registry exactly as the older job listed it.
        List<JsonNode> readNow = SavepointRegistry.read(savepoint);
        assertThat(readNow).hasSize(1);
        assertThat(readNow.get(0)).isEqualTo(before);

        // Restore into today's job graph; the generator's source state continues the stream where
        // the savepoint left it, with labels in the rows.
        JobConfig cfg = JobHarness.config(Map.of("registry.max-snapshots", 100_000));
        Path out = tmp.resolve("out");
        JobSources sources = new JobSources(GeneratedTransactions.source("generator:shift:42", 400),
                GeneratedTransactions.header(), null, null, null);
        SelfhealJob job = new SelfhealJob(cfg, HealerConfigs.from(cfg), servedModel, sources, Sinks.files(out),
                new HealBatchCounter());
        Configuration conf = FlinkSettings.of(cfg, tmp.resolve("checkpoints"), shortDir(), 0);
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, fixture.resolve("savepoint").toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        job.build(env);
        HealBatchCounter.BATCHES.set(0);
        JobClient client = env.executeAsync("selfheal restore of an older savepoint");
        long deadline = System.currentTimeMillis() + 180_000;
        while (HealBatchCounter.BATCHES.get() < 6 && System.currentTimeMillis() < deadline) {
            JobStatus status = client.getJobStatus().get();
            if (status.isGloballyTerminalState()) {
                fail("the restored job ended " + status + ": " + failureOf(client));
            }
            Thread.sleep(100);
        }
        assertThat(HealBatchCounter.BATCHES.get()).as("heal batches after the restore").isGreaterThanOrEqualTo(6);
        String after = JobHarness.stopWithSavepoint(client, tmp.resolve("savepoints").toUri().toString());

        // The old versions are still there, unchanged; new ones follow them, and the first new one
        // descends from the version served at the savepoint: HEAL went on from its restored state.
        List<JsonNode> models = SavepointRegistry.read(after);
        assertThat(models).hasSize(1);
        JsonNode m = models.get(0);
        Map<Long, JsonNode> now = new HashMap<>();
        m.path("snapshots").forEach(s -> now.put(s.path("version").asLong(), s));
        // Accuracy, F1 and n are evidence HEAL refreshes as it measures versions again; what a version
        // is (its parent, tag, batch, time and reason) must not change.
        for (JsonNode s : before.path("snapshots")) {
            long v = s.path("version").asLong();
            assertThat(now).as("version %d after the restore", v).containsKey(v);
            for (String field : IDENTITY) {
                assertThat(now.get(v).path(field)).as("%s of version %d after the restore", field, v)
                        .isEqualTo(s.path(field));
            }
        }
        long last = m.path("last_version").asLong();
        assertThat(last).as("heals after the restore").isGreaterThan(lastBefore);
        assertThat(now.keySet()).containsAll(java.util.stream.LongStream.rangeClosed(lastBefore + 1, last)
                .boxed().toList());
        assertThat(now.get(lastBefore + 1).path("parent").asLong()).isEqualTo(served);
        assertThat(m.path("heals").asLong()).isGreaterThan(before.path("heals").asLong());
        assertThat(m.path("batches").asLong()).isGreaterThan(before.path("batches").asLong());
        // The adapters of the served version and of the first recalibration are the same floats after.
        assertThat(SavepointAdapters.read(after, "default", served).vector()).isEqualTo(servedBefore.vector());
        assertThat(SavepointAdapters.read(after, "default", recalibrated).vector())
                .isEqualTo(recalibratedBefore.vector());

        // Scoring resumed with the restored adapter: every scorer applied it from its restored
        // broadcast state, and no event was scored with an older version.
        List<JsonNode> applied = JobHarness.jsonLines(out.resolve(Sinks.APPLIED));
        Set<Long> restoredOn = new TreeSet<>();
        for (JsonNode a : applied) {
            assertThat(a.path("refused").isNull()).as("applied without refusal: %s", a).isTrue();
            if (a.path("restored").asBoolean()) {
                assertThat(a.path("version").asLong()).isEqualTo(served);
                restoredOn.add(a.path("subtask").asLong());
            }
        }
        assertThat(restoredOn).as("scorer subtasks that applied the restored adapter").containsExactly(0L, 1L);
        List<JsonNode> scored = JobHarness.jsonLines(out.resolve(Sinks.SCORED));
        assertThat(scored).isNotEmpty();
        assertThat(scored).allSatisfy(e -> assertThat(e.path("model_version").asLong()).isGreaterThanOrEqualTo(served));

        // New adapters were published and decode with today's codec.
        List<JsonNode> published = JobHarness.jsonLines(out.resolve(Sinks.ADAPTERS));
        assertThat(published).isNotEmpty();
        for (JsonNode p : published) {
            assertThat(p.path("version").asLong()).isGreaterThan(lastBefore);
            assertThat(AdapterCodec.decode(Base64.getDecoder().decode(p.path("adapter").asText()),
                    model.adapterShape()).version()).isEqualTo(p.path("version").asLong());
        }

        // HEAL did not start the model over (no second "deployed"), its batches continue the old
        // numbering, and nothing was turned away.
        List<JsonNode> audit = JobHarness.jsonLines(out.resolve(Sinks.AUDIT));
        assertThat(audit).isNotEmpty().noneMatch(e -> "deployed".equals(e.path("type").asText()));
        long lastBatchBefore = 0;
        for (JsonNode s : before.path("snapshots")) {
            lastBatchBefore = Math.max(lastBatchBefore, s.path("batch").asLong());
        }
        long lastBatch = lastBatchBefore;
        List<String> metrics = Sinks.readCommitted(out.resolve(Sinks.METRICS));
        assertThat(metrics).isNotEmpty().allSatisfy(row ->
                assertThat(Long.parseLong(row.split(",", 2)[0])).isGreaterThan(lastBatch));
        assertThat(Sinks.readCommitted(out.resolve(Sinks.DEAD_LETTERS))).isEmpty();
    }

    private static String failureOf(JobClient client) {
        try {
            client.getJobExecutionResult().get();
            return "without an error";
        } catch (Exception e) {
            Throwable t = e;
            while (t.getCause() != null) {
                t = t.getCause();
            }
            return t.toString();
        }
    }

    private static Path copyFixture(Path to) throws Exception {
        Path from = Path.of(RestoreOlderSavepointITCase.class.getResource(FIXTURE).toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = new ArrayList<>(walk.toList());
        }
        for (Path f : files) {
            Path target = to.resolve(from.relativize(f).toString());
            if (Files.isDirectory(f)) {
                Files.createDirectories(target);
            } else {
                Files.copy(f, target);
            }
        }
        return to;
    }

    private static Path shortDir() throws Exception {
        Path base = Path.of("/tmp/selfheal-rocks");
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "r");
    }
}
