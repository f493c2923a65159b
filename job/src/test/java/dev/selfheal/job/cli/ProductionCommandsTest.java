package dev.selfheal.job.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job module alone (the cluster jar's class path) has the production commands and none of the
 * lab's: those join only when the lab module is on the class path.
 */
class ProductionCommandsTest {
    @RegisterExtension
    final CapturedStreams streams = new CapturedStreams();

    @Test
    void helpListsTheProductionCommandsOnly() {
        assertThat(Main.execute("--help")).isZero();

        assertThat(streams.out()).contains("run", "train", "generate", "settings", "registry", "sign", "import",
                "export");
        assertThat(streams.out().lines().map(String::strip)).noneMatch(l -> l.startsWith("demo")
                || l.startsWith("experiment") || l.startsWith("zoo") || l.startsWith("bench"));
    }

    @Test
    void aLabCommandIsUnknownHere() {
        assertThat(Main.execute("demo")).isEqualTo(2);
        assertThat(streams.err()).contains("demo");
    }
}
