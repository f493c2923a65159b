package dev.selfheal.labels;

import dev.selfheal.drift.FeatureDrift;
import dev.selfheal.drift.FeatureStats;
import dev.selfheal.drift.TrainingStats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Rows far out on the features that drifted in this batch (the drift report's drifted features),
 * measured in training standard deviations from the training mean: a new pattern shows up there
 * before the model has any reason to doubt itself. Rows within {@link #MIN_SIGMAS} of training are
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
        if (quota <= 0 || batch.drift() == null || stats == null) {
            return;
        }
        List<FeatureDrift> drifted = batch.drift().driftedFeatures();
        List<Integer> cols = new ArrayList<>();
        List<FeatureDrift> used = new ArrayList<>();
        for (FeatureDrift f : drifted) {
            int j = stats.indexOf(f.name());
            if (j >= 0) {
                cols.add(j);
                used.add(f);
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
            FeatureDrift f = used.get((int) r[3]);
            String why = String.format(Locale.ROOT, "%s at %+.1fσ of training (%s drifted, PSI %.2f)", f.name(), r[2],
                    f.name(), f.psi());
            if (choice.take((int) r[0], NAME, why)) {
                added++;
            }
        }
    }
}
