package dev.selfheal.lab.zoo;

import dev.selfheal.job.config.JobConfig;
import dev.selfheal.model.DomainKnowledge;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The zoo benchmark: runs the grid, then writes zoo.json, zoo.md, zoo.png and report.html. */
public final class Zoo {
    private final PrintStream console;
    private final DomainKnowledge.Request domain;
    private final Path model;

    public Zoo(PrintStream console) {
        this(console, DomainKnowledge.Request.DEFAULTS);
    }

    /** @param domain the rules and key feature every run uses (null fields: the defaults) */
    public Zoo(PrintStream console, DomainKnowledge.Request domain) {
        this(console, domain, null);
    }

    /** @param model a model directory every run serves (e.g. an imported one), or null to train one per seed */
    public Zoo(PrintStream console, DomainKnowledge.Request domain, Path model) {
        this.console = console;
        this.domain = domain;
        this.model = model;
    }

    /**
     * @param training how each seed's model is trained (its seed is replaced by the run's)
     * @return the markdown table
     */
    public String run(List<Scenario> scenarios, List<String> labels, List<String> profiles, int seeds, JobConfig base,
                      TrainConfig training, Path out) throws Exception {
        Files.createDirectories(out);
        List<ZooCell> cells = new ZooRunner(console, domain, model).run(scenarios, labels, profiles, seeds, base, training,
                out);
        ZooRunner.writeJson(cells, out.resolve("zoo.json"));
        String md = ZooTable.markdown(cells, seeds);
        Files.writeString(out.resolve("zoo.md"), md);
        ZooPlot.write(cells, out.resolve("zoo.png"));
        ZooReport.write(cells, seeds, out);
        return md;
    }
}
