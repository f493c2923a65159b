package dev.selfheal.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@link VectorKernelTest} for narrow adapters (W &lt; H), which take the kernel's per-output dot
 * product path: the same agreement with DJL (max abs difference ≤ 1e-5) at every batch size, with
 * the rows of several models mixed in one batch, and after in-place updates. W = 8 is the width
 * the lever is for, 5 an odd one that fills no vector, 32 one that fills two (with AVX-512) but not
 * the four a block needs. A blocked width below the hidden width (64 over 128) is checked too.
 */
class NarrowVectorKernelTest {
    private static final int D = 10;
    private static final int H = 64;
    private static final int[] BATCHES = {1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 256, 1000};
    private SplittableRandom rng;
    private FrozenWeights frozen;
    private Standardizer std;

    private void weights(long seed, int hidden) {
        rng = new SplittableRandom(seed);
        frozen = FrozenWeights.initial(D, hidden, rng);
        float[] mean = new float[D];
        float[] sd = new float[D];
        for (int j = 0; j < D; j++) {
            mean[j] = (float) rng.nextGaussian();
            sd[j] = 0.5f + (float) rng.nextDouble() * 2;
        }
        std = new Standardizer(mean, sd);
    }

    @ParameterizedTest(name = "W = {0}")
    @ValueSource(ints = {8, 5, 32, 1})
    void agreesWithDjlAtEveryBatchSizeWithTheRowsOfManyModelsMixed(int width) {
        assumeThat(ScoringKernels.vectorUsable(H)).isTrue();
        weights(20 + width, H);
        assertAgreesOverBatches(new AdapterShape(H, width));
    }

    @Test
    void aWidthOfWholeBlocksBelowTheHiddenWidthAgreesToo() {
        assumeThat(ScoringKernels.vectorUsable(128)).isTrue();
        weights(31, 128);
        assertAgreesOverBatches(new AdapterShape(128, 64));
    }

    private void assertAgreesOverBatches(AdapterShape shape) {
        int width = shape.width();
        float[] shadow = strong(Adapter.initial(shape, rng).params());
        float[][] adapters = new float[7][];
        for (int m = 0; m < adapters.length; m++) {
            adapters[m] = strong(Adapter.initial(shape, rng).params());
        }
        try (ScoringKernel vector = ScoringKernels.create("vector", frozen, shape, std, shadow);
             DjlScorer djl = new DjlScorer(frozen, shape, std, shadow, shadow)) {
            ScoringKernel.Weights[] handles = new ScoringKernel.Weights[adapters.length];
            for (int m = 0; m < adapters.length; m++) {
                handles[m] = vector.prepare(adapters[m]);
            }
            for (int n : BATCHES) {
                float[][] rows = rows(n);
                int[] model = modelRuns(n, adapters.length);
                ScoringKernel.Weights[] served = new ScoringKernel.Weights[n];
                for (int i = 0; i < n; i++) {
                    served[i] = handles[model[i]];
                }
                float[] p = new float[n];
                float[] ps = new float[n];
                vector.score(rows, n, served, p, ps);
                double worst = 0;
                float[] q = new float[n];
                float[] qs = new float[n];
                for (int start = 0; start < n; ) {
                    int end = start;
                    while (end < n && model[end] == model[start]) {
                        end++;
                    }
                    djl.setServed(adapters[model[start]]);
                    float[][] run = Arrays.copyOfRange(rows, start, end);
                    float[] rp = new float[run.length];
                    float[] rs = new float[run.length];
                    djl.score(run, run.length, rp, rs);
                    System.arraycopy(rp, 0, q, start, run.length);
                    System.arraycopy(rs, 0, qs, start, run.length);
                    start = end;
                }
                for (int i = 0; i < n; i++) {
                    worst = Math.max(worst, Math.max(Math.abs(p[i] - q[i]), Math.abs(ps[i] - qs[i])));
                }
                assertThat(worst).as("W %d, batch %d", width, n).isLessThanOrEqualTo(1e-5);
                assertThat(p).as("served and shadow differ").isNotEqualTo(ps);
            }
        }
    }

    @ParameterizedTest(name = "W = {0}")
    @ValueSource(ints = {8, 5})
    void takesNarrowUpdatesInPlaceAndStillAgrees(int width) {
        assumeThat(ScoringKernels.vectorUsable(H)).isTrue();
        weights(40 + width, H);
        AdapterShape shape = new AdapterShape(H, width);
        float[] served = strong(Adapter.initial(shape, rng).params());
        float[] shadow = Adapter.initial(shape, rng).params();
        try (ScoringKernel vector = ScoringKernels.create("vector", frozen, shape, std, shadow);
             DjlScorer djl = new DjlScorer(frozen, shape, std, served, shadow)) {
            ScoringKernel.Weights w = vector.prepare(served);
            for (int round = 0; round < 100; round++) {
                for (int i = 0; i < served.length; i++) {
                    served[i] += (float) (rng.nextGaussian() * 0.02);
                }
                vector.update(w, served);
            }
            djl.setServed(served);
            float[] newShadow = strong(Adapter.initial(shape, rng).params());
            vector.setShadow(newShadow);
            djl.setShadow(newShadow);
            float[][] rows = rows(301);
            assertThat(VectorKernelTest.maxDiff(vector, djl, rows, VectorKernelTest.same(w, rows.length)))
                    .isLessThanOrEqualTo(1e-5);
        }
    }

    @ParameterizedTest(name = "W = {0}")
    @ValueSource(ints = {8, 5})
    void djlAtANarrowWidthAgreesWithThePlainJavaForwardPass(int width) {
        // DJL is the reference the kernel is checked against: it must itself read the narrow
        // layout as the scalar forward pass does.
        weights(60 + width, H);
        AdapterShape shape = new AdapterShape(H, width);
        Adapter served = new Adapter(shape, strong(Adapter.initial(shape, rng).params()));
        Adapter shadow = Adapter.initial(shape, rng);
        float[][] rows = rows(50);
        try (ScoringKernel djl = ScoringKernels.create("djl", frozen, shape, std, shadow.params())) {
            ScoringKernel.Weights w = djl.prepare(served.params());
            ScoringKernel.Weights[] handles = new ScoringKernel.Weights[rows.length];
            Arrays.fill(handles, w);
            float[] p = new float[rows.length];
            float[] ps = new float[rows.length];
            djl.score(rows, rows.length, handles, p, ps);
            float[] x = new float[D];
            for (int i = 0; i < rows.length; i++) {
                std.apply(rows[i], x, 0);
                assertThat((double) Math.abs(p[i] - ForwardPass.probability(frozen, served, x))).isLessThanOrEqualTo(1e-5);
                assertThat((double) Math.abs(ps[i] - ForwardPass.probability(frozen, shadow, x))).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    /** Runs of 1 to 9 rows of one model each, so blocks of four mix models and runs end mid-block. */
    private int[] modelRuns(int n, int models) {
        int[] model = new int[n];
        int i = 0;
        int m = 0;
        while (i < n) {
            int len = 1 + rng.nextInt(9);
            for (int k = 0; k < len && i < n; k++, i++) {
                model[i] = m;
            }
            m = (m + 1 + rng.nextInt(models - 1)) % models;
        }
        return model;
    }

    private float[] strong(float[] a) {
        return VectorKernelTest.strong(a, rng);
    }

    private float[][] rows(int n) {
        return VectorKernelTest.rows(n, rng);
    }
}
