package dev.selfheal.lab.bench;

import dev.selfheal.job.event.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.selfheal.data.RecordFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"The performance benchmark: the scoring kernel alone, the job end to end beside a "
                + "pass-through job of the same shape, heal and propagation times inside the running job, scoring "
                + "latency at half load, memory, many models, the production job from a CSV file and through Kafka in each "
                + "record format beside its pass-through, and parse cost per format. Writes JSON. "
                + "With --parts backpressure: the backpressure drill, minutes of a slow scored sink (checkpoints, memory, "
                + "heals watched).",
                "Runs itself in a child JVM with --add-modules jdk.incubator.vector, a fixed 3 GB heap and "
                        + "-XX:ThreadPriorityPolicy=1 (as deploy/ starts TaskManagers; see --in-process)."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "10000000",
            description = "Events per end-to-end run (default ${DEFAULT-VALUE}); RSS is read at 1/5 of it and at the end.")
    long events;
    @Option(names = "--parallelism", defaultValue = "2",
            description = "Parallelism of the largest runs (default ${DEFAULT-VALUE}); parallelism 1 is measured too.")
    int parallelism;
    @Option(names = "--out", required = true, description = "JSON file to write.")
    Path out;
    @Option(names = "--sample-rate", defaultValue = "0.001",
            description = "Share of events PROFILE samples for HEAL (default ${DEFAULT-VALUE}; heal batches of 100).")
    double sampleRate;
    @Option(names = "--kernel", defaultValue = "auto", description = "score.kernel: auto, vector or djl (default ${DEFAULT-VALUE}).")
    String kernel;
    @Option(names = "--parts", split = ",", defaultValue = "kernel,e2e,latency,scale,csv,kafka,parse",
            description = "Parts to run (default ${DEFAULT-VALUE}); latency and scale need e2e's figures and run it. "
                    + "Also: backpressure (the drill, not in the default: it takes --backpressure-minutes).")
    Set<String> parts = new LinkedHashSet<>();
    @Option(names = "--models", split = ",", defaultValue = "1,100,1000",
            description = "Model counts for the scale part (default ${DEFAULT-VALUE}).")
    int[] models;
    @Option(names = "--latency-seconds", defaultValue = "20",
            description = "Length of the latency run, which also gives the heal figures at half load (default ${DEFAULT-VALUE}).")
    double latencySeconds;
    @Option(names = "--csv-events", defaultValue = "2000000",
            description = "Events in the CSV file run (default ${DEFAULT-VALUE}).")
    long csvEvents;
    @Option(names = "--kafka-events", defaultValue = "2000000",
            description = "Events per record format in the Kafka part (default ${DEFAULT-VALUE}).")
    long kafkaEvents;
    @Option(names = "--kafka-formats", split = ",", defaultValue = "csv,json,avro",
            description = "Record formats of the Kafka part, in and out (default ${DEFAULT-VALUE}).")
    List<String> kafkaFormats = new ArrayList<>();
    @Option(names = "--kafka-latency-seconds", defaultValue = "20",
            description = "Length of the Kafka latency run per format, at half the scored rate measured (default "
                    + "${DEFAULT-VALUE}; 0 = none).")
    double kafkaLatencySeconds;
    @Option(names = "--kafka-jfr", paramLabel = "FILE", description = "Record one more Kafka JSON scored run with "
            + "JFR (profiling settings) into FILE and print its top frames.")
    Path kafkaJfr;
    @Option(names = "--kafka-pid-file", paramLabel = "FILE", description = "The broker's pid file, to read its CPU "
            + "time (default: kafka.sh's, $SELFHEAL_KAFKA_DIR/kafka.pid or deploy/local/.kafka/kafka.pid; else the one "
            + "kafka.Kafka process).")
    Path kafkaPidFile;
    @Option(names = "--kafka-bootstrap", defaultValue = "",
            description = "A running broker (deploy/local/kafka.sh start prints it) for the Kafka run; "
                    + "without one that part is reported as not measured.")
    String kafkaBootstrap;
    @Option(names = "--backpressure-minutes", defaultValue = "3",
            description = "Length of the backpressure drill (part backpressure) at the sink's rate (default ${DEFAULT-VALUE}).")
    double backpressureMinutes;
    @Option(names = "--backpressure-sink-rate", defaultValue = "2000",
            description = "Records per second the drill's scored sink takes (default ${DEFAULT-VALUE}).")
    double backpressureSinkRate;
    @Option(names = "--kernel-seconds", defaultValue = "0.4",
            description = "Timed window per kernel figure (default ${DEFAULT-VALUE}).")
    double kernelSeconds;
    @Option(names = "--adapter-width", description = "Train the benchmark's model with adapters of this bottleneck "
            + "width (1 to the backbone width; default: the backbone width). Narrow adapters keep many models' "
            + "weights in cache.")
    Integer adapterWidth;
    @Option(names = "--scale-adapter-width", defaultValue = "8", description = "The scale part runs again with a model "
            + "whose adapters have this width, unless it is the main model's (0 = only the main model; default "
            + "${DEFAULT-VALUE}).")
    int scaleAdapterWidth;
    @Option(names = "--model", paramLabel = "MODEL_DIR", description = "Benchmark this model directory (from train or "
            + "import; its features must be the built-in scenarios') instead of training one. A TorchScript backbone "
            + "that is not a chain of Linear layers is measured on the DJL path, the only one that runs it.")
    Path model;
    @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--repeats", defaultValue = "2",
            description = "Pass-through/scored pairs per parallelism; the best of each is reported (default ${DEFAULT-VALUE}).")
    int repeats;
    @Option(names = "--in-process", description = "Run in this JVM as it is (no child JVM): the kernel is then the "
            + "Vector API one only if this JVM has the module, and RSS includes heap growth.")
    boolean inProcess;
    @Option(names = "--set", description = "A job setting for every run, e.g. --set score.batch-size=1024 or "
            + "--set flink.execution.checkpointing.unaligned.enabled=true (repeatable).")
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
    private static void checkWidth(String option, Integer width) {
        if (width != null) {
            try {
                dev.selfheal.model.TrainConfig.defaults().withAdapterWidth(width);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
            }
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (events < 1000 || parallelism < 1 || !(sampleRate > 0 && sampleRate <= 1) || csvEvents < 1
                || latencySeconds <= 0 || kernelSeconds <= 0 || !(backpressureMinutes > 0)
                || !(backpressureSinkRate > 0)) {
            throw new IllegalArgumentException("--events must be >= 1000, --parallelism >= 1, --sample-rate in (0,1], "
                    + "--csv-events >= 1, --latency-seconds, --kernel-seconds, --backpressure-minutes and "
                    + "--backpressure-sink-rate > 0");
        }
        for (String p : parts) {
            if (!BenchRunner.PARTS.contains(p)) {
                throw new IllegalArgumentException("--parts: unknown part '" + p + "' (known: " + BenchRunner.PARTS + ")");
            }
        }
        List<RecordFormat> formats = new ArrayList<>();
        for (String f : kafkaFormats) {
            try {
                formats.add(RecordFormat.parse(f));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--kafka-formats: " + e.getMessage());
            }
        }
        if (kafkaEvents < 1000 || !(kafkaLatencySeconds >= 0) || formats.isEmpty()) {
            throw new IllegalArgumentException("--kafka-events must be >= 1000, --kafka-latency-seconds >= 0, "
                    + "--kafka-formats not empty");
        }
        if (Arrays.stream(models).anyMatch(m -> m < 1) || repeats < 1) {
            throw new IllegalArgumentException("--models: counts must be >= 1; --repeats >= 1");
        }
        checkWidth("--adapter-width", adapterWidth);
        if (model != null && adapterWidth != null) {
            throw new IllegalArgumentException("--adapter-width is for the model the benchmark trains; --model brings "
                    + "its own");
        }
        if (model != null && !Files.isRegularFile(model.resolve(dev.selfheal.model.ModelDirectory.MANIFEST))) {
            throw new IllegalArgumentException("--model " + model + " is not a model directory (no "
                    + dev.selfheal.model.ModelDirectory.MANIFEST + ")");
        }
        checkWidth("--scale-adapter-width", scaleAdapterWidth == 0 ? null : scaleAdapterWidth);
        if (!inProcess && !BenchLauncher.inChild()) {
            return BenchLauncher.relaunch(spec.commandLine().getParseResult().originalArgs());
        }
        var options = new BenchRunner.BenchOptions(events, parallelism, sampleRate, kernel, seed, parts, latencySeconds,
                csvEvents, models, kernelSeconds, repeats, settings, kafkaBootstrap, backpressureMinutes,
                backpressureSinkRate, adapterWidth, scaleAdapterWidth == 0 ? null : scaleAdapterWidth,
                model == null ? null : model.toAbsolutePath());
        var kafka = new BenchRunner.KafkaOptions(List.copyOf(new LinkedHashSet<>(formats)), kafkaEvents,
                kafkaLatencySeconds, kafkaJfr == null ? null : kafkaJfr.toAbsolutePath(),
                kafkaPidFile == null ? null : kafkaPidFile.toAbsolutePath());
        var report = new BenchRunner(options, kafka, System.out).run();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, Json.PRETTY.writeValueAsString(report) + "\n");
        System.out.println("bench: wrote " + out);
        return 0;
    }
}
