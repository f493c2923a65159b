package dev.selfheal.scenario;

import dev.selfheal.data.Dataset;
import dev.selfheal.data.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a scenario's four sets, deterministically for a seed. Each set draws from its own
 * split of the seed's generator, so for a given seed the train and clean-test sets are the same
 * under every scenario of one family (see {@link Distribution#family()}) and every stream/holdout
 * size: models trained for different scenarios of a family are then comparable.
 */
public final class ScenarioGenerator {
    /** The columns of the reference and correlated families; the concept-switch families have their own. */
    public static final List<String> FEATURE_NAMES =
            List.of("f0", "f1", "f2", "f3", "f4", "f5", "f6", "V14", "f8", "f9");
    /** The only informative feature; the rule and drift statistics key on it. */
    public static final int V14 = 7;
    /** A pure-noise feature that the noise scenario moves. */
    public static final int NOISE_FEATURE = 3;
    /** f4: noise at training time, the new fraud mode's feature under the pattern scenarios. */
    public static final int NEW_MODE_FEATURE = 4;

    private final Scenario scenario;
    private final long seed;
    private final ScenarioConfig config;

    public ScenarioGenerator(Scenario scenario, long seed) {
        this(scenario, seed, ScenarioConfig.defaults());
    }

    public ScenarioGenerator(Scenario scenario, long seed, ScenarioConfig config) {
        this.scenario = scenario;
        this.seed = seed;
        this.config = config;
    }

    public ScenarioData generate() {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom trainRng = root.split();
        SplittableRandom testRng = root.split();
        SplittableRandom streamRng = root.split();
        SplittableRandom holdoutRng = root.split();
        DriftSchedule schedule = new DriftSchedule(scenario);
        List<String> columns = schedule.base().featureNames();

        Dataset train = new Dataset(columns, new PopulationSampler(trainRng, "train")
                .draw(schedule.base(), config.trainSize(), 0));
        Dataset cleanTest = new Dataset(columns, new PopulationSampler(testRng, "test")
                .draw(schedule.base(), config.testSize(), 0));

        PopulationSampler streamSampler = new PopulationSampler(streamRng, "s");
        List<Transaction> stream = new ArrayList<>(config.batches() * config.batchSize());
        for (int b = 1; b <= config.batches(); b++) {
            stream.addAll(streamSampler.draw(sameColumns(schedule.atBatch(b), columns), config.batchSize(), b));
        }
        Dataset holdout = new Dataset(columns, new PopulationSampler(holdoutRng, "hold")
                .draw(sameColumns(schedule.endOfStream(config.batches()), columns), config.holdoutSize(), 0));
        return new ScenarioData(train, cleanTest, new Dataset(columns, stream), holdout);
    }

    /** Drift changes a law, never its columns: one set of names heads all four files. */
    private static Distribution sameColumns(Distribution law, List<String> columns) {
        if (!law.featureNames().equals(columns)) {
            throw new IllegalStateException("a drifted law has columns " + law.featureNames() + ", training has "
                    + columns);
        }
        return law;
    }
}
