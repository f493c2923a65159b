package dev.selfheal.lab.it;

import dev.selfheal.job.cli.Main;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.job.it.JobHarness;
import dev.selfheal.lab.it.OtherColumnsData;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.event.Json;
import dev.selfheal.lab.experiment.ExperimentResult;
import dev.selfheal.lab.experiment.ExperimentRunner;
import dev.selfheal.lab.experiment.ExperimentSpec;
import dev.selfheal.lab.experiment.LabelRegime;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `train` and `experiment` end to end on data whose columns share no name with the built-in
 * scenarios' (no V14, so no default rule): the job completes, writes its outputs, runs without
 * rules and watches the key feature it was given or chose.
 */
@Timeout(300)
class OtherColumnsJobITCase {
    private static final String DEFAULT_RULE_WARNING = "warning: the default rule 'V14 < -1.5 => fraud' needs V14";

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path tmp;

    @Test
    void trainThenExperimentOnTheTrainedModelRunsWithoutRules() throws Exception {
        Path data = OtherColumnsData.write(tmp.resolve("data"), 11, 1500, 600, 400, 0);
        Path modelDir = tmp.resolve("model");

        String printed = run("train", "--data", data.resolve("train.csv").toString(), "--out", modelDir.toString(),
                "--epochs", "3");

        assertThat(printed.lines().filter(l -> l.startsWith(DEFAULT_RULE_WARNING))).hasSize(1);
        FraudModel model = ModelDirectory.load(modelDir);
        assertThat(model.rules()).isNull();
        // The label depends on merchant_risk and velocity only: the choice must be one of them.
        assertThat(model.keyFeature()).isIn("merchant_risk", "velocity");
        assertThat(printed).contains("key feature '" + model.keyFeature() + "'", "no rules");

        JobConfig config = JobHarness.config(Map.of());
        ExperimentSpec spec = new ExperimentSpec(data.resolve("train.csv"), data.resolve("stream.csv"),
                data.resolve("holdout.csv"), null, tmp.resolve("out"), config, HealerConfigs.from(config),
                LabelRegime.parse("immediate"), 42, null, null, 3, 0, -1, true, modelDir, false);
        ExperimentResult r = new ExperimentRunner(new PrintStream(java.io.OutputStream.nullOutputStream())).run(spec);

        JsonNode summary = Json.read(Files.readString(r.out().resolve("summary.json")));
        assertThat(summary.get("rules").isNull()).isTrue();
        assertThat(summary.get("key_feature").asText()).isEqualTo(model.keyFeature());
        assertThat(summary.get("holdout_healed").get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(summary.get("dead_letters").asInt()).isZero();
        // No batch column: HEAL counts 100-row batches (batch.size), and no row ever conflicts with a rule.
        List<BatchMetrics> rows = ExperimentRunner.readMetricsRows(ExperimentHarness.sinks(r));
        assertThat(rows).extracting(m -> m.batchIdx).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(rows).allSatisfy(m -> {
            assertThat(m.rows).isEqualTo(100);
            assertThat(m.nConflicts).isZero();
            assertThat(m.zScore).isFinite();
        });
    }

    @Test
    void experimentWithAnotherKeyFeatureWatchesItAndDelayedLabelsArriveWithoutABatchColumn() throws Exception {
        // distance moves by two of its training standard deviations (20): the z-score must see it.
        Path data = OtherColumnsData.write(tmp.resolve("data"), 12, 1500, 800, 400, 40);
        Path out = tmp.resolve("exp");

        String printed = run("experiment", "--train", data.resolve("train.csv").toString(), "--stream",
                data.resolve("stream.csv").toString(), "--holdout", data.resolve("holdout.csv").toString(), "--out",
                out.toString(), "--epochs", "3", "--key-feature", "distance", "--labels", "delay:2", "--quiet",
                "--set", "metrics.prometheus.port=");

        assertThat(printed.lines().filter(l -> l.startsWith(DEFAULT_RULE_WARNING))).hasSize(1);
        JsonNode summary = Json.read(Files.readString(out.resolve("summary.json")));
        assertThat(summary.get("rules").isNull()).isTrue();
        assertThat(summary.get("key_feature").asText()).isEqualTo("distance");
        List<BatchMetrics> rows = ExperimentRunner.readMetricsRows(out.resolve("job").resolve("out"));
        assertThat(rows).hasSize(8);
        assertThat(rows).allSatisfy(m -> assertThat(m.nConflicts).isZero());
        assertThat(rows.get(rows.size() - 1).zScore).isGreaterThan(1.5);
        assertThat(rows).anySatisfy(m -> assertThat(m.drifting).isTrue());
        // Labels two batches late: none in the first two batches, then every batch's.
        assertThat(rows.stream().mapToInt(m -> m.labelled).sum()).isEqualTo(600);
    }

    private static String run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            code = Main.execute(args);
        } finally {
            System.setOut(old);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        return printed;
    }
}
