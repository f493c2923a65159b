package dev.selfheal.lab.bench;

import dev.selfheal.job.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The `bench` command line: refused arguments give exit 2 and one line, before anything runs. */
class BenchCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void helpListsTheContractOptions() {
        assertThat(Main.execute("bench", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--events", "--parallelism", "--out");
    }

    @Test
    void outIsRequired() {
        assertThat(Main.execute("bench")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--out");
    }

    @Test
    void badNumbersAndUnknownPartsAreRefusedWithOneLine() {
        assertThat(Main.execute("bench", "--events", "10", "--out", "x.json")).isEqualTo(2);
        assertThat(Main.execute("bench", "--parts", "kernel,gpu", "--out", "x.json", "--in-process")).isEqualTo(2);
        assertThat(Main.execute("bench", "--models", "0", "--out", "x.json", "--in-process")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(3)
                .allSatisfy(l -> assertThat(l).startsWith("selfheal: "));
    }

    @Test
    void theChildJvmGetsTheVectorModuleAndAFixedHeap() {
        assertThat(BenchLauncher.FLAGS).containsSubsequence("--add-modules", "jdk.incubator.vector")
                .contains("-XX:+AlwaysPreTouch");
        assertThat(BenchLauncher.FLAGS.stream().filter(f -> f.startsWith("-Xm")).toList())
                .containsExactlyInAnyOrder("-Xms3g", "-Xmx3g");
    }
}
