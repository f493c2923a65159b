package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a TorchScript file's archive says its layers are: read without running the module, scripted
 * or traced, from an {@code nn.Sequential} or a class of the user's own; a file it cannot read, or
 * with layers no kernel runs, gives no chain and says which.
 */
class TorchScriptChainTest {
    private static TorchScriptChain.Reading read(String file) {
        return TorchScriptChain.read(TorchScriptFixtures.file(file));
    }

    private static List<String> activations(TorchScriptChain.Reading r) {
        return r.layers().stream().map(l -> l.activation().text()).toList();
    }

    @Test
    void aScriptedSequentialReadsAsItsLinearLayersWithTheirActivations() {
        TorchScriptChain.Reading r = read("deep_chain16/backbone.pt");
        assertThat(r.types()).containsExactly("Linear", "ReLU", "Linear", "ReLU", "Linear", "ReLU");
        assertThat(r.layers()).extracting(DenseLayer::in, DenseLayer::out).containsExactly(
                org.assertj.core.groups.Tuple.tuple(10, 32), org.assertj.core.groups.Tuple.tuple(32, 24),
                org.assertj.core.groups.Tuple.tuple(24, 16));
        assertThat(activations(r)).containsExactly("relu", "relu", "relu");
        assertThat(activations(read("bare_last16/backbone.pt"))).containsExactly("relu", "identity");
    }

    @Test
    void constantsAreReadFromScriptedDeclarationsAndTracedCalls() {
        assertThat(activations(read("leaky24/backbone.pt"))).containsExactly("leaky_relu(0.1)", "leaky_relu(0.1)");
        assertThat(activations(read("silu_gelu32/backbone.pt"))).containsExactly("silu", "gelu_tanh", "gelu");
        assertThat(activations(read("elu_sigmoid16/backbone.pt"))).containsExactly("elu(0.5)", "sigmoid");
        // traced at their defaults: leaky_relu(x) leaves its slope out
        assertThat(activations(read("leaky_default16/backbone.pt"))).containsExactly("leaky_relu(0.01)", "elu(1.0)");
        // a scripted Softplus at its defaults declares them as ints
        assertThat(activations(read("softplus16/backbone.pt"))).containsExactly("softplus(1.0,20.0)",
                "softplus(1.0,20.0)");
        assertThat(activations(read("softplus_hardtanh16/backbone.pt"))).containsExactly("softplus(2.0,5.0)",
                "hardtanh(-0.5,2.0)", "relu6");
        // traced: softplus(x, 0.5, 3.), hardtanh(x, -1.5, 0.75), and softplus(x) at its defaults
        assertThat(activations(read("softplus_hardtanh_traced16/backbone.pt"))).containsExactly("softplus(0.5,3.0)",
                "hardtanh(-1.5,0.75)", "softplus(1.0,20.0)");
    }

    @Test
    void batchNormIsFoldedAndCountedDropoutSkipped() {
        TorchScriptChain.Reading r = read("batchnorm32/backbone.pt");
        assertThat(r.types()).contains("BatchNorm1d", "Dropout");
        assertThat(r.batchNorms()).isEqualTo(2);
        assertThat(r.layers()).hasSize(2);
        assertThat(read("batchnorm_mixed16/backbone.pt").batchNorms()).isEqualTo(3);
    }

    @Test
    void layersNoKernelRunsAreNamedAndGiveNoChain() {
        TorchScriptChain.Reading r = read("hardswish16/backbone.pt");
        assertThat(r.layers()).isNull();
        assertThat(r.unsupported()).containsExactly("Hardswish");
    }

    @Test
    void aLayerNormAfterALinearLayerGoesWithItBeforeItsActivation() {
        TorchScriptChain.Reading r = read("layernorm48/backbone.pt");
        assertThat(r.unsupported()).isEmpty();
        assertThat(r.layers()).hasSize(2);
        Activation first = r.layers().get(0).activation();
        assertThat(first.kind()).isEqualTo(Activation.Kind.GELU);
        assertThat(first.norm().units()).isEqualTo(48);
        assertThat(first.norm().eps()).isEqualTo(1e-5f);
        assertThat(r.layers().get(1).activation()).isEqualTo(Activation.RELU);
    }

    @Test
    void aTracedLayerNormTakesItsEpsFromItsCallAndOneWithoutAffineGetsWeightOneAndBiasZero() {
        List<DenseLayer> layers = read("layernorm_traced16/backbone.pt").layers();
        assertThat(layers).hasSize(2);
        assertThat(layers.get(0).activation().norm().eps()).isEqualTo(1e-3f);
        LayerNorm plain = layers.get(1).activation().norm();
        assertThat(plain.eps()).isEqualTo(1e-5f);
        assertThat(plain.weight()).containsOnly(1f);
        assertThat(plain.bias()).containsOnly(0f);
        assertThat(layers.get(1).activation().kind()).isEqualTo(Activation.Kind.RELU);
    }

    @Test
    void aLayerNormAtTheInputOrAfterAnActivationGetsAnIdentityLinearOfItsOwn() {
        List<DenseLayer> layers = read("input_layernorm16/backbone.pt").layers();
        // LayerNorm(10), Linear(10,16) Tanh, Linear(16,16) ReLU, LayerNorm(16)
        assertThat(layers).extracting(DenseLayer::in).containsExactly(10, 10, 16, 16);
        assertThat(layers).extracting(DenseLayer::out).containsExactly(10, 16, 16, 16);
        assertThat(layers.get(0).activation().norm().units()).isEqualTo(10);
        assertThat(layers.get(0).activation().kind()).isEqualTo(Activation.Kind.IDENTITY);
        assertThat(layers.get(0).isIdentityAfter(Activation.IDENTITY)).isFalse();
        assertThat(layers.get(3).activation().norm().units()).isEqualTo(16);
        float[] w = layers.get(0).weight();
        for (int o = 0; o < 10; o++) {
            for (int i = 0; i < 10; i++) {
                assertThat(w[o * 10 + i]).isEqualTo(o == i ? 1f : 0f);
            }
        }
        assertThat(layers.get(0).bias()).containsOnly(0f);
    }

    @Test
    void aFileThatIsNoArchiveItCanReadGivesNothing() {
        TorchScriptChain.Reading r = read("bad/truncated.pt");
        assertThat(r.layers()).isNull();
        assertThat(r.types()).isEmpty();
        assertThat(read("expected.json").layers()).isNull();
    }
}
