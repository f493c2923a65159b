package dev.selfheal.labels;

import dev.selfheal.drift.DriftReport;
import dev.selfheal.drift.FeatureDrift;
import dev.selfheal.drift.TrainingStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic scored batches for the requester's tests: features N(0,1) in training, two of them. */
final class Batches {
    static final List<String> FEATURES = List.of("f0", "f1");
    static final TrainingStats STATS = training();

    private Batches() {}

    private static TrainingStats training() {
        Random r = new Random(7);
        float[][] rows = new float[4000][2];
        for (float[] row : rows) {
            row[0] = (float) r.nextGaussian();
            row[1] = (float) r.nextGaussian();
        }
        return TrainingStats.of(FEATURES, rows);
    }

    static List<String> ids(long batch, int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add("b" + batch + "-" + i);
        }
        return ids;
    }

    static ScoredBatch of(long batch, float[][] x, float[] p, List<float[]> committee, DriftReport drift) {
        return new ScoredBatch("m", batch, 1000L * batch, ids(batch, p.length), x, p, 0.5, () -> committee, drift);
    }

    static ScoredBatch plain(long batch, float[] p) {
        return of(batch, new float[p.length][2], p, List.of(), null);
    }

    /** A drift report in which only {@code drifted} moved. */
    static DriftReport drifted(long batch, String... drifted) {
        List<FeatureDrift> f = new ArrayList<>();
        for (String name : FEATURES) {
            boolean moved = List.of(drifted).contains(name);
            f.add(new FeatureDrift(name, moved ? 0.3 : 0, 1, 0, moved ? 0.3 : 0, moved ? 0.5 : 0.01, moved ? 0.3 : 0.02,
                    moved ? 1e-12 : 0.9, moved));
        }
        return new DriftReport((int) batch, 0, false, "f0", f);
    }
}
