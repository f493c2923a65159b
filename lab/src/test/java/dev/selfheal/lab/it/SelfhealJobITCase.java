package dev.selfheal.lab.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.it.JobHarness;
import dev.selfheal.lab.experiment.ExperimentResult;
import dev.selfheal.lab.experiment.ExperimentRunner;
import dev.selfheal.lab.report.PngData;
import dev.selfheal.job.io.Sinks;
import dev.selfheal.scenario.Scenario;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole job on a Flink MiniCluster at parallelism 2 with RocksDB and checkpoints: the seed
 * scenario end to end, the rollback recipe, recovery from an injected failure, and bad input.
 */
@Timeout(300)
class SelfhealJobITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    /** Kept when a test fails: the run's outputs are the evidence. */
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    static Path tmp;
    static Path seedData;

    @BeforeAll
    static void data() throws Exception {
        seedData = JobHarness.generate(Scenario.SEED, 42, tmp.resolve("seed-data"));
    }

    @Test
    void seedScenarioEndToEndEveryBatchMeteredEverySubtaskAppliesEveryVersion() throws Exception {
        // A flush timer far longer than the run: only the end-of-input flush can emit the last records.
        JobConfig cfg = JobHarness.config(Map.of("score.flush-ms", 60_000L, "score.batch-size", 256));
        ExperimentResult r = ExperimentHarness.run(seedData, tmp.resolve("seed-out"), cfg, "immediate", Scenario.SEED, 0, -1,
                null);

        List<BatchMetrics> rows = ExperimentRunner.readMetricsRows(ExperimentHarness.sinks(r));
        assertThat(rows).extracting(m -> m.batchIdx).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());
        assertThat(rows).allSatisfy(m -> assertThat(m.rows).isEqualTo(100));

        // Scored output: every transaction exactly once, each naming a version that was served.
        List<JsonNode> scored = JobHarness.jsonLines(ExperimentHarness.sinks(r).resolve("scored"));
        assertThat(scored).hasSize(2500);
        assertThat(scored.stream().map(n -> n.get("id").asText()).collect(Collectors.toSet())).hasSize(2500);
        Set<Long> published = JobHarness.jsonLines(ExperimentHarness.sinks(r).resolve("adapters")).stream()
                .map(n -> n.get("version").asLong()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(published).isNotEmpty();
        Set<Long> servable = new HashSet<>(published);
        servable.add(1L);
        assertThat(scored).allSatisfy(n -> assertThat(servable).contains(n.get("model_version").asLong()));

        // Each SCORE subtask scored plenty of records and applied every published version.
        Map<Integer, Long> perSubtask = scored.stream().collect(Collectors.groupingBy(n -> n.get("subtask").asInt(),
                Collectors.counting()));
        assertThat(perSubtask).containsOnlyKeys(0, 1);
        assertThat(perSubtask.values()).allSatisfy(c -> assertThat(c).isGreaterThan(500));
        Map<Integer, Set<Long>> applied = new HashMap<>();
        for (JsonNode a : JobHarness.jsonLines(ExperimentHarness.sinks(r).resolve("applied"))) {
            assertThat(a.get("refused").isNull()).as("no adapter refused: %s", a).isTrue();
            applied.computeIfAbsent(a.get("subtask").asInt(), k -> new TreeSet<>()).add(a.get("version").asLong());
        }
        assertThat(applied).containsOnlyKeys(0, 1);
        assertThat(applied.get(0)).isEqualTo(published);
        assertThat(applied.get(1)).isEqualTo(published);

        // The registry holds pre- and post-heal snapshots, each with its parent.
        JsonNode registry = ExperimentHarness.registry(ExperimentHarness.events(r));
        assertThat(registry).isNotNull();
        Map<Long, JsonNode> snaps = new HashMap<>();
        registry.path("details").path("snapshots").forEach(s -> snaps.put(s.get("version").asLong(), s));
        assertThat(snaps.values()).extracting(s -> s.get("tag").asText()).contains("INITIAL", "PRE_HEAL", "POST_HEAL");
        for (JsonNode s : snaps.values()) {
            if (!s.get("tag").asText().equals("INITIAL")) {
                assertThat(snaps).containsKey(s.get("parent").asLong());
                assertThat(s.get("parent").asLong()).isLessThan(s.get("version").asLong());
            }
        }
        assertThat(r.summary().get("heals").asInt()).isPositive();
        assertThat(r.summary().get("final_version").asLong()).isEqualTo(((TreeSet<Long>) published).last());
        assertThat(Files.list(r.out().resolve("plots")).count()).isEqualTo(8);
        Document report = Jsoup.parse(Files.readString(r.out().resolve("report.html")));
        assertThat(report.select("img")).hasSize(8).allSatisfy(img -> assertThat(img.attr("src"))
                .startsWith(PngData.PREFIX));
        assertThat(report.select("#lineage ol li")).hasSize(snaps.size());
    }

    @Test
    void referenceRollbackRecipeRollsBackAuditsAndResetsTheHealthWindow() throws Exception {
        // The reference's recipe, on the reference profile it was written for.
        JobConfig cfg = JobHarness.config(Map.of("rollback.f1-drop", 0.03, "profile", "reference"));
        ExperimentResult r = ExperimentHarness.run(seedData, tmp.resolve("rollback-out"), cfg, "immediate", Scenario.SEED, 0,
                -1, null);
        List<JsonNode> events = ExperimentHarness.events(r);
        List<JsonNode> rollbacks = events.stream().filter(e -> e.get("type").asText().equals("rollback")).toList();
        assertThat(rollbacks).isNotEmpty();
        assertThat(rollbacks).allSatisfy(e -> {
            assertThat(e.path("details").path("target_version").asLong())
                    .isNotEqualTo(e.path("details").path("from_version").asLong());
            assertThat(e.path("details").path("reason").asText()).isNotBlank();
        });
        Set<String> states = events.stream().filter(e -> e.get("type").asText().equals("state_change"))
                .map(e -> e.path("details").path("to").asText()).collect(Collectors.toSet());
        assertThat(states).contains("HEALING", "ROLLED_BACK");

        // After a rollback the window restarts: the next batch's health is that batch's own score.
        List<BatchMetrics> rows = ExperimentRunner.readMetricsRows(ExperimentHarness.sinks(r));
        for (int i = 0; i + 1 < rows.size(); i++) {
            if (rows.get(i).rolledBack) {
                assertThat(rows.get(i).healthAcc).isNaN();
                BatchMetrics next = rows.get(i + 1);
                assertThat(next.healthAcc).isEqualTo(next.healedAcc, org.assertj.core.data.Offset.offset(1e-9));
            }
        }
        assertThat(r.summary().get("rollbacks").asInt()).isEqualTo(rollbacks.size());
    }

    @Test
    void aFailureBetweenTrainingAndEmittingRecoversWithNoHalfAppliedAdapterNoVersionGapAndExactlyOnceOutput()
            throws Exception {
        JobConfig cfg = JobHarness.config(Map.of("score.flush-ms", 60_000L));
        long failAt = 12;
        ExperimentResult clean = ExperimentHarness.run(seedData, tmp.resolve("nofail-out"), cfg, "immediate", Scenario.SEED,
                0, -1, null);
        // Both runs serve the same saved model: this compares recovery, not two trainings (a cold JVM's
        // first DJL training has come out different in the last float bits, see ModelTrainer).
        ExperimentResult failed = ExperimentHarness.run(seedData, tmp.resolve("fail-out"), cfg, "immediate", Scenario.SEED,
                1, failAt, null, clean.out().resolve("model"));
        Path marker = failed.out().resolve("job").resolve("failure-marker");
        assertThat(marker).as("failure injected").hasContent("failed at batch " + failAt);
        // The failure came after a heal was trained and recorded in HEAL's state, not at a quiet batch.
        List<BatchMetrics> cleanRows = ExperimentRunner.readMetricsRows(ExperimentHarness.sinks(clean));
        assertThat(cleanRows.get((int) failAt - 1).batchIdx).isEqualTo(failAt);
        assertThat(cleanRows.get((int) failAt - 1).action).isEqualTo("heal");

        // Scored output: every transaction exactly once.
        List<JsonNode> scored = JobHarness.jsonLines(ExperimentHarness.sinks(failed).resolve("scored"));
        assertThat(scored).hasSize(2500);
        assertThat(scored.stream().map(n -> n.get("id").asText()).distinct().count()).isEqualTo(2500);

        // Registry: versions 1..last, no gap, none twice, and the same snapshots as an undisturbed run.
        JsonNode registry = ExperimentHarness.registry(ExperimentHarness.events(failed));
        List<Long> versions = java.util.stream.StreamSupport.stream(
                registry.path("details").path("snapshots").spliterator(), false).map(s -> s.get("version").asLong())
                .sorted().toList();
        long last = registry.path("details").path("last_version").asLong();
        assertThat(versions).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, last).boxed().toList());
        assertThat(snapshotShapes(registry)).isEqualTo(snapshotShapes(ExperimentHarness.registry(ExperimentHarness.events(clean))));
        List<BatchMetrics> rows = ExperimentRunner.readMetricsRows(ExperimentHarness.sinks(failed));
        assertThat(rows).extracting(m -> m.batchIdx).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());

        // No half-applied adapter: each version was published once, with exactly the weights an
        // undisturbed run publishes under it; scorers applied only those, each once, and every scored
        // event names one of them (or the deployed v1).
        List<String> adapters = Sinks.readCommitted(ExperimentHarness.sinks(failed).resolve("adapters"));
        List<Long> published = adapters.stream().map(l -> dev.selfheal.job.event.Json.read(l).get("version").asLong())
                .toList();
        assertThat(published).isNotEmpty().doesNotHaveDuplicates().isSorted();
        assertThat(adapters).containsExactlyInAnyOrderElementsOf(
                Sinks.readCommitted(ExperimentHarness.sinks(clean).resolve("adapters")));
        assertThat(published).allSatisfy(v -> assertThat(versions).contains(v));
        List<String> applied = new java.util.ArrayList<>();
        for (JsonNode a : JobHarness.jsonLines(ExperimentHarness.sinks(failed).resolve("applied"))) {
            assertThat(a.get("refused").isNull()).as("no adapter refused: %s", a).isTrue();
            assertThat(published).contains(a.get("version").asLong());
            applied.add(a.get("subtask").asInt() + "/" + a.get("version").asLong());
        }
        assertThat(applied).doesNotHaveDuplicates().hasSize(2 * published.size());
        Set<Long> servable = new HashSet<>(published);
        servable.add(1L);
        assertThat(scored).allSatisfy(n -> assertThat(servable).contains(n.get("model_version").asLong()));

        // Recovery is invisible in the results: the same heals as an undisturbed run.
        for (String k : List.of("prequential_healed", "heals", "rejected_updates", "rollbacks", "snapshots",
                "final_version", "dead_letters")) {
            assertThat(failed.summary().get(k)).as(k).isEqualTo(clean.summary().get(k));
        }
    }

    /** Version, tag and parent of every snapshot in a registry listing (scores and times aside). */
    private static List<String> snapshotShapes(JsonNode registry) {
        List<String> out = new java.util.ArrayList<>();
        registry.path("details").path("snapshots").forEach(s -> out.add(s.get("version").asLong() + ":"
                + s.get("tag").asText() + ":" + s.path("parent").asLong()));
        out.sort(null);
        return out;
    }

    @Test
    void badRowsGoToDeadLettersWithReasonsAndTheRestIsProcessed() throws Exception {
        Path data = JobHarness.generate(Scenario.SHIFT, 7, tmp.resolve("bad-data"));
        Path stream = data.resolve("stream.csv");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(stream));
        int good = lines.size() - 1;
        String header = lines.get(0);
        int cols = header.split(",").length;
        lines.add(300, "this is not csv at all");
        lines.add(600, "bad-1,acct-1,1700000005990,6,0" + ",1.0".repeat(cols - 6));
        lines.add(900, "bad-2,acct-2,1700000008990,9,0,abc" + ",1.0".repeat(cols - 6));
        lines.add(1200, "bad-3,acct-3,1700000011990,12,0,NaN" + ",1.0".repeat(cols - 6));
        lines.add(1500, "");
        Files.write(stream, lines);

        ExperimentResult r = ExperimentHarness.run(data, tmp.resolve("bad-out"), JobHarness.config(Map.of()), "immediate",
                Scenario.SHIFT, 0, -1, null);
        assertThat(r.summary().get("dead_letters").asInt()).isEqualTo(5);
        List<JsonNode> dead = JobHarness.jsonLines(ExperimentHarness.sinks(r).resolve("dead-letters"));
        assertThat(dead).extracting(d -> d.get("reason").asText())
                .containsExactlyInAnyOrder("column_count", "column_count", "non_numeric", "non_finite", "empty_line");
        assertThat(dead).allSatisfy(d -> assertThat(d.get("raw")).isNotNull());
        assertThat(JobHarness.jsonLines(ExperimentHarness.sinks(r).resolve("scored"))).hasSize(good);
    }
}
