package dev.selfheal.lab.cli;

import dev.selfheal.job.cli.TrainConfigs;
import dev.selfheal.job.config.BaselineSettings;
import dev.selfheal.job.config.HealSettings;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.ProfileSettings;
import dev.selfheal.job.config.ScoreSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options shared by `demo` and `experiment`. */
final class ExperimentOptions {
    @Option(names = "--config", description = "YAML/JSON settings file (see `selfheal settings`).")
    Path config;
    @Option(names = "--labels", defaultValue = "immediate",
            description = "immediate | delay:N | fraction:P | none | requested:B[:D] (a simulated investigator "
                    + "answers only HEAL's label requests, within labels.budget B, D batches after the next) "
                    + "(default ${DEFAULT-VALUE}).")
    String labels;
    @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--parallelism", description = "Parallelism of the job (default 2).")
    Integer parallelism;
    @Option(names = "--batch-size", description = "Heal batch size for inputs without a batch column.")
    Integer batchSize;
    @Option(names = "--epochs", defaultValue = "20", description = "Training epochs (default ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--adapter-width", paramLabel = "W",
            description = "Adapter bottleneck width of the trained model, 1..backbone width (default: the backbone "
                    + "width, 64).")
    Integer adapterWidth;
    @Option(names = "--profile", description = "selfheal (default) or reference (the published reference method, for comparison).")
    String profile;
    @Option(names = "--control", description = "A file of control commands (JSON lines) to feed the job.")
    Path control;
    @Option(names = "--set", description = "Override a setting: --set key=value (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();
    @Option(names = "--baseline-window", paramLabel = "N",
            description = "Fit the retrain and logistic baselines on the last N labelled stream rows; 0 = none "
                    + "(default 1000, setting baseline.window).")
    Integer baselineWindow;
    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;
    @Option(names = "--model", paramLabel = "MODEL_DIR",
            description = "Serve this model directory (from train or import) instead of training one; it keeps "
                    + "its own rules and key feature unless --rules or --key-feature is given.")
    Path model;

    JobConfig jobConfig() {
        JobConfig c = config == null ? JobConfig.defaults() : JobConfig.load(config);
        Map<String, Object> o = new LinkedHashMap<>(overrides);
        if (parallelism != null) {
            o.put(ScoreSettings.PARALLELISM.key(), parallelism);
        }
        if (profile != null) {
            o.put(ProfileSettings.PROFILE.key(), profile);
        }
        if (batchSize != null) {
            o.put(HealSettings.BATCH_SIZE.key(), batchSize);
        }
        if (baselineWindow != null) {
            o.put(BaselineSettings.WINDOW.key(), baselineWindow);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1");
        }
        TrainConfigs.of(epochs, seed, adapterWidth); // refuses a bad width before any work
        if (model != null && adapterWidth != null) {
            throw new IllegalArgumentException("--adapter-width is for a trained model; --model serves the width it has");
        }
        if (model != null && !java.nio.file.Files.isRegularFile(model.resolve(dev.selfheal.model.ModelDirectory.MANIFEST))) {
            throw new IllegalArgumentException("--model " + model + " is not a model directory (no "
                    + dev.selfheal.model.ModelDirectory.MANIFEST + ")");
        }
        return c.with(o);
    }
}
