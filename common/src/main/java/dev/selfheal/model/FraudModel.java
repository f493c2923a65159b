package dev.selfheal.model;

import dev.selfheal.drift.TrainingStats;
import dev.selfheal.signals.SignalReference;

import java.util.List;
import java.util.Map;

/**
 * A deployable model: the weights, the standardisation they expect, and everything the job needs
 * to watch it (feature names, decision threshold, domain rules, training statistics per feature for
 * drift detection, training metrics, and the reference of the label-free signals when it has one).
 * What a model directory holds.
 */
public record FraudModel(String modelId, List<String> features, double threshold, String rules, String keyFeature,
                         Standardizer standardizer, FrozenWeights frozen, Adapter adapter,
                         TrainingStats trainingStats, Map<String, Object> training,
                         Map<String, Map<String, Object>> metrics, SignalReference signals) {
    /** The entry of {@link #training()} that names the input path's scale. */
    public static final String INPUT_PATH_SCALE = "input_path_scale";
    /** Its value for a path scaled by the sample's statistics. */
    public static final String SAMPLE_SCALE = "sample";

    public FraudModel {
        features = List.copyOf(features);
        if (features.size() != frozen.inputDim() || standardizer.dim() != frozen.inputDim()) {
            throw new IllegalArgumentException("model has " + features.size() + " feature names, "
                    + standardizer.dim() + " standardisation entries and input width " + frozen.inputDim());
        }
        // The adapter sits on the backbone's output, so its hidden width must match; its
        // bottleneck width is its own (AdapterShape keeps it within 1..hidden).
        if (adapter.hidden() != frozen.hidden()) {
            throw new IllegalArgumentException("adapter is for hidden width " + adapter.hidden()
                    + ", the backbone's is " + frozen.hidden());
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("decision threshold must be in (0,1), got " + threshold);
        }
        if (keyFeature != null && !features.contains(keyFeature)) {
            throw new IllegalArgumentException("key feature '" + keyFeature + "' is not one of " + features);
        }
        training = training == null ? Map.of() : Map.copyOf(training);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /** A model without a signal reference (directories written before there was one). */
    public FraudModel(String modelId, List<String> features, double threshold, String rules, String keyFeature,
                      Standardizer standardizer, FrozenWeights frozen, Adapter adapter, TrainingStats trainingStats,
                      Map<String, Object> training, Map<String, Map<String, Object>> metrics) {
        this(modelId, features, threshold, rules, keyFeature, standardizer, frozen, adapter, trainingStats, training,
                metrics, null);
    }

    /** The adapter's shape: what every reader of an adapter vector of this model must use. */
    public AdapterShape adapterShape() {
        return adapter.shape();
    }

    /**
     * How the input path reads each input, in training standard deviations: the backbone's own
     * standardisation, unless the model was imported with raw inputs ({@code --standardize none}),
     * where that is the identity and a feature like an amount in the thousands would sit at the
     * path's clamp. Such a model directory says {@value #INPUT_PATH_SCALE}: {@value #SAMPLE_SCALE},
     * and the path then uses the sample's means and deviations. A directory without the entry keeps
     * the backbone's, so a path served before reads the same after a restore.
     */
    public Standardizer inputPathScale() {
        if (!pathScaledBySample()) {
            return standardizer;
        }
        int d = features.size();
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            dev.selfheal.drift.FeatureStats f = trainingStats.get(j);
            mean[j] = (float) f.mean();
            std[j] = f.std() > 0 && Double.isFinite(f.std()) ? (float) f.std() : 1f;
        }
        return new Standardizer(mean, std);
    }

    /** Whether {@link #inputPathScale()} is the sample's own, not the backbone's standardisation. */
    public boolean pathScaledBySample() {
        return SAMPLE_SCALE.equals(training.get(INPUT_PATH_SCALE)) && trainingStats != null;
    }

    public int keyFeatureIndex() {
        return keyFeature == null ? -1 : features.indexOf(keyFeature);
    }

    public FraudModel withMetrics(Map<String, Map<String, Object>> m) {
        return new FraudModel(modelId, features, threshold, rules, keyFeature, standardizer, frozen, adapter,
                trainingStats, training, m, signals);
    }

    /** This model with the label-free signals' reference measured on {@code rows} (raw training features). */
    public FraudModel withSignals(float[][] rows) {
        return withSignals(rows, null);
    }

    /**
     * The same, with each class's shares as well when {@code labels} has both classes: the alarm then
     * tells a change of the fraud rate from a change of concept.
     */
    public FraudModel withSignals(float[][] rows, int[] labels) {
        return new FraudModel(modelId, features, threshold, rules, keyFeature, standardizer, frozen, adapter,
                trainingStats, training, metrics, SignalReference.of(frozen, standardizer, adapter, rows, labels));
    }

    /**
     * This model with the signals' output statistics (entropy and probability, overall and per class)
     * measured on {@code rows} the network did not train on, the tails kept as they are.
     */
    public FraudModel withSignalOutputsFrom(float[][] rows, int[] labels) {
        if (signals == null) {
            throw new IllegalStateException("no signal reference to refine: measure it first (withSignals)");
        }
        SignalReference heldOut = SignalReference.of(frozen, standardizer, adapter, rows, labels);
        return new FraudModel(modelId, features, threshold, rules, keyFeature, standardizer, frozen, adapter,
                trainingStats, training, metrics, signals.withOutputsOf(heldOut));
    }
}
