package dev.selfheal.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backbone width the vector kernel cannot block is padded with zero units: its probabilities
 * must still be DJL's on the unpadded weights, for full and narrow adapters, after updates.
 */
class PaddedKernelTest {
    private static final int D = 10;

    @ParameterizedTest
    @CsvSource({"32,32", "24,24", "24,8", "40,5", "1,1"})
    void agreesWithDjlOnTheUnpaddedModel(int hidden, int width) {
        SplittableRandom rng = new SplittableRandom(hidden * 31L + width);
        FrozenWeights frozen = FrozenWeights.initial(D, hidden, rng);
        AdapterShape shape = new AdapterShape(hidden, width);
        Standardizer std = new Standardizer(new float[D], ones());
        float[] served = strong(Adapter.initial(shape, rng).params());
        float[] shadow = strong(Adapter.initial(shape, rng).params());
        float[][] rows = new float[97][D];
        for (float[] r : rows) {
            for (int j = 0; j < D; j++) {
                r[j] = (float) (rng.nextGaussian() * 2);
            }
        }
        try (ScoringKernel vector = ScoringKernels.create("vector", frozen, shape, std, shadow);
             DjlScorer djl = new DjlScorer(frozen, shape, std, served, shadow)) {
            assertThat(vector).isInstanceOf(VectorKernel.fits(hidden) ? VectorKernel.class : PaddedKernel.class);
            ScoringKernel.Weights w = vector.prepare(served);
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < served.length; i++) {
                    served[i] += (float) (rng.nextGaussian() * 0.05);
                }
                vector.update(w, served);
                djl.setServed(served);
            }
            ScoringKernel.Weights[] handles = new ScoringKernel.Weights[rows.length];
            Arrays.fill(handles, w);
            float[] p = new float[rows.length];
            float[] ps = new float[rows.length];
            float[] q = new float[rows.length];
            float[] qs = new float[rows.length];
            vector.score(rows, rows.length, handles, p, ps);
            djl.score(rows, rows.length, q, qs);
            for (int i = 0; i < rows.length; i++) {
                assertThat(Math.abs(p[i] - q[i])).as("served, row %d", i).isLessThanOrEqualTo(1e-5f);
                assertThat(Math.abs(ps[i] - qs[i])).as("shadow, row %d", i).isLessThanOrEqualTo(1e-5f);
            }
        }
    }

    private static float[] ones() {
        float[] o = new float[D];
        Arrays.fill(o, 1f);
        return o;
    }

    /** A large scale, so the adapter moves the output well beyond the tolerance. */
    private static float[] strong(float[] adapter) {
        adapter[0] = 1.5f;
        return adapter;
    }
}
