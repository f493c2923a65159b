package dev.selfheal.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.job.cli.CapturedStreams;
import dev.selfheal.job.cli.Main;
import dev.selfheal.model.ModelDirectory;
import dev.selfheal.scenario.ScenarioFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --model} and {@code zoo --model} with an imported model, and their refusals. */
class ImportedModelCommandsITCase {
    /** Written by common's make_fixtures.py; tests run in the module's directory. */
    private static final Path FIXTURES = Path.of("..", "common", "src", "test", "resources", "torchscript");

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedStreams streams = new CapturedStreams();

    private Path imported(String fixture) {
        Path data = dir.resolve("data");
        assertThat(Main.execute("generate", "--scenario", "shift", "--out", data.toString(), "--seed", "2")).isZero();
        Path model = dir.resolve("model-" + fixture);
        assertThat(Main.execute("import", "--backbone", FIXTURES.resolve(fixture + "/backbone.pt").toString(),
                "--head", FIXTURES.resolve(fixture + "/head.pt").toString(), "--data",
                data.resolve(ScenarioFiles.CLEAN_TEST).toString(), "--out", model.toString(), "--rules",
                "V14 < -1.5 => fraud")).as(streams.err()).isZero();
        streams.reset();
        return model;
    }

    @Test
    void benchMeasuresATorchScriptBackboneOnTheDjlPath() throws Exception {
        Path model = imported("hardswish16");
        Path out = dir.resolve("bench.json");

        int code = Main.execute("bench", "--model", model.toString(), "--parts", "kernel", "--kernel-seconds", "0.01",
                "--in-process", "--out", out.toString());

        assertThat(code).as(streams.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertThat(report.at("/settings/kernel").asText()).isEqualTo("djl");
        assertThat(report.at("/settings/model").asText()).isEqualTo(model.toAbsolutePath().toString());
        assertThat(report.at("/kernel_us_per_record/256").asDouble()).isPositive();
        assertThat(report.toString()).doesNotContain("NaN");
    }

    @Test
    void benchAndZooRefuseABadModelDirectoryWithOneLine() {
        Path notAModel = dir.resolve("nothing");
        assertThat(Main.execute("bench", "--model", notAModel.toString(), "--in-process", "--out",
                dir.resolve("b.json").toString())).isEqualTo(2);
        assertThat(Main.execute("zoo", "--model", notAModel.toString(), "--out", dir.resolve("zoo").toString()))
                .isEqualTo(2);
        assertThat(Main.execute("bench", "--model", notAModel.toString(), "--adapter-width", "8", "--in-process",
                "--out", dir.resolve("b.json").toString())).isEqualTo(2);
        assertThat(streams.err().lines().filter(l -> !l.isBlank()).toList()).hasSize(3)
                .allSatisfy(l -> assertThat(l).startsWith("selfheal: ").contains("--model"));
        assertThat(dir.resolve("zoo")).doesNotExist();
    }

    @Test
    @Timeout(300)
    void zooServesTheImportedModelInEveryRunAndNeverRewritesIt() throws Exception {
        Path model = imported("hardswish16");
        byte[] before = Files.readAllBytes(model.resolve(ModelDirectory.MANIFEST));
        Path out = dir.resolve("zoo");

        int code = Main.execute("zoo", "--model", model.toString(), "--scenarios", "shift", "--labels", "immediate",
                "--profiles", "selfheal", "--seeds", "1", "--out", out.toString());

        assertThat(code).as(streams.err()).isZero();
        JsonNode cells = new ObjectMapper().readTree(out.resolve("zoo.json").toFile());
        assertThat(cells).hasSize(1);
        JsonNode run = cells.get(0).get("runs").get(0);
        assertThat(run.path("heals").asInt()).isPositive();
        assertThat(out.resolve("models")).as("nothing trained").doesNotExist();
        Path served = out.resolve("runs/shift/immediate/selfheal/seed-1/model");
        for (String f : List.of(ModelDirectory.BACKBONE_MODULE, ModelDirectory.HEAD)) {
            assertThat(Files.readAllBytes(served.resolve(f))).as(f).isEqualTo(Files.readAllBytes(model.resolve(f)));
        }
        assertThat(Files.readAllBytes(model.resolve(ModelDirectory.MANIFEST))).isEqualTo(before);
    }
}
