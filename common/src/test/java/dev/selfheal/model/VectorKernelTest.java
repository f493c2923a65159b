package dev.selfheal.model;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The Vector API kernel must give DJL's probabilities (max abs difference ≤ 1e-5) for every batch
 * size, for mixed adapters within a batch, and after in-place adapter updates. Surefire runs with
 * {@code --add-modules jdk.incubator.vector}, so the vector kernel is exercised here.
 */
class VectorKernelTest {
    private static final int D = 10;
    private static final int H = 64;
    private SplittableRandom rng;
    private FrozenWeights frozen;
    private Standardizer std;

    @BeforeEach
    void weights() {
        rng = new SplittableRandom(11);
        frozen = FrozenWeights.initial(D, H, rng);
        float[] mean = new float[D];
        float[] sd = new float[D];
        for (int j = 0; j < D; j++) {
            mean[j] = (float) rng.nextGaussian();
            sd[j] = 0.5f + (float) rng.nextDouble() * 2;
        }
        std = new Standardizer(mean, sd);
    }

    @Test
    void theVectorModuleIsPresentInTests() {
        assertThat(ScoringKernels.vectorAvailable()).isTrue();
        assertThat(ScoringKernels.resolve("auto", H)).isEqualTo("vector");
    }

    @Test
    void agreesWithDjlAtEveryBatchSizeForServedAndShadow() {
        assumeThat(ScoringKernels.vectorUsable(H)).isTrue();
        float[] served = strong(Adapter.initial(H, rng).params());
        float[] shadow = strong(Adapter.initial(H, rng).params());
        try (ScoringKernel vector = ScoringKernels.create("vector", frozen, std, shadow);
             DjlScorer djl = new DjlScorer(frozen, std, served, shadow)) {
            ScoringKernel.Weights w = vector.prepare(served);
            for (int n : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 256, 1000}) {
                float[][] rows = rows(n);
                assertThat(maxDiff(vector, djl, rows, same(w, n))).as("batch %d", n).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    @Test
    void takesAdapterUpdatesInPlaceAndStillAgreesAfterManyOfThem() {
        assumeThat(ScoringKernels.vectorUsable(H)).isTrue();
        float[] served = strong(Adapter.initial(H, rng).params());
        float[] shadow = Adapter.initial(H, rng).params();
        try (ScoringKernel vector = ScoringKernels.create("vector", frozen, std, shadow);
             DjlScorer djl = new DjlScorer(frozen, std, served, shadow)) {
            ScoringKernel.Weights w = vector.prepare(served);
            float[][] rows = rows(300);
            for (int round = 0; round < 200; round++) {
                for (int i = 0; i < served.length; i++) {
                    served[i] += (float) (rng.nextGaussian() * 0.02);
                }
                vector.update(w, served);
                djl.setServed(served);
            }
            float[] newShadow = strong(Adapter.initial(H, rng).params());
            vector.setShadow(newShadow);
            djl.setShadow(newShadow);
            assertThat(maxDiff(vector, djl, rows, same(w, rows.length))).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void rowsOfDifferentModelsInOneBatchGetTheirOwnAdapter() {
        assumeThat(ScoringKernels.vectorUsable(H)).isTrue();
        float[] shadow = Adapter.initial(H, rng).params();
        float[][] adapters = new float[5][];
        for (int m = 0; m < adapters.length; m++) {
            adapters[m] = strong(Adapter.initial(H, rng).params());
        }
        try (ScoringKernel vector = ScoringKernels.create("vector", frozen, std, shadow);
             DjlScorer djl = new DjlScorer(frozen, std, shadow, shadow)) {
            ScoringKernel.Weights[] handles = new ScoringKernel.Weights[adapters.length];
            for (int m = 0; m < adapters.length; m++) {
                handles[m] = vector.prepare(adapters[m]);
            }
            // Runs of 1, 2, 3, 5 and 9 rows, so blocks of four mix adapters and runs end mid-block.
            int[] runs = {1, 2, 3, 5, 9, 1, 4};
            int n = Arrays.stream(runs).sum();
            float[][] rows = rows(n);
            ScoringKernel.Weights[] served = new ScoringKernel.Weights[n];
            int[] model = new int[n];
            int i = 0;
            for (int r = 0; r < runs.length; r++) {
                for (int k = 0; k < runs[r]; k++, i++) {
                    model[i] = r % adapters.length;
                    served[i] = handles[model[i]];
                }
            }
            float[] p = new float[n];
            float[] ps = new float[n];
            vector.score(rows, n, served, p, ps);
            float[] one = new float[1];
            float[] oneShadow = new float[1];
            for (int r = 0; r < n; r++) {
                djl.setServed(adapters[model[r]]);
                djl.score(new float[][] {rows[r]}, 1, one, oneShadow);
                assertThat((double) Math.abs(p[r] - one[0])).as("row %d", r).isLessThanOrEqualTo(1e-5);
                assertThat((double) Math.abs(ps[r] - oneShadow[0])).as("shadow row %d", r).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    @Test
    void tanhIsAccurateAcrossItsRange() {
        assumeThat(ScoringKernels.vectorAvailable()).isTrue();
        double worst = VectorMathCheck.worstTanhError();
        assertThat(worst).isLessThan(3e-7);
    }

    @Test
    void djlKernelSwitchesAdaptersPerRunAndReloadsUpdatedHandles() {
        float[] shadow = Adapter.initial(H, rng).params();
        float[] a = strong(Adapter.initial(H, rng).params());
        float[] b = strong(Adapter.initial(H, rng).params());
        try (ScoringKernel kernel = ScoringKernels.create("djl", frozen, std, shadow);
             DjlScorer djl = new DjlScorer(frozen, std, a, shadow)) {
            ScoringKernel.Weights ha = kernel.prepare(a);
            ScoringKernel.Weights hb = kernel.prepare(b);
            float[][] rows = rows(12);
            ScoringKernel.Weights[] served = {ha, ha, hb, hb, hb, ha, hb, ha, ha, ha, hb, hb};
            float[] p = new float[12];
            kernel.score(rows, 12, served, p, null);
            for (int r = 0; r < 12; r++) {
                djl.setServed(served[r] == ha ? a : b);
                float[] one = new float[1];
                djl.score(new float[][] {rows[r]}, 1, one, null);
                assertThat((double) Math.abs(p[r] - one[0])).isLessThanOrEqualTo(1e-6);
            }
            float[] a2 = strong(Adapter.initial(H, rng).params());
            kernel.update(ha, a2);
            kernel.score(rows, 1, served, p, null);
            djl.setServed(a2);
            float[] one = new float[1];
            djl.score(rows, 1, one, null);
            assertThat((double) Math.abs(p[0] - one[0])).isLessThanOrEqualTo(1e-6);
        }
    }

    @Test
    void refusesUnknownKernelsAndWrongAdapterLengths() {
        assertThatThrownBy(() -> ScoringKernels.resolve("gpu", H)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto, vector or djl");
        assertThat(ScoringKernels.resolve("djl", H)).isEqualTo("djl");
        assumeThat(ScoringKernels.vectorAvailable()).isTrue();
        // A width the kernel cannot block is padded (PaddedKernelTest), not refused.
        assertThat(ScoringKernels.resolve("vector", 24)).isEqualTo("vector");
        try (ScoringKernel vector = ScoringKernels.create("vector", frozen, std, Adapter.initial(H, rng).params())) {
            assertThatThrownBy(() -> vector.prepare(new float[10])).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private float[] strong(float[] a) {
        return strong(a, rng);
    }

    /** An adapter with a large scale, so its contribution to p is far from negligible. */
    static float[] strong(float[] a, SplittableRandom rng) {
        float[] s = a.clone();
        s[0] = 1.5f + (float) rng.nextDouble();
        for (int i = 1; i < s.length; i++) {
            s[i] *= 3f;
        }
        return s;
    }

    private float[][] rows(int n) {
        return rows(n, rng);
    }

    /** Raw rows of the tests' {@code D} features, spread wider than standardised data. */
    static float[][] rows(int n, SplittableRandom rng) {
        float[][] rows = new float[n][D];
        for (float[] r : rows) {
            for (int j = 0; j < D; j++) {
                r[j] = (float) (rng.nextGaussian() * 3);
            }
        }
        return rows;
    }

    static ScoringKernel.Weights[] same(ScoringKernel.Weights w, int n) {
        ScoringKernel.Weights[] a = new ScoringKernel.Weights[n];
        Arrays.fill(a, w);
        return a;
    }

    static double maxDiff(ScoringKernel vector, DjlScorer djl, float[][] rows, ScoringKernel.Weights[] served) {
        int n = rows.length;
        float[] p = new float[n];
        float[] ps = new float[n];
        float[] q = new float[n];
        float[] qs = new float[n];
        vector.score(rows, n, served, p, ps);
        djl.score(rows, n, q, qs);
        double worst = 0;
        boolean differ = false;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(p[i] - q[i]));
            worst = Math.max(worst, Math.abs(ps[i] - qs[i]));
            differ |= p[i] != ps[i];
        }
        // An empty batch would compare nothing; served and shadow must really differ or the shadow check is idle.
        assertThat(n).as("rows compared").isPositive();
        assertThat(differ).as("served and shadow differ").isTrue();
        return worst;
    }
}
