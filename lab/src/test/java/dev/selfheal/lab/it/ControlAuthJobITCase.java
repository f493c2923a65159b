package dev.selfheal.lab.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.job.it.JobHarness;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.event.Json;
import dev.selfheal.lab.experiment.ExperimentResult;
import dev.selfheal.job.security.ControlAuth;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * HMAC control through the real job: with a secret configured, unsigned, badly signed and replayed
 * commands are refused and audited, a correctly signed one is applied once.
 */
@Timeout(300)
class ControlAuthJobITCase {
    private static final String SECRET = "a-test-secret-of-32-characters!!";

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    Path tmp;

    @Test
    void onlyCorrectlySignedFreshCommandsAreApplied() throws Exception {
        Path data = JobHarness.generate(Scenario.SEED, 42, tmp.resolve("data"));
        ControlAuth auth = ControlAuth.hmac(SECRET, 300_000);
        long now = System.currentTimeMillis();
        String good = auth.sign(Json.MAPPER.readTree("{\"cmd\":\"freeze\"}"), now);
        String forged = ControlAuth.hmac("someone-else's-secret-16+", 300_000)
                .sign(Json.MAPPER.readTree("{\"cmd\":\"resume\"}"), now);
        String stale = auth.sign(Json.MAPPER.readTree("{\"cmd\":\"resume\"}"), now - 3_600_000);
        Path control = tmp.resolve("control.jsonl");
        Files.write(control, List.of("{\"cmd\":\"resume\"}", forged, good, good, stale));

        JobConfig cfg = JobHarness.config(Map.of("control.secret", SECRET));
        ExperimentResult r = ExperimentHarness.run(data, tmp.resolve("out"), cfg, "immediate", Scenario.SEED, 0, -1, control);

        List<JsonNode> audited = ExperimentHarness.events(r).stream()
                .filter(e -> e.get("type").asText().equals("control")).toList();
        List<String> refused = audited.stream().filter(e -> !e.path("details").path("accepted").asBoolean())
                .map(e -> e.path("details").path("refused").asText()).sorted().toList();
        assertThat(refused).hasSize(4);
        assertThat(refused).anySatisfy(s -> assertThat(s).startsWith("unauthenticated: no 'sig'"));
        assertThat(refused).anySatisfy(s -> assertThat(s).isEqualTo("unauthenticated: bad signature"));
        assertThat(refused).anySatisfy(s -> assertThat(s).startsWith("replay: nonce"));
        assertThat(refused).anySatisfy(s -> assertThat(s).startsWith("replay: 'ts'"));
        List<JsonNode> accepted = audited.stream().filter(e -> e.path("details").path("accepted").asBoolean()).toList();
        assertThat(accepted).isNotEmpty();
        assertThat(accepted).allSatisfy(e -> assertThat(e.path("details").path("raw").asText()).isEqualTo(good));
    }
}
