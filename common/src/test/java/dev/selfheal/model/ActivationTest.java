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
            Activation.of(Activation.Kind.GELU_TANH));

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
    }

    @Test
    void everyNameParsesBackToItsActivation() {
        for (Activation a : ALL) {
            assertThat(Activation.parse(a.text())).isEqualTo(a);
        }
        assertThat(new Activation(Activation.Kind.LEAKY_RELU, 0.1f).text()).isEqualTo("leaky_relu(0.1)");
        assertThat(Activation.of(Activation.Kind.GELU_TANH).text()).isEqualTo("gelu_tanh");
        assertThat(Activation.of(Activation.Kind.TANH)).isEqualTo(new Activation(Activation.Kind.TANH, 3f));
    }

    @Test
    void unknownOrMalformedNamesAreRefused() {
        for (String bad : new String[] {"relu6", "leaky_relu", "elu(x)", "tanh(1)", ""}) {
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
            VectorActivations.apply(a, v, n);
            for (int i = 0; i < n; i++) {
                double want = a.apply(in[i]);
                assertThat((double) v[i]).as("%s(%s)", a.text(), in[i])
                        .isCloseTo(want, within(3e-7 + 1e-6 * Math.abs(want)));
            }
        }
    }
}
