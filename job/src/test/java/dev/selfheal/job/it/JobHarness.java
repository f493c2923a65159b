package dev.selfheal.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.event.Json;
import dev.selfheal.job.io.Sinks;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioFiles;
import dev.selfheal.scenario.ScenarioGenerator;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Data, settings and committed outputs for the integration tests that run the job graph. */
public final class JobHarness {
    private JobHarness() {}

    public static Path generate(Scenario s, long seed, Path dir) throws Exception {
        ScenarioFiles.write(new ScenarioGenerator(s, seed).generate(), dir);
        return dir;
    }

    public static JobConfig config(Map<String, Object> overrides) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("parallelism", 2);
        m.put("checkpoint.interval-ms", 200L);
        // The test cluster has no reporter port to spare; metrics are tested elsewhere.
        m.put("metrics.prometheus.port", "");
        m.putAll(overrides);
        return JobConfig.defaults().with(m);
    }

    public static List<JsonNode> jsonLines(Path dir) {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Sinks.readCommitted(dir)) {
            out.add(Json.read(l));
        }
        return out;
    }

    /**
     * Stops the job with a savepoint, trying again while it still runs: on a loaded machine the
     * first attempt can fail with a task-local checkpoint failure before every task is ready.
     */
    public static String stopWithSavepoint(JobClient client, String dir) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.stopWithSavepoint(false, dir, SavepointFormatType.CANONICAL).get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (attempt >= 5 || client.getJobStatus().get().isGloballyTerminalState()) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }
}
