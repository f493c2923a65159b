package dev.selfheal.model;

import dev.selfheal.data.Dataset;
import dev.selfheal.drift.TrainingStats;
import dev.selfheal.metrics.Confusion;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a deployable {@link FraudModel} from training data: trains the weights and records
 * everything the job needs beside them (training statistics for drift, metrics, how it was made).
 */
public final class ModelFactory {
    public static final String DEFAULT_RULES = "V14 < -1.5 => fraud";
    public static final String DEFAULT_KEY_FEATURE = "V14";

    private ModelFactory() {}

    /** Clean test rows needed to measure the signals' reference on them instead of the training rows. */
    static final int MIN_SIGNAL_REFERENCE_ROWS = 500;

    /**
     * @param cleanTest optional (may be null): its metrics are stored as {@code clean_test} and are
     *                  the served model's first baseline
     * @param rules     rule text, or null for none
     * @param keyFeature feature the FIDI z-score watches; null picks V14 when present, else the first
     */
    public static FraudModel train(String modelId, Dataset train, Dataset cleanTest, TrainConfig config, String rules,
                                   String keyFeature, double threshold) {
        int[] y = train.labels();
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new IllegalArgumentException("training row " + (i + 1) + " (id " + train.rows().get(i).id
                        + ") has no 0/1 label");
            }
        }
        long started = System.nanoTime();
        TrainedModel t = new ModelTrainer(config).train(train.features(), y);
        double seconds = (System.nanoTime() - started) / 1e9;
        String key = keyFeature != null ? keyFeature
                : train.featureNames().contains(DEFAULT_KEY_FEATURE) ? DEFAULT_KEY_FEATURE : train.featureNames().get(0);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("rows", train.size());
        training.put("epochs", config.epochs());
        training.put("batch_size", config.batchSize());
        training.put("learning_rate", config.learningRate());
        training.put("hidden", config.hidden());
        training.put("seed", config.seed());
        training.put("final_loss", t.finalLoss());
        training.put("seconds", seconds);
        // The label-free signals read the network's output on rows it did not fit when there are
        // enough of them: on its own training rows an overfitted network is surer than on any new
        // row, and the entropy test would then alarm on clean data from the first batch. Tails stay
        // on the training rows, the larger sample.
        boolean heldOutOutputs = cleanTest != null && cleanTest.size() >= MIN_SIGNAL_REFERENCE_ROWS;
        training.put("signal_reference_outputs", heldOutOutputs ? "clean_test" : "train");
        FraudModel model = new FraudModel(modelId, train.featureNames(), threshold, rules, key, t.standardizer(),
                t.frozen(), t.adapter(), TrainingStats.of(train.featureNames(), train.features()), training, Map.of());
        Map<String, Map<String, Object>> metrics = new LinkedHashMap<>();
        metrics.put("train", evaluate(model, train));
        if (cleanTest != null) {
            metrics.put("clean_test", evaluate(model, cleanTest));
        }
        FraudModel out = model.withMetrics(metrics).withSignals(train.features(), train.labels());
        return heldOutOutputs ? out.withSignalOutputsFrom(cleanTest.features(), cleanTest.labels()) : out;
    }

    /** Accuracy, precision, recall, F1 and counts of the deployed adapter on labelled data. */
    public static Map<String, Object> evaluate(FraudModel model, Dataset data) {
        Confusion c = confusion(model, model.adapter().params(), data);
        Map<String, Object> m = new LinkedHashMap<>(c.toMap());
        m.put("n", data.size());
        return m;
    }

    public static Confusion confusion(FraudModel model, float[] adapter, Dataset data) {
        float[] p = new float[data.size()];
        try (DjlScorer scorer = new DjlScorer(model.frozen(), model.adapterShape(), model.standardizer(), adapter,
                adapter)) {
            scorer.score(data.features(), data.size(), p, null);
        }
        return Confusion.of(p, data.trueLabels(), model.threshold());
    }
}
