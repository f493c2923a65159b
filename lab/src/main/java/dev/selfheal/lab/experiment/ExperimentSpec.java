package dev.selfheal.lab.experiment;

import dev.selfheal.healer.HealerConfig;
import dev.selfheal.model.DomainKnowledge;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;

import java.nio.file.Path;
import java.util.List;

/**
 * One experiment: train on {@code train}, stream {@code stream} through the job in file order with
 * labels delivered per {@code labels}, evaluate the final adapter on {@code holdout} (never
 * streamed). {@code scenario} (optional) adds the analytic ceiling to the report;
 * {@code control} (optional) is a file of control commands; {@code modelDir} (optional) is a model
 * already trained on {@code train}, used instead of training again (the zoo trains once per seed);
 * {@code adapterWidth} (optional, null = the backbone width) is the trained model's adapter width.
 * With {@code modelDir} given, {@code train} may be null: the model (e.g. an imported one) is served
 * on the features it names. {@code domain} is the rules and key feature asked for (null fields = the
 * defaults when training, or the model directory's own). {@code features} (optional, null = every
 * column of {@code train} but the reserved ones) are the columns a model trained here reads.
 */
public record ExperimentSpec(Path train, Path stream, Path holdout, Path cleanTest, Path out, JobConfig config,
                             HealerConfig healer, LabelRegime labels, long seed, Scenario scenario, Path control,
                             int epochs, int restartAttempts, long failAtBatch, boolean quiet, Path modelDir,
                             boolean plots, Integer adapterWidth, DomainKnowledge.Request domain,
                             List<String> features) {

    public ExperimentSpec {
        if (train == null && modelDir == null) {
            throw new IllegalArgumentException("an experiment needs training data or a model directory");
        }
        requireFeaturesOrModel(features, modelDir);
        features = features == null ? null : List.copyOf(features);
        domain = domain == null ? DomainKnowledge.Request.DEFAULTS : domain;
    }

    /** An experiment on every column of the training data. */
    public ExperimentSpec(Path train, Path stream, Path holdout, Path cleanTest, Path out, JobConfig config,
                          HealerConfig healer, LabelRegime labels, long seed, Scenario scenario, Path control,
                          int epochs, int restartAttempts, long failAtBatch, boolean quiet, Path modelDir,
                          boolean plots, Integer adapterWidth, DomainKnowledge.Request domain) {
        this(train, stream, holdout, cleanTest, out, config, healer, labels, seed, scenario, control, epochs,
                restartAttempts, failAtBatch, quiet, modelDir, plots, adapterWidth, domain, null);
    }

    /** An experiment with the default rules and key feature (or the model directory's own). */
    public ExperimentSpec(Path train, Path stream, Path holdout, Path cleanTest, Path out, JobConfig config,
                          HealerConfig healer, LabelRegime labels, long seed, Scenario scenario, Path control,
                          int epochs, int restartAttempts, long failAtBatch, boolean quiet, Path modelDir,
                          boolean plots, Integer adapterWidth) {
        this(train, stream, holdout, cleanTest, out, config, healer, labels, seed, scenario, control, epochs,
                restartAttempts, failAtBatch, quiet, modelDir, plots, adapterWidth, null);
    }

    /** An experiment whose model, if trained, has a full-width adapter. */
    public ExperimentSpec(Path train, Path stream, Path holdout, Path cleanTest, Path out, JobConfig config,
                          HealerConfig healer, LabelRegime labels, long seed, Scenario scenario, Path control,
                          int epochs, int restartAttempts, long failAtBatch, boolean quiet, Path modelDir,
                          boolean plots) {
        this(train, stream, holdout, cleanTest, out, config, healer, labels, seed, scenario, control, epochs,
                restartAttempts, failAtBatch, quiet, modelDir, plots, null, null);
    }

    /** How the model is trained when {@code modelDir} is not given. */
    public TrainConfig trainConfig() {
        TrainConfig c = TrainConfig.defaults().withEpochs(epochs).withSeed(seed);
        return adapterWidth == null ? c : c.withAdapterWidth(adapterWidth);
    }

    /** The same experiment with these rules and key feature. */
    public ExperimentSpec withDomain(DomainKnowledge.Request d) {
        return new ExperimentSpec(train, stream, holdout, cleanTest, out, config, healer, labels, seed, scenario,
                control, epochs, restartAttempts, failAtBatch, quiet, modelDir, plots, adapterWidth, d, features);
    }

    /** Refuses both: a model directory names its own features. */
    public static void requireFeaturesOrModel(List<String> features, Path modelDir) {
        if (features != null && modelDir != null) {
            throw new IllegalArgumentException("--features chooses the columns a model trained here reads; a model "
                    + "directory names its own (give one or the other)");
        }
    }

    /** The same experiment training on these columns only (null = every column). */
    public ExperimentSpec withFeatures(List<String> f) {
        return new ExperimentSpec(train, stream, holdout, cleanTest, out, config, healer, labels, seed, scenario,
                control, epochs, restartAttempts, failAtBatch, quiet, modelDir, plots, adapterWidth, domain, f);
    }
}
