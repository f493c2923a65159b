package dev.selfheal.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chains of Linear layers with other activations than ReLU between them, none after the last, or
 * BatchNorm1d in eval mode, are copied into selfheal's kernels with each layer's own activation
 * (read from the file: a LeakyReLU's slope, a GELU's form) and BatchNorm folded into the Linear
 * layers: served by the vector kernel, they give PyTorch's outputs within 1e-5. A chain whose file
 * records its layers in another order than it runs them, or with an activation no kernel runs, is
 * served as the user's module through DJL, as before.
 */
class ImportedActivationsTest {
    @TempDir
    static Path files;
    private static ImportSample sample;

    @BeforeAll
    static void data() throws IOException {
        sample = ImportSample.write(files);
    }

    private static TorchScriptImport.Result imported(String fixture) {
        return sample.fixture(fixture);
    }

    /** Copied, not served as a module, with these activations after its Linear layers, and served as PyTorch computes it. */
    private static FraudModel assertCopied(String fixture, String... activations) {
        TorchScriptImport.Result r = imported(fixture);
        assertThat(r.servedAsModule()).as(r.notAChain()).isFalse();
        assertThat(r.activations()).containsExactly(activations);
        assertThat(r.probeMaxDiff()).isLessThanOrEqualTo(TorchScriptImport.TOLERANCE);
        assertThat(r.kernelsChecked()).containsExactly(ScoringKernels.DJL, ScoringKernels.VECTOR);
        assertServedByTheVectorKernelAsPyTorch(r.model(), fixture);
        return r.model();
    }

    /** PyTorch's probabilities on the fixture's rows (extremes included) on DJL and the vector kernel, which auto picks. */
    static void assertServedByTheVectorKernelAsPyTorch(FraudModel m, String fixture) {
        TorchScriptFixtures.Expected e = TorchScriptFixtures.expected(fixture);
        for (String kernel : List.of(ScoringKernels.DJL, ScoringKernels.VECTOR, ScoringKernels.AUTO)) {
            String[] name = new String[1];
            float[] p = ImportSample.served(m, m.adapter().params(), kernel, e.rows(), name);
            for (int i = 0; i < p.length; i++) {
                assertThat((double) Math.abs(p[i] - e.probability()[i])).as("%s, row %d", kernel, i)
                        .isLessThanOrEqualTo(1e-5);
            }
            if (kernel.equals(ScoringKernels.AUTO)) {
                assertThat(name[0]).isEqualTo(ScoringKernels.VECTOR);
            }
        }
    }

    @Test
    void aChainWhoseLastLinearHasNoActivationIsCopiedWithTheAdapterOnItsOutput() {
        FraudModel m = assertCopied("bare_last16", "relu", "identity");
        assertThat(m.frozen().hidden()).isEqualTo(16);
        assertThat(m.training()).containsEntry("backbone_kind", "linear-chain")
                .containsEntry("backbone_activations", List.of("relu", "identity"));
        // h goes below zero, as the user's backbone gives it
        float[] min = {0};
        for (float[] row : TorchScriptFixtures.expected("bare_last16").h()) {
            for (float v : row) {
                min[0] = Math.min(min[0], v);
            }
        }
        assertThat(min[0]).isNegative();
        ImportSample.assertHiddenAsPyTorch(m, "bare_last16");
        // 32→16 is no square second layer: the identity held in its place is not run.
        assertThat(m.frozen().chain()).hasSize(3);
        assertThat(m.frozen().runLayers()).hasSize(2);
    }

    @Test
    void aTanhChainWithAnMlpHeadIsOneChainOfTanhThenReluLayers() {
        FraudModel m = assertCopied("tanh_mlphead32", "tanh", "tanh");
        assertThat(m.frozen().headWidths()).containsExactly(32, 16, 1);
        assertThat(m.frozen().chain().stream().map(l -> l.activation().text()).toList())
                .containsExactly("tanh", "tanh", "relu");
    }

    @Test
    void aTracedLeakyReluChainIsCopiedWithTheSlopeItsForwardCodePasses() {
        FraudModel m = assertCopied("leaky24", "leaky_relu(0.1)", "leaky_relu(0.1)");
        ImportSample.assertHiddenAsPyTorch(m, "leaky24");
    }

    @Test
    void aTracedCallThatLeavesOutTheSlopeIsCopiedWithPyTorchsDefault() {
        FraudModel m = assertCopied("leaky_default16", "leaky_relu(0.01)", "elu(1.0)");
        ImportSample.assertHiddenAsPyTorch(m, "leaky_default16");
    }

    @Test
    void siluAndBothFormsOfGeluAreCopied() {
        FraudModel m = assertCopied("silu_gelu32", "silu", "gelu_tanh", "gelu");
        ImportSample.assertHiddenAsPyTorch(m, "silu_gelu32");
    }

    @Test
    void aModuleOfItsOwnClassWithEluAndSigmoidIsCopied() {
        FraudModel m = assertCopied("elu_sigmoid16", "elu(0.5)", "sigmoid");
        ImportSample.assertHiddenAsPyTorch(m, "elu_sigmoid16");
    }

    @Test
    void batchNormInEvalModeIsFoldedIntoTheLinearBeforeIt() {
        TorchScriptImport.Result r = imported("batchnorm32");
        assertThat(r.batchNorms()).isEqualTo(2);
        assertThat(r.reluChain()).isFalse();
        FraudModel m = assertCopied("batchnorm32", "relu", "relu");
        // ReLU after every layer: the model directory is written as a ReLU chain's always was
        assertThat(m.frozen().reluOnly()).isTrue();
        assertThat(m.training()).containsEntry("backbone_kind", "linear-relu-chain")
                .containsEntry("backbone_batchnorm_folded", 2).doesNotContainKey("backbone_activations");
        ImportSample.assertHiddenAsPyTorch(m, "batchnorm32");
    }

    @Test
    void batchNormAtTheInputOrAfterAnActivationIsFoldedIntoTheLinearAfterIt() {
        TorchScriptImport.Result r = imported("batchnorm_mixed16");
        assertThat(r.batchNorms()).isEqualTo(3);
        FraudModel m = assertCopied("batchnorm_mixed16", "relu", "relu", "tanh");
        ImportSample.assertHiddenAsPyTorch(m, "batchnorm_mixed16");
    }

    @Test
    void aFileThatRecordsItsLayersInAnotherOrderThanItRunsThemIsServedThroughDjl() {
        TorchScriptImport.Result r = imported("shared_tanh16");
        assertThat(r.servedAsModule()).isTrue();
        assertThat(r.notAChain()).contains("a copy of its layers as its file records them (Linear, Linear, Tanh)",
                "differs from it by");
        assertThat(r.model().frozen().isModule()).isTrue();
        assertServedThroughDjlAsPyTorch(r.model(), "shared_tanh16");
    }

    @Test
    void anActivationNoKernelRunsIsServedThroughDjlNamingIt() {
        TorchScriptImport.Result r = imported("hardswish16");
        assertThat(r.servedAsModule()).isTrue();
        assertThat(r.notAChain()).contains("a copy of its Linear layers with ReLU differs from it by",
                "found Hardswish, which no kernel of selfheal's runs");
        assertServedThroughDjlAsPyTorch(r.model(), "hardswish16");
    }

    @Test
    void softplusAtPyTorchsDefaultsIsCopied() {
        // the scripted file declares beta and threshold as ints
        FraudModel m = assertCopied("softplus16", "softplus(1.0,20.0)", "softplus(1.0,20.0)");
        ImportSample.assertHiddenAsPyTorch(m, "softplus16");
    }

    @Test
    void softplusHardtanhAndRelu6AreCopiedWithTheConstantsTheFileDeclares() {
        FraudModel m = assertCopied("softplus_hardtanh16", "softplus(2.0,5.0)", "hardtanh(-0.5,2.0)", "relu6");
        ImportSample.assertHiddenAsPyTorch(m, "softplus_hardtanh16");
    }

    @Test
    void aTracedSoftplusAndHardtanhAreCopiedWithTheConstantsTheirForwardCodePasses() {
        FraudModel m = assertCopied("softplus_hardtanh_traced16", "softplus(0.5,3.0)", "hardtanh(-1.5,0.75)",
                "softplus(1.0,20.0)");
        ImportSample.assertHiddenAsPyTorch(m, "softplus_hardtanh_traced16");
    }

    @Test
    void mishAndPReluWithOneSlopeOrOneSlopePerUnitAreCopiedWithTheSlopesTheFileHolds() {
        TorchScriptImport.Result r = imported("mish_prelu16");
        assertThat(r.servedAsModule()).as(r.notAChain()).isFalse();
        assertThat(r.activations()).hasSize(3).first().isEqualTo("mish");
        assertThat(r.activations().get(2)).isEqualTo("prelu(16 slopes)");
        assertThat(r.probeMaxDiff()).isLessThanOrEqualTo(TorchScriptImport.TOLERANCE);
        assertThat(r.kernelsChecked()).containsExactly(ScoringKernels.DJL, ScoringKernels.VECTOR);
        FraudModel m = r.model();
        assertServedByTheVectorKernelAsPyTorch(m, "mish_prelu16");
        List<DenseLayer> layers = m.frozen().chain();
        Activation shared = layers.get(1).activation();
        Activation perUnit = layers.get(2).activation();
        assertThat(shared.kind()).isEqualTo(Activation.Kind.PRELU);
        assertThat(shared.params()).hasSize(1);
        assertThat(shared.param()).isNotEqualTo(0.25f); // trained away from PyTorch's initial slope
        assertThat(perUnit.kind()).isEqualTo(Activation.Kind.PRELU);
        assertThat(perUnit.params()).hasSize(16);
        float[] slopes = perUnit.params();
        assertThat(slopes[0]).isLessThan(0f); // made from -0.3 … 0.6 before training: one slope per unit
        assertThat(slopes[15]).isGreaterThan(0.3f);
        ImportSample.assertHiddenAsPyTorch(m, "mish_prelu16");
    }

    private static void assertServedThroughDjlAsPyTorch(FraudModel m, String fixture) {
        TorchScriptFixtures.Expected e = TorchScriptFixtures.expected(fixture);
        for (String kernel : List.of(ScoringKernels.AUTO, ScoringKernels.VECTOR)) {
            String[] name = new String[1];
            float[] p = ImportSample.served(m, m.adapter().params(), kernel, e.rows(), name);
            for (int i = 0; i < p.length; i++) {
                assertThat((double) Math.abs(p[i] - e.probability()[i])).as("row %d", i).isLessThanOrEqualTo(1e-5);
            }
            assertThat(name[0]).isEqualTo(ScoringKernels.DJL);
        }
    }
}
