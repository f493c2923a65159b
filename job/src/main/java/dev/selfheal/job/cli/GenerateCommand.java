package dev.selfheal.job.cli;

import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioFiles;
import dev.selfheal.scenario.ScenarioGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a built-in scenario's CSV files (train.csv, clean_test.csv, stream.csv, holdout.csv).")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--scenario", required = true, description = "seed, shift, gradual, recurring, prior, noise, poison, pattern, pattern-gradual, invert, "
                    + "pattern-shift, multi, sea, hyperplane (docs/evaluation.md; the line printed after writing says "
                    + "what it draws)")
    String scenario;
    @Option(names = "--out", required = true, description = "Directory to write into.")
    Path out;
    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Scenario s = Scenario.parse(scenario);
        ScenarioData data = new ScenarioGenerator(s, seed).generate();
        ScenarioFiles.write(data, out);
        System.out.printf("wrote %s scenario (seed %d) to %s: train %d, clean test %d, stream %d, holdout %d rows%n",
                s.cliName(), seed, out, data.train().size(), data.cleanTest().size(), data.stream().size(),
                data.holdout().size());
        System.out.printf("%s: %s%n", s.cliName(), s.description());
        return 0;
    }
}
