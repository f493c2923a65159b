package dev.selfheal.lab.cli;

import dev.selfheal.job.cli.DomainOptions;
import dev.selfheal.job.cli.TrainConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.lab.zoo.Zoo;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "zoo", mixinStandardHelpOptions = true,
        description = "Run every scenario x label regime for both profiles through the Flink job over several "
                + "seeds; write zoo.json, zoo.md, zoo.png and report.html (holdout figures beside frozen, shadow, "
                + "rules, all-normal and the ceiling; the report links each run's own report.html).")
final class ZooCommand implements Callable<Integer> {
    @Option(names = "--seeds", defaultValue = "5", description = "Seeds 1..N (default ${DEFAULT-VALUE}).")
    int seeds;
    @Option(names = "--scenarios", split = ",", description = "Scenarios (default all).")
    List<String> scenarios;
    @Option(names = "--labels", split = ",", defaultValue = "immediate,delay:5,fraction:0.1,none",
            description = "Label regimes, e.g. requested:0.1 or requested:0.1:5 beside fraction:0.1 "
                    + "(default ${DEFAULT-VALUE}).")
    List<String> labels;
    @Option(names = "--profiles", split = ",", defaultValue = "selfheal,reference",
            description = "Profiles (default ${DEFAULT-VALUE}).")
    List<String> profiles;
    @Option(names = "--config", description = "Base settings file for every run.")
    Path config;
    @Option(names = "--epochs", defaultValue = "20", description = "Training epochs per seed (default ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--adapter-width", paramLabel = "W",
            description = "Adapter bottleneck width of the models trained per seed, 1..backbone width (default: the "
                    + "backbone width, 64).")
    Integer adapterWidth;
    @Option(names = "--model", paramLabel = "MODEL_DIR",
            description = "Serve this model directory (from train or import; its features must be the scenarios') in "
                    + "every run instead of training one per seed; it keeps its own rules and key feature unless "
                    + "--rules or --key-feature is given.")
    Path model;
    @Option(names = "--out", required = true, description = "Output directory for zoo.json, zoo.md, zoo.png and report.html.")
    Path out;
    @Mixin
    DomainOptions domain;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1");
        }
        List<Scenario> sc = scenarios == null ? Arrays.asList(Scenario.values())
                : scenarios.stream().map(Scenario::parse).toList();
        labels.forEach(dev.selfheal.lab.experiment.LabelRegime::parse);
        TrainConfig training = TrainConfigs.of(epochs, 1, adapterWidth);
        if (model != null && adapterWidth != null) {
            throw new IllegalArgumentException("--adapter-width is for a trained model; --model serves the width it has");
        }
        if (model != null) {
            if (!java.nio.file.Files.isRegularFile(model.resolve(dev.selfheal.model.ModelDirectory.MANIFEST))) {
                throw new IllegalArgumentException("--model " + model + " is not a model directory (no "
                        + dev.selfheal.model.ModelDirectory.MANIFEST + ")");
            }
            dev.selfheal.model.ModelDirectory.load(model); // a bad directory is refused before any run
        }
        JobConfig base = config == null ? JobConfig.defaults() : JobConfig.load(config);
        profiles.forEach(p -> base.with(java.util.Map.of("profile", p)));
        String md = new Zoo(System.out, domain.request(), model).run(sc, labels, profiles, seeds, base, training, out);
        System.out.println(md);
        System.out.println("zoo written to " + out.resolve("zoo.md") + ", zoo.json, zoo.png, report.html");
        return 0;
    }
}
