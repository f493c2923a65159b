package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class DjlScorerTest {

    @Test
    void djlAgreesWithThePlainJavaForwardPassBeforeAndAfterInPlaceUpdates() {
        SplittableRandom rng = new SplittableRandom(7);
        int d = 10;
        FrozenWeights frozen = FrozenWeights.initial(d, 64, rng);
        Adapter served = Adapter.initial(64, rng);
        Adapter shadow = Adapter.initial(64, rng);
        Standardizer std = new Standardizer(new float[d], filled(d, 1f));
        float[][] rows = new float[300][d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                r[j] = (float) rng.nextGaussian() * 2;
            }
        }
        try (DjlScorer scorer = new DjlScorer(frozen, std, served.params(), shadow.params())) {
            assertAgrees(scorer, frozen, rows, served.params(), shadow.params());
            for (int round = 0; round < 20; round++) {
                float[] next = served.params().clone();
                for (int i = 0; i < next.length; i++) {
                    next[i] += (float) (rng.nextGaussian() * 0.05);
                }
                served = new Adapter(64, next);
                scorer.setServed(next);
            }
            assertAgrees(scorer, frozen, rows, served.params(), shadow.params());
        }
    }

    private static void assertAgrees(DjlScorer scorer, FrozenWeights f, float[][] rows, float[] a, float[] s) {
        float[] p = new float[rows.length];
        float[] ps = new float[rows.length];
        scorer.score(rows, rows.length, p, ps);
        double maxDiff = 0;
        for (int i = 0; i < rows.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(p[i] - ForwardPass.probability(f, a, rows[i])));
            maxDiff = Math.max(maxDiff, Math.abs(ps[i] - ForwardPass.probability(f, s, rows[i])));
        }
        assertThat(maxDiff).isLessThan(1e-5);
        // The two adapters differ, so the scores must too: the shadow is really a second model.
        assertThat(p).isNotEqualTo(ps);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
