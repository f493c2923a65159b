package dev.selfheal.labels;

import dev.selfheal.drift.FeatureDrift;
import dev.selfheal.drift.FeatureStats;
import dev.selfheal.drift.TrainingStats;
import dev.selfheal.signals.SignalReading;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Rows far out on the features that drifted in this batch (the drift report's drifted features),
 * measured in training standard deviations from the training mean: a new pattern shows up there
 * before the model has any reason to doubt itself. Under the concept alarm, also the input features
 * the label-free signals found most moved. Rows within {@link #MIN_SIGMAS} of training are
 * not novel; without a drifted feature this asks for nothing.
 */
public final class NoveltyRequests implements RequestStrategy {
    public static final String NAME = "novelty";
    static final double MIN_SIGMAS = 2.0;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void choose(ScoredBatch batch, Choice choice, int quota, RequestContext ctx) {
        TrainingStats stats = ctx.trainingStats();
        if (quota <= 0 || stats == null) {
            return;
        }
        List<Integer> cols = new ArrayList<>();
        List<String> why = new ArrayList<>();
        if (batch.drift() != null) {
            for (FeatureDrift f : batch.drift().driftedFeatures()) {
                int j = stats.indexOf(f.name());
                if (j >= 0) {
                    cols.add(j);
                    why.add(String.format(Locale.ROOT, "%s drifted, PSI %.2f", f.name(), f.psi()));
                }
            }
        }
        if (batch.conceptAlarm()) {
            // The inputs the label-free signals found most moved, beyond what the drift report names.
            for (SignalReading.Moved f : batch.signal().features()) {
                int j = stats.indexOf(f.name());
                if (j >= 0 && !cols.contains(j)) {
                    cols.add(j);
                    why.add(String.format(Locale.ROOT, "%s moved under the concept alarm, KL %.3f", f.name(), f.kl()));
                }
            }
        }
        if (cols.isEmpty()) {
            return;
        }
        List<double[]> ranked = new ArrayList<>(); // row, |sigmas|, signed sigmas, which drifted feature
        for (int row : choice.open()) {
            double best = 0;
            double signed = 0;
            int which = -1;
            for (int k = 0; k < cols.size(); k++) {
                FeatureStats fs = stats.get(cols.get(k));
                double z = fs.sigmas(batch.features()[row][cols.get(k)]);
                if (Math.abs(z) > best) {
                    best = Math.abs(z);
                    signed = z;
                    which = k;
                }
            }
            if (best >= MIN_SIGMAS) {
                ranked.add(new double[] {row, best, signed, which});
            }
        }
        ranked.sort(Comparator.<double[]>comparingDouble(r -> -r[1]).thenComparingDouble(r -> r[0]));
        int added = 0;
        for (double[] r : ranked) {
            if (added >= quota) {
                break;
            }
            int k = (int) r[3];
            String reason = String.format(Locale.ROOT, "%s at %+.1fσ of training (%s)", stats.get(cols.get(k)).name(),
                    r[2], why.get(k));
            if (choice.take((int) r[0], NAME, reason)) {
                added++;
            }
        }
    }
}
