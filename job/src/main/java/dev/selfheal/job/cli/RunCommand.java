package dev.selfheal.job.cli;

import dev.selfheal.job.FlinkSettings;
import dev.selfheal.job.JobSources;
import dev.selfheal.job.SelfhealJob;
import dev.selfheal.job.config.CheckpointSettings;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.InputSettings;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.KafkaSettings;
import dev.selfheal.job.config.OutputSettings;
import dev.selfheal.job.heal.FailureInjection;
import dev.selfheal.job.io.RunInputs;
import dev.selfheal.job.io.Sinks;
import dev.selfheal.job.score.ServedModel;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "The production job, configured by a YAML/JSON file (see `selfheal settings`). "
                + "This is what `flink run selfheal-job.jar run --config FILE` submits.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "Settings file.")
    Path config;
    @Option(names = "--detached", description = "Submit and return without waiting for the job to end.")
    boolean detached;

    @Override
    public Integer call() throws Exception {
        JobConfig c = JobConfig.load(config);
        String modelDir = required(c, InputSettings.MODEL_DIR);
        String txSpec = required(c, InputSettings.TRANSACTIONS);
        Path outDir = Path.of(required(c, OutputSettings.DIR));
        ServedModel model = ServedModel.read(Path.of(modelDir));
        // Files, the generator or Kafka in; files or Kafka (exactly-once) out: the graph is the same.
        JobSources sources = RunInputs.sources(c, txSpec);
        SelfhealJob job = new SelfhealJob(c, HealerConfigs.from(c), model, sources, RunInputs.sinks(c, outDir),
                FailureInjection.none());
        Configuration own = FlinkSettings.withCheckpointUri(c, null, null, 3);
        // Submitted to a cluster, the environment's configuration is the cluster's merged with ours.
        Optional<String> cluster = StreamExecutionEnvironment.getExecutionEnvironment(own).getConfiguration()
                .getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                FlinkSettings.withCheckpointUri(c, checkpointDir(c.get(CheckpointSettings.DIR), cluster, outDir), null, 3));
        job.build(env);
        System.out.println(outputsLine(c, outDir));
        if (detached) {
            System.out.println("submitted job " + env.executeAsync("selfheal").getJobID());
        } else {
            env.execute("selfheal");
        }
        return 0;
    }

    /**
     * Where checkpoints go: {@code checkpoint.dir} when set; else the cluster's own directory (on a
     * cluster with shared storage, checkpoints belong there, not on one machine's disk); else
     * {@code OUTPUT_DIR/checkpoints}. A {@code flink.execution.checkpointing.dir} in the job's
     * configuration still overrides all three.
     */
    static String checkpointDir(String setting, Optional<String> cluster, Path outDir) {
        if (setting != null && !setting.isBlank()) {
            return setting.trim();
        }
        return cluster.filter(d -> !d.isBlank())
                .orElseGet(() -> outDir.toAbsolutePath().normalize().resolve("checkpoints").toUri().toString());
    }

    /** One line saying where the job writes, so a user knows where to look before the job ends. */
    static String outputsLine(JobConfig c, Path outDir) {
        Path root = outDir.toAbsolutePath().normalize();
        String topic = c.get(KafkaSettings.SCORED_TOPIC);
        String scored = topic == null || topic.isBlank() ? root.resolve(Sinks.SCORED) + "/"
                : "Kafka topic '" + topic.trim() + "'";
        return "selfheal: scored events to " + scored + "; metrics, audit events, dead letters and adapters under "
                + root + "/ (" + String.join("/, ", Sinks.METRICS, Sinks.AUDIT, Sinks.DEAD_LETTERS, Sinks.ADAPTERS,
                Sinks.APPLIED) + "/); files appear as checkpoints complete";
    }

    private static String required(JobConfig c, dev.selfheal.job.config.Setting<String> s) {
        String v = c.get(s);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("setting '" + s.key() + "' is required: " + s.description());
        }
        return v;
    }
}
