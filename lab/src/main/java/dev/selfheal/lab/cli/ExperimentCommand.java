package dev.selfheal.lab.cli;

import dev.selfheal.job.cli.DomainOptions;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.lab.experiment.ExperimentResult;
import dev.selfheal.lab.experiment.ExperimentRunner;
import dev.selfheal.lab.experiment.ExperimentSpec;
import dev.selfheal.lab.experiment.LabelRegime;
import dev.selfheal.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Train on --train (or serve --model), stream --stream through the Flink job in file order, "
                + "evaluate the final model on --holdout (never streamed), and write summary.json, metrics.csv, "
                + "events.jsonl, threshold_config.json, plots/ and report.html (all of it in one page that opens offline).")
final class ExperimentCommand implements Callable<Integer> {
    @Option(names = "--train", description = "Labelled training CSV (id, features, label); or give --model.")
    Path train;
    @Option(names = "--stream", required = true, description = "Transactions CSV streamed through the job, in file order.")
    Path stream;
    @Option(names = "--holdout", required = true, description = "Labelled CSV the final model is evaluated on; never streamed.")
    Path holdout;
    @Option(names = "--clean-test", description = "Labelled CSV of undrifted rows, for the deployed model's clean score.")
    Path cleanTest;
    @Option(names = "--out", required = true, description = "Output directory (summary.json, metrics.csv, events.jsonl, plots/, report.html, ...).")
    Path out;
    @Option(names = "--features", split = ",", paramLabel = "LIST",
            description = "Columns the model trained on --train reads, in this order (default: every column but id, "
                    + "key, ts, batch and label, in file order); other columns are ignored, text ones included.")
    List<String> features;
    @Option(names = "--scenario", description = "Built-in scenario the files came from, to report its ceiling.")
    String scenario;
    @Mixin
    ExperimentOptions options;
    @Mixin
    DomainOptions domain;

    @Override
    public Integer call() throws Exception {
        // Before the options read the model directory, so the conflict is the error reported.
        ExperimentSpec.requireFeaturesOrModel(features, options.model);
        for (Path p : new Path[] {train, stream, holdout, cleanTest}) {
            if (p != null && !Files.isRegularFile(p)) {
                throw new IllegalArgumentException("file not found: " + p);
            }
        }
        if (train == null && options.model == null) {
            throw new IllegalArgumentException("give --train FILE (train a model) or --model MODEL_DIR (serve one)");
        }
        JobConfig config = options.jobConfig();
        ExperimentSpec spec = new ExperimentSpec(train, stream, holdout, cleanTest, out, config,
                HealerConfigs.from(config), LabelRegime.parse(options.labels), options.seed,
                scenario == null ? null : Scenario.parse(scenario), options.control, options.epochs, 0, -1,
                options.quiet, options.model, true, options.adapterWidth).withDomain(domain.request())
                .withFeatures(features == null ? null : features.stream().map(String::strip).toList());
        ExperimentResult r = new ExperimentRunner(System.out).run(spec);
        ResultTable.print(r.summary(), System.out);
        System.out.printf("outputs in %s (%.1f s)%n", r.out(), r.seconds());
        return 0;
    }
}
