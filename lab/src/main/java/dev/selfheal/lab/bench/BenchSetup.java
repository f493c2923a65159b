package dev.selfheal.lab.bench;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.score.ServedModel;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;

import java.util.List;

/**
 * What every part of the benchmark shares: the model (trained as {@code demo} trains it, on the
 * {@code seed} scenario, so healing has drift to react to) and the drifted stream rows its
 * transactions are drawn from.
 */
record BenchSetup(FraudModel model, ServedModel served, List<Transaction> streamRows) {
    static BenchSetup create(long seed) {
        return create(seed, (Integer) null);
    }

    /** @param adapterWidth the adapter's bottleneck width, null for the default (the backbone width) */
    static BenchSetup create(long seed, Integer adapterWidth) {
        TrainConfig c = TrainConfig.defaults();
        return create(seed, adapterWidth == null ? c : c.withAdapterWidth(adapterWidth));
    }

    /** With fewer training epochs, for tests that need a working model and healing, not a good one. */
    static BenchSetup create(long seed, int epochs) {
        return create(seed, TrainConfig.defaults().withEpochs(epochs));
    }

    private static BenchSetup create(long seed, TrainConfig train) {
        ScenarioData data = new ScenarioGenerator(Scenario.SEED, seed).generate();
        FraudModel model = ModelFactory.train("default", data.train(), data.cleanTest(), train.withSeed(seed),
                ModelFactory.DEFAULT_RULES, null, 0.5);
        return new BenchSetup(model, ServedModel.of(model), data.stream().rows());
    }

    /**
     * A model directory's model (e.g. an imported one) instead of a trained one, with the
     * {@code seed} scenario's drifted stream rows, so healing has drift to react to.
     *
     * @throws IllegalArgumentException with one line when its features are not the scenario's
     */
    static BenchSetup fromModel(java.nio.file.Path dir, long seed) {
        FraudModel model = dev.selfheal.model.ModelDirectory.load(dir);
        ScenarioData data = new ScenarioGenerator(Scenario.SEED, seed).generate();
        List<String> features = data.stream().featureNames();
        if (!model.features().equals(features)) {
            throw new IllegalArgumentException("bench --model " + dir + ": the model's features " + model.features()
                    + " are not the built-in scenarios' " + features + ", whose rows the benchmark streams");
        }
        return new BenchSetup(model, ServedModel.of(model), data.stream().rows());
    }

    /** Raw feature rows, cycled to {@code n}. */
    float[][] featureRows(int n) {
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = streamRows.get(i % streamRows.size()).features.clone();
        }
        return rows;
    }

    /** Model ids for a run with {@code count} models (one: the default model). */
    static String[] modelIds(int count) {
        if (count == 1) {
            return new String[] {Transaction.DEFAULT_MODEL};
        }
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = "m" + i;
        }
        return ids;
    }
}
