package dev.selfheal.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns each batch of raw rows into a {@link DriftReport}: FIDI on the key feature, and PSI, KS and
 * moments on every feature. Only FIDI remembers anything between batches; {@link #state()} is all
 * an operator needs to keep, and {@link #restore} picks up from it.
 *
 * <p>Not thread-safe: one instance per model key.
 */
public final class DriftMonitor {

    private final TrainingStats training;
    private final DriftConfig config;
    private final int keyIndex;
    private final FidiDetector fidi;
    private final PsiDetector psi = new PsiDetector();
    private final KsDetector ks = new KsDetector();

    public DriftMonitor(TrainingStats training, String keyFeature, DriftConfig config) {
        this(training, keyFeature, config, FidiState.EMPTY);
    }

    private DriftMonitor(TrainingStats training, String keyFeature, DriftConfig config, FidiState state) {
        this.training = Objects.requireNonNull(training, "training");
        this.config = Objects.requireNonNull(config, "config");
        FeatureStats key = training.get(keyFeature);
        this.keyIndex = training.indexOf(keyFeature);
        this.fidi = FidiDetector.restore(config.fidi(), key, state);
    }

    /** A monitor that carries on from a saved {@link #state()}, possibly under a new config. */
    public static DriftMonitor restore(TrainingStats training, String keyFeature, DriftConfig config, FidiState state) {
        return new DriftMonitor(training, keyFeature, config, Objects.requireNonNull(state, "state"));
    }

    /**
     * Scores one batch and advances FIDI by one batch.
     *
     * @param batch the caller's batch number, copied into the report (FIDI's warm-up counts the
     *     batches this monitor has observed, not this number)
     * @param rows raw (unstandardised) rows in the model's feature order
     */
    public DriftReport observe(int batch, float[][] rows) {
        TrainingStats.requireRows(rows, training.size());
        List<FeatureDrift> features = new ArrayList<>(training.size());
        double keyMean = 0;
        for (int j = 0; j < training.size(); j++) {
            FeatureStats reference = training.get(j);
            float[] values = TrainingStats.column(rows, j);
            Moments moments = Moments.of(values);
            double psiValue = psi.psi(reference, values);
            KsResult ksResult = ks.test(reference, values);
            features.add(new FeatureDrift(reference.name(), moments.mean(), moments.std(), reference.mean(),
                    reference.sigmas(moments.mean()), psiValue, ksResult.statistic(), ksResult.pValue(),
                    psiValue > config.psiThreshold() && ksResult.pValue() < config.alpha()));
            if (j == keyIndex) {
                keyMean = moments.mean();
            }
        }
        FidiReading reading = fidi.observe(keyMean);
        return new DriftReport(batch, reading.z(), reading.drifting(), fidi.featureName(), features);
    }

    public FidiState state() {
        return fidi.state();
    }
}
