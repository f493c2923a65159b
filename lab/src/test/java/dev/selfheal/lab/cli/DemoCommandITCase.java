package dev.selfheal.lab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.job.cli.CapturedStreams;
import dev.selfheal.job.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `demo` without a scenario leads with `shift`, where healing shows its value, then gives the
 * `seed` scenario's honest result in a directory of its own, and sets the two side by side.
 */
class DemoCommandITCase {
    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedStreams streams = new CapturedStreams();

    @Test
    void withoutAScenarioTheDemoRunsShiftThenSeed() throws Exception {
        Path out = dir.resolve("demo");
        assertThat(Main.execute("demo", "--out", out.toString(), "--quiet", "--epochs", "3")).isZero();

        ObjectMapper json = new ObjectMapper();
        JsonNode shift = json.readTree(out.resolve("summary.json").toFile());
        JsonNode seed = json.readTree(out.resolve("seed").resolve("summary.json").toFile());
        assertThat(shift.path("scenario").asText()).isEqualTo("shift");
        assertThat(seed.path("scenario").asText()).isEqualTo("seed");
        assertThat(out.resolve("report.html")).exists();
        assertThat(out.resolve("seed").resolve("report.html")).exists();
        String printed = streams.out();
        assertThat(printed.indexOf("scenario 'shift'")).isNotNegative()
                .isLessThan(printed.indexOf("scenario 'seed'"));
        assertThat(printed).containsPattern("(?m)^shift +\\d\\.\\d{3} / \\d\\.\\d{3}")
                .containsPattern("(?m)^seed +\\d\\.\\d{3} / \\d\\.\\d{3}");
    }
}
