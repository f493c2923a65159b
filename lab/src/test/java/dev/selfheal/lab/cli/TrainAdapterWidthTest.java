package dev.selfheal.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.job.cli.CapturedStreams;
import dev.selfheal.job.cli.Main;
import dev.selfheal.model.AdapterShape;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelDirectory;
import dev.selfheal.scenario.ScenarioFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --adapter-width}, and the same flag's refusals on the commands that train. */
class TrainAdapterWidthTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedStreams streams = new CapturedStreams();

    @Test
    void trainWritesAModelWithTheAdapterWidthAskedFor() {
        Path data = generate();
        Path model = dir.resolve("model-w8");

        int code = Main.execute("train", "--data", data.resolve(ScenarioFiles.TRAIN).toString(), "--out",
                model.toString(), "--epochs", "2", "--adapter-width", "8");

        assertThat(code).as(streams.err()).isZero();
        FraudModel m = ModelDirectory.load(model);
        assertThat(m.adapterShape()).isEqualTo(new AdapterShape(64, 8));
        assertThat(streams.out()).contains("adapter width 8");
    }

    @Test
    void withoutTheFlagTheAdapterIsAsWideAsTheBackbone() {
        Path data = generate();
        Path model = dir.resolve("model");

        assertThat(Main.execute("train", "--data", data.resolve(ScenarioFiles.TRAIN).toString(), "--out",
                model.toString(), "--epochs", "1")).isZero();

        assertThat(ModelDirectory.load(model).adapterShape()).isEqualTo(AdapterShape.full(64));
    }

    @Test
    void aWidthOutsideOneToTheBackboneWidthFailsWithOneLineBeforeAnyWork() {
        Path data = generate();
        for (String w : List.of("0", "65", "-3")) {
            streams.reset();
            Path model = dir.resolve("model-" + w);

            int code = Main.execute("train", "--data", data.resolve(ScenarioFiles.TRAIN).toString(), "--out",
                    model.toString(), "--adapter-width", w);

            assertThat(code).as("width %s", w).isEqualTo(2);
            assertThat(stderrLines()).singleElement().asString()
                    .isEqualTo("selfheal: --adapter-width: adapter width must be between 1 and the backbone width 64, "
                            + "got " + w);
            assertThat(model).doesNotExist();
        }
    }

    @Test
    void experimentAndZooRefuseABadWidthToo() {
        Path data = generate();
        int code = Main.execute("experiment", "--train", data.resolve(ScenarioFiles.TRAIN).toString(), "--stream",
                data.resolve(ScenarioFiles.STREAM).toString(), "--holdout", data.resolve(ScenarioFiles.HOLDOUT).toString(),
                "--out", dir.resolve("exp").toString(), "--quiet", "--adapter-width", "100");
        assertThat(code).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString().contains("--adapter-width", "got 100");
        assertThat(dir.resolve("exp")).doesNotExist();

        streams.reset();
        assertThat(Main.execute("zoo", "--out", dir.resolve("zoo").toString(), "--adapter-width", "0")).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString().contains("--adapter-width", "got 0");
        assertThat(dir.resolve("zoo")).doesNotExist();
    }

    @Test
    void theHelpOfTheCommandsThatTrainListsTheFlag() {
        for (String command : List.of("train", "experiment", "demo", "zoo")) {
            streams.reset();
            assertThat(Main.execute(command, "--help")).isZero();
            assertThat(streams.out()).as(command).contains("--adapter-width");
        }
    }

    private Path generate() {
        Path data = dir.resolve("data");
        assertThat(Main.execute("generate", "--scenario", "shift", "--out", data.toString(), "--seed", "3")).isZero();
        return data;
    }

    private List<String> stderrLines() {
        return streams.err().lines().filter(l -> !l.isBlank()).toList();
    }
}
