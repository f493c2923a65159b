package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The activations a copied chain may carry: their double reference (erf included, which Java
 * lacks), their names as the manifest writes them, and the vector kernel's versions, which must
 * give the reference's values from far below zero to far above, where the probe rows reach.
 */
class ActivationTest {
    private static final List<Activation> ALL = List.of(Activation.RELU, Activation.IDENTITY,
            Activation.of(Activation.Kind.TANH), Activation.of(Activation.Kind.SIGMOID),
            Activation.of(Activation.Kind.SILU), new Activation(Activation.Kind.LEAKY_RELU, 0.1f),
            new Activation(Activation.Kind.ELU, 0.5f), Activation.of(Activation.Kind.GELU),
            Activation.of(Activation.Kind.GELU_TANH), new Activation(Activation.Kind.SOFTPLUS, new float[] {1f, 20f}),
            new Activation(Activation.Kind.SOFTPLUS, new float[] {2f, 5f}),
            new Activation(Activation.Kind.SOFTPLUS, new float[] {0.5f, 3f}), Activation.of(Activation.Kind.RELU6),
            new Activation(Activation.Kind.HARDTANH, new float[] {-0.5f, 2f}), Activation.of(Activation.Kind.MISH),
            new Activation(Activation.Kind.PRELU, 0.25f));

    @Test
    void erfGivesItsValuesOnBothSidesOfTheSwitchBetweenSeriesAndContinuedFraction() {
        double[][] known = {{0, 0}, {0.1, 0.1124629160182849}, {0.5, 0.5204998778130465}, {1, 0.8427007929497149},
                {2, 0.9953222650189527}, {2.49, 0.9995707121322661}, {2.5, 0.999593047982555},
                {3, 0.9999779095030014}, {4, 0.9999999845827421}, {-1.7, -0.9837904585907745}, {30, 1}};
        for (double[] k : known) {
            assertThat(Activation.erf(k[0])).as("erf(%s)", k[0]).isCloseTo(k[1], within(1e-13));
        }
    }

    @Test
    void theReferenceIsPyTorchsDefinition() {
        assertThat(new Activation(Activation.Kind.LEAKY_RELU, 0.1f).apply(-2)).isCloseTo(-0.2, within(1e-7));
        assertThat(new Activation(Activation.Kind.ELU, 0.5f).apply(-1)).isCloseTo(0.5 * (Math.exp(-1) - 1),
                within(1e-15));
        assertThat(Activation.of(Activation.Kind.GELU).apply(1)).isCloseTo(0.8413447460685429, within(1e-12));
        assertThat(Activation.of(Activation.Kind.GELU_TANH).apply(1)).isCloseTo(0.8411919906082768, within(1e-12));
        assertThat(Activation.of(Activation.Kind.SILU).apply(-800)).isEqualTo(-0.0);
        assertThat(Activation.of(Activation.Kind.SIGMOID).apply(-800)).isZero();
        Activation softplus = new Activation(Activation.Kind.SOFTPLUS, new float[] {2f, 5f});
        assertThat(softplus.apply(0.5)).isCloseTo(Math.log1p(Math.exp(1)) / 2, within(1e-15));
        // above beta·x = threshold PyTorch gives x itself
        assertThat(softplus.apply(2.4)).isCloseTo(Math.log1p(Math.exp(4.8)) / 2, within(1e-15));
        assertThat(softplus.apply(2.6)).isEqualTo(2.6);
        assertThat(Activation.of(Activation.Kind.RELU6).apply(7)).isEqualTo(6);
        assertThat(Activation.of(Activation.Kind.RELU6).apply(-1)).isZero();
        Activation hardtanh = new Activation(Activation.Kind.HARDTANH, new float[] {-0.5f, 2f});
        assertThat(hardtanh.apply(-3)).isEqualTo(-0.5);
        assertThat(hardtanh.apply(1.5)).isEqualTo(1.5);
        assertThat(hardtanh.apply(3)).isEqualTo(2);
        assertThat(Activation.of(Activation.Kind.MISH).apply(1)).isCloseTo(Math.tanh(Math.log1p(Math.E)),
                within(1e-15));
        Activation perUnit = new Activation(Activation.Kind.PRELU, new float[] {0.1f, -0.2f});
        assertThat(perUnit.apply(-2, 0)).isCloseTo(-0.2, within(1e-7));
        assertThat(perUnit.apply(-2, 1)).isCloseTo(0.4, within(1e-7));
        assertThat(perUnit.apply(3, 1)).isEqualTo(3);
    }

    @Test
    void aPerUnitPReluFitsOnlyALayerOfItsWidthAndIsPaddedWithZeroSlopes() {
        Activation perUnit = new Activation(Activation.Kind.PRELU, new float[] {0.1f, -0.2f, 0.3f});
        assertThat(perUnit.fits(3)).isTrue();
        assertThat(perUnit.fits(4)).isFalse();
        assertThat(new Activation(Activation.Kind.PRELU, 0.1f).fits(4)).isTrue();
        assertThat(perUnit.padded(5).params()).containsExactly(0.1f, -0.2f, 0.3f, 0f, 0f);
        assertThatThrownBy(() -> new DenseLayer(2, 4, new float[8], new float[4], perUnit))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one per unit needs 4");
    }

    @Test
    void everyNameParsesBackToItsActivation() {
        for (Activation a : ALL) {
            assertThat(Activation.parse(a.text())).isEqualTo(a);
        }
        assertThat(new Activation(Activation.Kind.LEAKY_RELU, 0.1f).text()).isEqualTo("leaky_relu(0.1)");
        assertThat(Activation.of(Activation.Kind.GELU_TANH).text()).isEqualTo("gelu_tanh");
        assertThat(Activation.of(Activation.Kind.TANH)).isEqualTo(new Activation(Activation.Kind.TANH, 3f));
        assertThat(new Activation(Activation.Kind.SOFTPLUS, new float[] {1f, 20f}).text())
                .isEqualTo("softplus(1.0,20.0)");
        Activation perUnit = new Activation(Activation.Kind.PRELU, new float[] {0.1f, -0.2f, 1e-7f});
        assertThat(perUnit.text()).isEqualTo("prelu(0.1,-0.2,1.0E-7)");
        assertThat(Activation.parse(perUnit.text())).isEqualTo(perUnit);
        assertThat(ALL.stream().filter(Activation::later).map(a -> a.kind().name()).distinct().toList())
                .containsExactly("SOFTPLUS", "RELU6", "HARDTANH", "MISH", "PRELU");
    }

    @Test
    void unknownOrMalformedNamesAreRefused() {
        for (String bad : new String[] {"swish", "leaky_relu", "elu(x)", "tanh(1)", "", "softplus(1.0)",
                "hardtanh(2.0,1.0)", "softplus(0.0,20.0)", "prelu()", "leaky_relu(0.1,0.2)", "relu6(6.0)"}) {
            assertThatThrownBy(() -> Activation.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theVectorKernelsActivationsGiveTheReferencesValuesFarBelowAndAboveZero() {
        List<Float> xs = new ArrayList<>();
        for (double x = -120; x <= 120; x += 0.37) {
            xs.add((float) x);
        }
        for (float x : new float[] {0f, -0f, 1e-6f, -1e-6f, 1e-3f, -1e-3f, 87f, -87f, -88.5f, 1e6f, -1e6f}) {
            xs.add(x);
        }
        int n = (xs.size() + 63) / 64 * 64;
        float[] in = new float[n];
        for (int i = 0; i < xs.size(); i++) {
            in[i] = xs.get(i);
        }
        for (Activation a : ALL) {
            if (a.idempotent()) {
                continue; // fused into the kernel's stores
            }
            float[] v = in.clone();
            VectorActivations.apply(a, v, n, n);
            for (int i = 0; i < n; i++) {
                double want = a.apply(in[i]);
                assertThat((double) v[i]).as("%s(%s)", a.text(), in[i])
                        .isCloseTo(want, within(3e-7 + 1e-6 * Math.abs(want)));
            }
        }
    }

    @Test
    void theVectorKernelsPerUnitPReluTakesEachUnitsSlopeInEveryRow() {
        int width = 4 * VectorKernel.lanes();
        float[] slopes = new float[width];
        for (int i = 0; i < width; i++) {
            slopes[i] = -0.5f + i * 0.1f;
        }
        Activation a = new Activation(Activation.Kind.PRELU, slopes);
        int rows = 3;
        float[] in = new float[rows * width];
        for (int i = 0; i < in.length; i++) {
            in[i] = (i % 3 == 0 ? 1.5f : -2f) * (1 + i % 5);
        }
        float[] v = in.clone();
        VectorActivations.apply(a, v, in.length, width);
        for (int i = 0; i < in.length; i++) {
            assertThat((double) v[i]).as("row %d unit %d", i / width, i % width)
                    .isCloseTo(a.apply(in[i], i % width), within(1e-6 * Math.abs(in[i] * slopes[i % width]) + 1e-7));
        }
    }

    @Test
    void aLayerNormBeforeTheFunctionIsNamedFirstAndParsesBack() {
        LayerNorm norm = new LayerNorm(2, 1e-3f, new float[] {1.5f, -0.25f}, new float[] {0f, 2f});
        Activation a = new Activation(Activation.Kind.SOFTPLUS, new float[] {2f, 5f}).withNorm(norm);
        assertThat(a.text()).isEqualTo("layer_norm(0.001,1.5,-0.25,0.0,2.0)+softplus(2.0,5.0)");
        assertThat(a.label()).isEqualTo("layer_norm(2)+softplus(2.0,5.0)");
        assertThat(Activation.parse(a.text())).isEqualTo(a);
        assertThat(Activation.parse(a.text())).isNotEqualTo(a.withNorm(null));
        // a norm changes the values: ReLU after a norm is no ReLU an identity layer may repeat
        assertThat(Activation.RELU.withNorm(norm).idempotent()).isFalse();
        assertThat(a.fits(2)).isTrue();
        assertThat(a.fits(3)).isFalse();
        assertThat(a.padded(4).norm().weight()).containsExactly(1.5f, -0.25f, 0f, 0f);
        assertThat(a.padded(4).norm().units()).isEqualTo(2);
    }
}
