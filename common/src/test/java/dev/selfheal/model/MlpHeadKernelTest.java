package dev.selfheal.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backbone followed by an MLP head's hidden layers is one longer Linear/ReLU chain: the vector
 * kernel (padded where a width does not block) must give DJL's probabilities and the plain Java
 * forward pass's, for widths that block and widths that do not, full and narrow adapters.
 */
class MlpHeadKernelTest {
    private static final int D = 10;

    @ParameterizedTest
    @CsvSource({"64,64,64", "32,16,16", "24,40-8,8", "64,32-64,5"})
    void theLongerChainAgreesOnEveryEngine(int backbone, String headWidths, int adapterWidth) {
        SplittableRandom rng = new SplittableRandom(backbone * 31L + headWidths.hashCode());
        FrozenWeights core = FrozenWeights.initial(D, backbone, rng);
        List<DenseLayer> layers = new ArrayList<>();
        int in = backbone;
        for (String w : headWidths.split("-")) {
            int out = Integer.parseInt(w);
            float[] p = new float[in * out + out];
            Init.linear(rng, p, 0, in, out);
            // Biases a little positive, so that most units are live and the layers matter.
            for (int o = 0; o < out; o++) {
                p[in * out + o] += 0.1f;
            }
            layers.add(new DenseLayer(in, out, Arrays.copyOf(p, in * out), Arrays.copyOfRange(p, in * out, p.length)));
            in = out;
        }
        float[] headW = new float[in];
        for (int k = 0; k < in; k++) {
            headW[k] = (float) rng.nextGaussian();
        }
        FrozenWeights frozen = new FrozenWeights(D, in, core.w1(), core.b1(), core.w2(), core.b2(), headW,
                new float[] {-0.2f}, null, layers);
        AdapterShape shape = new AdapterShape(in, adapterWidth);
        Standardizer std = new Standardizer(new float[D], ones());
        float[] served = strong(Adapter.initial(shape, rng).params());
        float[] shadow = strong(Adapter.initial(shape, rng).params());
        float[][] rows = new float[61][D];
        for (float[] r : rows) {
            for (int j = 0; j < D; j++) {
                r[j] = (float) (rng.nextGaussian() * 2);
            }
        }
        boolean blocks = VectorKernel.fits(frozen);
        try (ScoringKernel vector = ScoringKernels.create("vector", frozen, shape, std, shadow);
             DjlScorer djl = new DjlScorer(frozen, shape, std, served, shadow)) {
            assertThat(vector).isInstanceOf(blocks ? VectorKernel.class : PaddedKernel.class);
            ScoringKernel.Weights[] handles = new ScoringKernel.Weights[rows.length];
            Arrays.fill(handles, vector.prepare(served));
            float[] p = new float[rows.length];
            float[] ps = new float[rows.length];
            float[] q = new float[rows.length];
            float[] qs = new float[rows.length];
            vector.score(rows, rows.length, handles, p, ps);
            djl.score(rows, rows.length, q, qs);
            Adapter a = new Adapter(shape, served);
            for (int i = 0; i < rows.length; i++) {
                float java = ForwardPass.probability(frozen, a, rows[i]);
                assertThat(Math.abs(p[i] - q[i])).as("served, row %d", i).isLessThanOrEqualTo(1e-5f);
                assertThat(Math.abs(ps[i] - qs[i])).as("shadow, row %d", i).isLessThanOrEqualTo(1e-5f);
                assertThat(Math.abs(p[i] - java)).as("plain Java, row %d", i).isLessThanOrEqualTo(1e-5f);
            }
        }
    }

    private static float[] ones() {
        float[] o = new float[D];
        Arrays.fill(o, 1f);
        return o;
    }

    /** An adapter with a scale large enough that a wrong branch would show in the probabilities. */
    private static float[] strong(float[] a) {
        a[0] = 1f;
        return a;
    }
}
