package dev.selfheal.healer;

import dev.selfheal.drift.DriftConfig;
import dev.selfheal.drift.DriftMonitor;
import dev.selfheal.drift.DriftReport;
import dev.selfheal.drift.FidiState;
import dev.selfheal.drift.TrainingStats;

/**
 * Drift against the training statistics the model directory keeps: FIDI on the key feature, and
 * PSI, KS and moments on every feature ({@link DriftMonitor}).
 */
public final class FeatureDriftWatch implements DriftWatch {
    private final TrainingStats training;
    private final String keyFeature;

    public FeatureDriftWatch(TrainingStats training, String keyFeature) {
        this.training = training;
        this.keyFeature = keyFeature;
    }

    @Override
    public DriftReport observe(HealerState s, long batch, float[][] x, DriftConfig config) {
        DriftMonitor monitor = DriftMonitor.restore(training, keyFeature, config,
                new FidiState(s.fidiRecentMeans, s.fidiObserved));
        DriftReport report = monitor.observe((int) Math.min(Integer.MAX_VALUE, batch), x);
        FidiState fs = monitor.state();
        s.fidiRecentMeans = fs.recentMeans();
        s.fidiObserved = fs.observed();
        return report;
    }
}
