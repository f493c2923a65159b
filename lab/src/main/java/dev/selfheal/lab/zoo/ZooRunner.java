package dev.selfheal.lab.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.data.Dataset;
import dev.selfheal.data.TransactionCsv;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.MetricsSettings;
import dev.selfheal.job.config.ProfileSettings;
import dev.selfheal.job.event.Json;
import dev.selfheal.lab.experiment.ExperimentResult;
import dev.selfheal.lab.experiment.ExperimentRunner;
import dev.selfheal.lab.experiment.ExperimentSpec;
import dev.selfheal.lab.experiment.LabelRegime;
import dev.selfheal.lab.experiment.ScenarioDomain;
import dev.selfheal.model.DomainKnowledge;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelDirectory;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.DriftSchedule;
import dev.selfheal.scenario.Population;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioFiles;
import dev.selfheal.scenario.ScenarioGenerator;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every scenario × label regime × profile × seed through the Flink job (the same path as
 * `experiment`) and aggregates holdout figures over seeds. The training set of a seed is the same
 * in every scenario, so the model is trained once per seed and reused.
 */
public final class ZooRunner {
    private final PrintStream console;
    private final DomainKnowledge.Request domain;
    /** A model directory every run serves, or null: a model trained per seed. */
    private final Path model;

    public ZooRunner(PrintStream console) {
        this(console, DomainKnowledge.Request.DEFAULTS);
    }

    /** @param domain the rules and key feature every run uses (null fields: the defaults) */
    public ZooRunner(PrintStream console, DomainKnowledge.Request domain) {
        this(console, domain, null);
    }

    /**
     * @param model a model directory every run serves instead of one trained per seed (e.g. an
     *              imported model; its features must be the scenarios'), or null
     */
    public ZooRunner(PrintStream console, DomainKnowledge.Request domain, Path model) {
        this.console = console;
        this.domain = domain;
        this.model = model;
    }

    /** @param training how each seed's model is trained (its seed is replaced by the run's) */
    public List<ZooCell> run(List<Scenario> scenarios, List<String> labels, List<String> profiles, int seeds,
                             JobConfig base, TrainConfig training, Path out) throws Exception {
        int epochs = training.epochs();
        Map<String, ZooCell> cells = new LinkedHashMap<>();
        int total = scenarios.size() * labels.size() * profiles.size() * seeds;
        int done = 0;
        long started = System.nanoTime();
        for (int seed = 1; seed <= seeds; seed++) {
            for (Scenario scenario : scenarios) {
                Path modelDir = model != null ? model : modelDir(out, scenario, seed);
                Path data = out.resolve("data").resolve(scenario.cliName() + "-seed-" + seed);
                ScenarioFiles.write(new ScenarioGenerator(scenario, seed).generate(), data);
                // A given model is served as it is, never trained or rewritten.
                if (model == null && !Files.exists(modelDir.resolve(ModelDirectory.MANIFEST))) {
                    Dataset train = TransactionCsv.read(data.resolve(ScenarioFiles.TRAIN), null);
                    DomainKnowledge knowledge = DomainKnowledge.forTraining(
                            ScenarioDomain.forTraining(scenario, domain), train);
                    if (seed == 1) {
                        knowledge.notes().forEach(console::println); // once, not per seed
                    }
                    FraudModel m = ModelFactory.train("default", train,
                            TransactionCsv.read(data.resolve(ScenarioFiles.CLEAN_TEST), null),
                            training.withSeed(seed), knowledge.rules(), knowledge.keyFeature(), 0.5);
                    ModelDirectory.save(m, modelDir);
                } else if (model == null
                        && ModelDirectory.load(modelDir).adapterShape().width() != training.adapterWidth()) {
                    // A model left by an earlier zoo in the same --out would silently mix widths.
                    throw new IllegalArgumentException(modelDir + " holds a model of another adapter width than "
                            + training.adapterWidth() + ": use another --out");
                }
                for (String label : labels) {
                    for (String profile : profiles) {
                        JobConfig cfg = base.with(Map.of(ProfileSettings.PROFILE.key(), profile,
                                MetricsSettings.PROMETHEUS_PORT.key(), ""));
                        Path runDir = out.resolve("runs").resolve(scenario.cliName()).resolve(label.replace(':', '-'))
                                .resolve(profile).resolve("seed-" + seed);
                        ExperimentSpec spec = new ExperimentSpec(data.resolve(ScenarioFiles.TRAIN),
                                data.resolve(ScenarioFiles.STREAM), data.resolve(ScenarioFiles.HOLDOUT),
                                data.resolve(ScenarioFiles.CLEAN_TEST), runDir, cfg, HealerConfigs.from(cfg),
                                LabelRegime.parse(label), seed, scenario, null, epochs, 0, -1, true, modelDir, false)
                                .withDomain(domain);
                        ExperimentResult r = new ExperimentRunner(new PrintStream(
                                java.io.OutputStream.nullOutputStream())).run(spec);
                        ZooCell cell = cells.computeIfAbsent(scenario.cliName() + "|" + label + "|" + profile,
                                k -> new ZooCell(scenario.cliName(), label, profile));
                        cell.runs.add(r.summary());
                        cell.runDirs.add(runDir);
                        done++;
                        console.printf("\r  zoo %d/%d runs (%s, %s, %s, seed %d) %.0f s      ", done, total,
                                scenario.cliName(), label, profile, seed, (System.nanoTime() - started) / 1e9);
                        console.flush();
                    }
                }
            }
        }
        console.println();
        return new ArrayList<>(cells.values());
    }

    /**
     * One model per seed and training family: the reference family keeps the directory it always had,
     * so a zoo over the existing scenarios trains and reuses exactly what it did before.
     */
    static Path modelDir(Path out, Scenario scenario, int seed) {
        String family = new DriftSchedule(scenario).base().family();
        String name = Population.FAMILY.equals(family) ? "seed-" + seed : family + "-seed-" + seed;
        return out.resolve("models").resolve(name);
    }

    /** zoo.json: every cell's per-seed summaries and aggregates. */
    static void writeJson(List<ZooCell> cells, Path file) throws Exception {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (ZooCell c : cells) {
            ObjectNode o = arr.addObject();
            o.put("scenario", c.scenario);
            o.put("labels", c.labels);
            o.put("profile", c.profile);
            o.put("seeds", c.runs.size());
            for (String block : List.of("holdout_healed", "holdout_frozen", "holdout_shadow", "holdout_rules",
                    "holdout_all_normal", "prequential_healed", "prequential_frozen", "holdout_retrain",
                    "holdout_logistic", "prequential_retrain", "prequential_logistic")) {
                ObjectNode b = o.putObject(block);
                for (String metric : List.of("accuracy", "f1")) {
                    ZooCell.Stat st = c.stat(block, metric);
                    b.put(metric + "_mean", st.mean());
                    b.put(metric + "_std", st.std());
                }
            }
            JsonNode ceiling = c.runs.isEmpty() ? null : c.runs.get(0).get("ceiling");
            if (ceiling != null) {
                o.set("ceiling", ceiling);
            }
            for (String k : List.of("heals", "rejected_updates", "rollbacks", "labels_used")) {
                o.put(k + "_mean", c.count(k).mean());
            }
            ArrayNode runs = o.putArray("runs");
            c.runs.forEach(runs::add);
        }
        Files.writeString(file, Json.PRETTY.writeValueAsString(arr));
    }
}
