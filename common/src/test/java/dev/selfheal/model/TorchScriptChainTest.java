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
        TorchScriptChain.Reading r = read("layernorm48/backbone.pt");
        assertThat(r.layers()).isNull();
        assertThat(r.unsupported()).containsExactly("LayerNorm");
        assertThat(read("hardswish16/backbone.pt").unsupported()).containsExactly("Hardswish");
    }

    @Test
    void aFileThatIsNoArchiveItCanReadGivesNothing() {
        TorchScriptChain.Reading r = read("bad/truncated.pt");
        assertThat(r.layers()).isNull();
        assertThat(r.types()).isEmpty();
        assertThat(read("expected.json").layers()).isNull();
    }
}
