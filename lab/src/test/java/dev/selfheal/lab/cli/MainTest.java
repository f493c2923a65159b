package dev.selfheal.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.job.cli.CapturedStreams;
import dev.selfheal.job.cli.Main;
import dev.selfheal.scenario.ScenarioFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedStreams streams = new CapturedStreams();

    @Test
    void helpExitsZeroAndListsTheCommands() {
        int code = Main.execute("--help");

        assertThat(code).isZero();
        assertThat(stdout()).contains("generate", "train", "experiment", "demo", "run");
    }

    @Test
    void subcommandHelpExitsZero() {
        int code = Main.execute("generate", "--help");

        assertThat(code).isZero();
        assertThat(stdout()).contains("--scenario", "--out", "--seed");
    }

    @Test
    void anUnknownScenarioFailsWithOneLineNamingTheValidScenarios() {
        int code = Main.execute("generate", "--scenario", "nope", "--out", dir.resolve("x").toString());

        assertThat(code).isNotZero();
        assertThat(stderrLines()).singleElement().asString()
                .startsWith("selfheal: ")
                .contains("'nope'")
                .contains("seed", "shift", "gradual", "recurring", "prior", "noise", "poison");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void experimentWithAMissingInputFileFailsWithOneLineNamingIt() throws IOException {
        Path present = Files.writeString(dir.resolve("present.csv"), "f0,label\n1,0\n");
        Path missing = dir.resolve("missing-train.csv");

        int code = Main.execute("experiment", "--train", missing.toString(), "--stream", present.toString(),
                "--holdout", present.toString(), "--out", dir.resolve("out").toString(), "--quiet");

        assertThat(code).isNotZero();
        assertThat(stderrLines()).singleElement().asString().startsWith("selfheal: ").contains(missing.toString());
    }

    @Test
    void trainWithAMissingDataFileFailsWithOneLineNamingIt() {
        Path missing = dir.resolve("missing.csv");

        int code = Main.execute("train", "--data", missing.toString(), "--out", dir.resolve("model").toString());

        assertThat(code).isNotZero();
        assertThat(stderrLines()).singleElement().asString().startsWith("selfheal: ").contains("missing.csv");
        assertThat(dir.resolve("model")).doesNotExist();
    }

    @Test
    void anUnknownSubcommandFails() {
        assertThat(Main.execute("frobnicate")).isNotZero();
        assertThat(stderr()).contains("frobnicate");
    }

    @Test
    void generateWritesTheFourScenarioFiles() throws IOException {
        Path target = dir.resolve("shift");

        int code = Main.execute("generate", "--scenario", "shift", "--out", target.toString(), "--seed", "3");

        assertThat(code).isZero();
        assertThat(stderr()).isEmpty();
        for (String name : List.of(ScenarioFiles.TRAIN, ScenarioFiles.CLEAN_TEST, ScenarioFiles.STREAM,
                ScenarioFiles.HOLDOUT)) {
            Path f = target.resolve(name);
            assertThat(f).as(name).isRegularFile();
            List<String> lines = Files.readAllLines(f);
            assertThat(lines.size()).as(name + " rows").isGreaterThan(1);
            assertThat(lines.get(0)).as(name + " header").contains("V14", "label");
        }
        assertThat(Files.readAllLines(target.resolve(ScenarioFiles.STREAM)).get(0)).contains("batch");
    }

    @Test
    void generateIsDeterministicForASeed() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");

        assertThat(Main.execute("generate", "--scenario", "shift", "--out", a.toString(), "--seed", "3")).isZero();
        assertThat(Main.execute("generate", "--scenario", "shift", "--out", b.toString(), "--seed", "3")).isZero();

        assertThat(Files.readAllBytes(b.resolve(ScenarioFiles.STREAM))).isEqualTo(Files.readAllBytes(a.resolve(
                ScenarioFiles.STREAM)));
    }

    private String stdout() {
        return streams.out();
    }

    private String stderr() {
        return streams.err();
    }

    private List<String> stderrLines() {
        return stderr().lines().filter(l -> !l.isBlank()).toList();
    }
}
