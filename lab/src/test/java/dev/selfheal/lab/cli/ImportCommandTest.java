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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import} on the committed TorchScript fixtures, and its refusals. Serving the result with
 * {@code experiment --model} runs whole experiments: ImportedModelExperimentITCase.
 */
class ImportCommandTest {
    /** Written by common's make_fixtures.py; tests run in the module's directory. */

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedStreams streams = new CapturedStreams();

    @Test
    void importsA32WideMlpAndRecordsWhereItCameFrom() throws Exception {
        Path data = ImportFixtures.generate(dir);
        Path model = dir.resolve("model");

        int code = ImportFixtures.importModel("mlp32/backbone.pt", "mlp32/head.pt", data.resolve(ScenarioFiles.CLEAN_TEST), model);

        assertThat(code).as(streams.err()).isZero();
        assertThat(streams.out()).contains("H=32", "max |served - yours|");
        FraudModel m = ModelDirectory.load(model);
        assertThat(m.frozen().hidden()).isEqualTo(32);
        assertThat(m.rules()).isNull();
        JsonNode manifest = new ObjectMapper().readTree(model.resolve(ModelDirectory.MANIFEST).toFile());
        assertThat(manifest.at("/training/backbone/sha256").asText()).isEqualTo(ModelDirectory.sha256(
                Files.readAllBytes(ImportFixtures.FIXTURES.resolve("mlp32/backbone.pt"))));
        assertThat(manifest.at("/training/head_output").asText()).isEqualTo("probability");
    }

    @Test
    void importsAnMlpHeadAndSaysWhereTheAdapterSits() throws Exception {
        Path data = ImportFixtures.generate(dir);
        Path model = dir.resolve("model");

        int code = ImportFixtures.importModel("mlphead32/backbone.pt", "mlphead32/head.pt",
                data.resolve(ScenarioFiles.CLEAN_TEST), model);

        assertThat(code).as(streams.err()).isZero();
        assertThat(streams.out()).contains("backbone width=32", "head 32→16→1", "(width 16)", "adapter width 16");
        FraudModel m = ModelDirectory.load(model);
        assertThat(m.frozen().hidden()).isEqualTo(16);
        assertThat(m.frozen().headWidths()).containsExactly(32, 16, 1);
    }

    @Test
    void importsAnMlpHeadWithOtherActivationsAndNamesThem() throws Exception {
        Path data = ImportFixtures.generate(dir);
        Path model = dir.resolve("model");

        int code = ImportFixtures.importModel("gelu_tanh_head32/backbone.pt", "gelu_tanh_head32/head.pt",
                data.resolve(ScenarioFiles.CLEAN_TEST), model);

        assertThat(code).as(streams.err()).isZero();
        assertThat(streams.out()).contains("head 32→16→8→1: its Linear layers (after each: gelu, tanh) are frozen "
                + "after the backbone", "last hidden vector (width 8)").doesNotContain("adapter at the logit");
        assertThat(ModelDirectory.load(model).frozen().hidden()).isEqualTo(8);
    }

    @Test
    void importsAnyHeadWithTheAdapterAtTheLogitAndSaysWhy() throws Exception {
        Path data = ImportFixtures.generate(dir);
        Path model = dir.resolve("model");

        int code = ImportFixtures.importModel("hardswish_head32/backbone.pt", "hardswish_head32/head.pt",
                data.resolve(ScenarioFiles.CLEAN_TEST), model);

        assertThat(code).as(streams.err()).isZero();
        assertThat(streams.out()).contains("adapter at the logit", "found Hardswish", "logit width=1",
                "adapter width 1");
        FraudModel m = ModelDirectory.load(model);
        assertThat(m.frozen().atLogit()).isTrue();
        assertThat(model.resolve(ModelDirectory.HEAD_MODULE)).exists();
    }

    @Test
    void importsALayerNormChainIntoTheKernelsAndNamesIt() throws Exception {
        Path data = ImportFixtures.generate(dir);
        Path model = dir.resolve("model");

        int code = ImportFixtures.importModel("layernorm48/backbone.pt", "layernorm48/head.pt",
                data.resolve(ScenarioFiles.CLEAN_TEST), model);

        assertThat(code).as(streams.err()).isZero();
        assertThat(streams.out()).contains("after each: layer_norm(48)+gelu, relu", "scored by the vector kernel")
                .doesNotContain("through DJL");
        JsonNode manifest = new ObjectMapper().readTree(model.resolve(ModelDirectory.MANIFEST).toFile());
        assertThat(manifest.get("format").asInt()).isEqualTo(ModelDirectory.FORMAT_LAYER_NORM);
        assertThat(ModelDirectory.load(model).frozen().isModule()).isFalse();
    }

    @Test
    void refusesBadModelsWithOneLineAndWritesNothing() {
        Path data = ImportFixtures.generate(dir);
        String[][] cases = {
                {"layernorm48/backbone.pt", "bad/head16.pt", "does not take the backbone's output of width 48"},
                {"bad/truncated.pt", "mlp32/head.pt", "is not a TorchScript module"},
                {"mlp32/backbone.pt", "bad/head16.pt", "does not take the backbone's output of width 32"},
                {"mlp32/backbone.pt", "missing.pt", "file not found"},
                {"mlp32/backbone.pt", "bad/head_two.pt", "expected one value per row"},
        };
        for (String[] c : cases) {
            streams.reset();
            Path model = dir.resolve("refused");
            int code = ImportFixtures.importModel(c[0], c[1], data.resolve(ScenarioFiles.CLEAN_TEST), model);
            assertThat(code).as(c[0]).isEqualTo(2);
            assertThat(stderrLines()).as(c[0]).singleElement().asString().startsWith("selfheal: ").contains(c[2]);
            assertThat(model).doesNotExist();
        }
    }

    @Test
    void experimentNeedsTrainOrModel() {
        Path data = ImportFixtures.generate(dir);
        int code = Main.execute("experiment", "--stream", data.resolve(ScenarioFiles.STREAM).toString(), "--holdout",
                data.resolve(ScenarioFiles.HOLDOUT).toString(), "--out", dir.resolve("exp").toString(), "--quiet");
        assertThat(code).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString().contains("--train", "--model");
    }

    private List<String> stderrLines() {
        return streams.err().lines().filter(l -> !l.isBlank()).toList();
    }
}
