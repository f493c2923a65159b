package dev.selfheal.lab.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.event.Json;
import dev.selfheal.lab.experiment.ExperimentResult;
import dev.selfheal.lab.experiment.ExperimentRunner;
import dev.selfheal.lab.experiment.ExperimentSpec;
import dev.selfheal.lab.experiment.LabelRegime;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioFiles;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs experiments through the real job graph for the integration tests, and reads what they wrote. */
final class ExperimentHarness {
    private ExperimentHarness() {}

    static ExperimentResult run(Path data, Path out, JobConfig config, String labels, Scenario scenario,
                                int restartAttempts, long failAtBatch, Path control) throws Exception {
        return run(data, out, config, labels, scenario, restartAttempts, failAtBatch, control, null);
    }

    /** @param modelDir a saved model to serve, or null to train one on the data's training split */
    static ExperimentResult run(Path data, Path out, JobConfig config, String labels, Scenario scenario,
                                int restartAttempts, long failAtBatch, Path control, Path modelDir) throws Exception {
        ExperimentSpec spec = new ExperimentSpec(data.resolve(ScenarioFiles.TRAIN), data.resolve(ScenarioFiles.STREAM),
                data.resolve(ScenarioFiles.HOLDOUT), data.resolve(ScenarioFiles.CLEAN_TEST), out, config,
                HealerConfigs.from(config), LabelRegime.parse(labels), 42, scenario, control, 5, restartAttempts,
                failAtBatch, true, modelDir, true);
        return new ExperimentRunner(new PrintStream(java.io.OutputStream.nullOutputStream())).run(spec);
    }

    static Path sinks(ExperimentResult r) {
        return r.out().resolve("job").resolve("out");
    }

    static List<JsonNode> events(ExperimentResult r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : java.nio.file.Files.readAllLines(r.out().resolve("events.jsonl"))) {
            if (!l.isBlank()) {
                out.add(Json.read(l));
            }
        }
        return out;
    }

    static JsonNode registry(List<JsonNode> events) {
        JsonNode last = null;
        for (JsonNode e : events) {
            if ("registry".equals(e.path("type").asText())) {
                last = e;
            }
        }
        return last;
    }
}
