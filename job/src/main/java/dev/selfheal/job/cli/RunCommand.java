package dev.selfheal.job.cli;

import dev.selfheal.job.FlinkSettings;
import dev.selfheal.job.JobSources;
import dev.selfheal.job.SelfhealJob;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.Settings;
import dev.selfheal.job.heal.FailureInjection;
import dev.selfheal.job.io.ControlInput;
import dev.selfheal.job.io.GeneratedTransactions;
import dev.selfheal.job.io.Sinks;
import dev.selfheal.job.score.ServedModel;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "The production job, configured by a YAML/JSON file (see `selfheal settings`). "
                + "This is what `flink run selfheal.jar run --config FILE` submits.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "Settings file.")
    Path config;
    @Option(names = "--detached", description = "Submit and return without waiting for the job to end.")
    boolean detached;

    @Override
    public Integer call() throws Exception {
        JobConfig c = JobConfig.load(config);
        String modelDir = required(c, Settings.MODEL_DIR);
        String txSpec = required(c, Settings.INPUT_TRANSACTIONS);
        Path outDir = Path.of(required(c, Settings.OUTPUT_DIR));
        ServedModel model = ServedModel.read(Path.of(modelDir));
        String labels = c.get(Settings.INPUT_LABELS);
        boolean generated = GeneratedTransactions.isSpec(txSpec);
        JobSources sources = new JobSources(
                generated ? GeneratedTransactions.source(txSpec, c.get(Settings.INPUT_RATE)) : lines(Path.of(txSpec)),
                generated ? GeneratedTransactions.header() : header(Path.of(txSpec)), null,
                labels.isBlank() ? null : lines(Path.of(labels)), ControlInput.parse(c.get(Settings.INPUT_CONTROL)));
        SelfhealJob job = new SelfhealJob(c, HealerConfigs.from(c), model, sources, Sinks.files(outDir),
                FailureInjection.none());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                FlinkSettings.of(c, outDir.resolve("checkpoints"), null, 3));
        job.build(env);
        if (detached) {
            System.out.println("submitted job " + env.executeAsync("selfheal").getJobID());
        } else {
            env.execute("selfheal");
        }
        return 0;
    }

    private static String required(JobConfig c, dev.selfheal.job.config.Setting<String> s) {
        String v = c.get(s);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("setting '" + s.key() + "' is required: " + s.description());
        }
        return v;
    }

    private static FileSource<String> lines(Path p) {
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("input not found: " + p);
        }
        return FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                new org.apache.flink.core.fs.Path(p.toAbsolutePath().toUri())).build();
    }

    /** The header of the first CSV file (a directory of files shares one header). */
    private static String header(Path p) throws Exception {
        Path first = p;
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                first = s.filter(Files::isRegularFile).sorted().findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no files in " + p));
            }
        }
        try (BufferedReader r = Files.newBufferedReader(first)) {
            String l = r.readLine();
            if (l == null) {
                throw new IllegalArgumentException(first + " is empty (a header row is required)");
            }
            return l;
        }
    }
}
