package dev.selfheal.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.job.cli.CapturedStreams;
import dev.selfheal.job.cli.Main;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelDirectory;
import dev.selfheal.scenario.ScenarioFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving a model made by {@code import} with {@code experiment --model}: whole experiments on the
 * embedded cluster. The import itself and its refusals: ImportCommandTest.
 */
class ImportedModelExperimentITCase {
    /** Written by common's make_fixtures.py; tests run in the module's directory. */

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedStreams streams = new CapturedStreams();

    @Test
    @Timeout(300)
    void experimentServesAndHealsTheImportedModelAndChangesOnlyItsAdapter() throws Exception {
        Path data = ImportFixtures.generate(dir);
        Path model = dir.resolve("model");
        assertThat(ImportFixtures.importModel("mlp32/backbone.pt", "mlp32/head.pt", data.resolve(ScenarioFiles.CLEAN_TEST), model))
                .as(streams.err()).isZero();
        Path out = dir.resolve("exp");
        String[] serve = {"experiment", "--model", model.toString(), "--stream",
                data.resolve(ScenarioFiles.STREAM).toString(), "--holdout", data.resolve(ScenarioFiles.HOLDOUT).toString(),
                "--out", out.toString(), "--quiet"};

        streams.reset();
        assertThat(Main.execute(concat(serve, "--key-feature", "velocity"))).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString()
                .startsWith("selfheal: --key-feature 'velocity' is not a feature; the features are ");
        assertThat(out).as("refused before anything is written").doesNotExist();

        // The rules are overridden; the key feature is the imported model's own (V14).
        int code = Main.execute(concat(serve, "--rules", "V14 < -1.5 => fraud"));

        assertThat(code).as(streams.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("rules").asText()).isEqualTo("V14 < -1.5 => fraud");
        assertThat(summary.path("key_feature").asText()).isEqualTo(ModelDirectory.load(model).keyFeature())
                .isEqualTo("V14");
        assertThat(summary.path("heals").asInt()).isPositive();
        assertThat(summary.path("final_version").asLong()).isGreaterThan(1);
        FraudModel served = ModelDirectory.load(out.resolve("model"));
        assertThat(served.frozen().hidden()).isEqualTo(32);
        assertThat(served.rules()).isEqualTo("V14 < -1.5 => fraud");
        for (String f : List.of(ModelDirectory.BACKBONE, ModelDirectory.HEAD)) {
            assertThat(Files.readAllBytes(out.resolve("model").resolve(f))).as(f)
                    .isEqualTo(Files.readAllBytes(model.resolve(f)));
        }
    }

    @Test
    @Timeout(300)
    void experimentServesAndHealsATorchScriptBackboneThroughDjl() throws Exception {
        Path data = ImportFixtures.generate(dir);
        Path model = dir.resolve("model");
        assertThat(ImportFixtures.importModel("hardswish16/backbone.pt", "hardswish16/head.pt", data.resolve(ScenarioFiles.CLEAN_TEST),
                model)).as(streams.err()).isZero();
        assertThat(streams.out()).contains("H=16", "scored through DJL", "found Hardswish");
        Path out = dir.resolve("exp");

        int code = Main.execute("experiment", "--model", model.toString(), "--stream",
                data.resolve(ScenarioFiles.STREAM).toString(), "--holdout", data.resolve(ScenarioFiles.HOLDOUT).toString(),
                "--out", out.toString(), "--quiet", "--rules", "V14 < -1.5 => fraud");

        assertThat(code).as(streams.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("heals").asInt()).isPositive();
        assertThat(summary.path("final_version").asLong()).isGreaterThan(1);
        FraudModel served = ModelDirectory.load(out.resolve("model"));
        assertThat(served.frozen().isModule()).isTrue();
        assertThat(Files.readAllBytes(out.resolve("model").resolve(ModelDirectory.BACKBONE_MODULE)))
                .isEqualTo(Files.readAllBytes(ImportFixtures.FIXTURES.resolve("hardswish16/backbone.pt")));
    }

    private static String[] concat(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private List<String> stderrLines() {
        return streams.err().lines().filter(l -> !l.isBlank()).toList();
    }
}
