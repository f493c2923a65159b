package dev.selfheal.model;

import dev.selfheal.data.Dataset;
import dev.selfheal.data.Transaction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Models of other shapes than selfheal's own: a Linear/ReLU chain of more layers, other widths or
 * a Linear without bias is still copied into selfheal's kernels (and served by the vector kernel), a float64 model is
 * served as it is, and what cannot be served — a module saved in training mode, a two-class head —
 * is refused with one line saying what to do.
 */
class ImportedArchitecturesTest {
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

    /** The model's probabilities on the fixture's rows match PyTorch's on DJL and on the vector kernel, which auto picks. */
    private static void assertServedByTheVectorKernelAsPyTorch(FraudModel m, String fixture) {
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
    void aChainOfThreeLayersOfOtherWidthsIsCopiedAndServedByTheVectorKernel() {
        TorchScriptImport.Result r = imported("deep_chain16");
        FraudModel m = r.model();
        assertThat(r.servedAsModule()).isFalse();
        assertThat(r.layers()).isEqualTo(3);
        // 32→24 is no square second layer: the first is followed by an identity, then 32→24 and 24→16.
        assertThat(r.backboneTail()).isEqualTo(2);
        assertThat(m.frozen().hidden()).isEqualTo(16);
        assertThat(m.frozen().headLayers()).hasSize(2);
        // The kernels skip that identity: ReLU of a ReLU's output is the same output.
        assertThat(m.frozen().runLayers()).extracting(DenseLayer::out).containsExactly(32, 24, 16);
        assertThat(r.probeMaxDiff()).isLessThanOrEqualTo(TorchScriptImport.TOLERANCE);
        assertThat(m.training()).containsEntry("backbone_kind", "linear-relu-chain").containsEntry("backbone_layers", 3)
                .containsEntry(TorchScriptImport.BACKBONE_LAYERS_IN_HEAD_LAYERS, 2).doesNotContainKey("head_kind");
        assertServedByTheVectorKernelAsPyTorch(m, "deep_chain16");
    }

    @Test
    void aDeepChainWithAnMlpHeadIsOneChainWithTheAdapterBeforeTheHeadsLastLinear(@TempDir Path dir) {
        TorchScriptImport.Result r = imported("deep_mlphead12");
        FraudModel m = r.model();
        assertThat(r.servedAsModule()).isFalse();
        assertThat(r.backboneTail()).isEqualTo(1);
        assertThat(m.frozen().hidden()).isEqualTo(4);
        assertThat(m.frozen().headWidths()).containsExactly(24, 12, 8, 4, 1);
        assertThat(m.training()).containsEntry("head_kind", "linear-relu-chain").containsEntry("backbone_width", 12);
        assertThat((int[]) m.training().get("head_widths")).containsExactly(12, 8, 4, 1);
        assertServedByTheVectorKernelAsPyTorch(m, "deep_mlphead12");

        // The adapter sees the head's last hidden vector as PyTorch computes it.
        TorchScriptFixtures.Expected e = TorchScriptFixtures.expected("deep_mlphead12");
        float[] std = new float[e.rows()[0].length];
        m.standardizer().apply(e.rows()[0], std, 0);
        float[] k = ForwardPass.hidden(m.frozen(), std);
        float[] want = TorchScriptFixtures.expectedVector("deep_mlphead12", "head_hidden", 0);
        for (int j = 0; j < want.length; j++) {
            assertThat((double) Math.abs(k[j] - want[j])).isLessThanOrEqualTo(1e-5);
        }

        ModelDirectory.save(m, dir);
        FraudModel back = ModelDirectory.load(dir);
        assertThat(back.training()).containsEntry(TorchScriptImport.BACKBONE_LAYERS_IN_HEAD_LAYERS, 1);
        assertServedByTheVectorKernelAsPyTorch(back, "deep_mlphead12");
    }

    @Test
    void aChainWithALinearWithoutBiasIsCopiedWithAZeroBias() {
        TorchScriptImport.Result r = imported("nobias16");
        assertThat(r.servedAsModule()).isFalse();
        assertThat(r.layers()).isEqualTo(2);
        assertThat(r.model().frozen().b1()).containsOnly(0f);
        assertServedByTheVectorKernelAsPyTorch(r.model(), "nobias16");
    }

    @Test
    void aFloat64ModelIsFedFloat64AndServedAsPyTorchComputesIt() {
        try (TorchScriptModule b = TorchScriptModule.load(TorchScriptFixtures.file("float64_16/backbone.pt"))) {
            assertThat(b.float64()).isTrue();
        }
        TorchScriptImport.Result r = imported("float64_16");
        assertThat(r.servedAsModule()).isFalse();
        assertServedByTheVectorKernelAsPyTorch(r.model(), "float64_16");
    }

    @Test
    void aModuleSavedInTrainingModeIsRefusedWithOneLineSayingSo() {
        assertThatThrownBy(() -> sample.imported("bad/dropout_train.pt", "mlp32/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backbone")
                .hasMessageContaining("training mode")
                .hasMessageContaining("model.eval()")
                .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aTwoClassHeadIsRefusedWithOneLineNamingTheShapeExpected() {
        assertThatThrownBy(() -> sample.imported("mlp32/backbone.pt", "bad/head_softmax2.pt",
                TorchScriptImport.HeadOutput.PROBABILITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("returns shape [1000, 2]")
                .hasMessageContaining("expected one value per row ([rows, 1] or [rows])")
                .hasMessageContaining("fraud class's column")
                .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anEngineErrorIsReportedByItsOwnLineNotTheTracebacksFirst() {
        try (TorchScriptModule b = TorchScriptModule.load(TorchScriptFixtures.file("mlp32/backbone.pt"))) {
            assertThatThrownBy(() -> b.forward(new float[14], 2, 7))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot take float32 input of shape [2, 7]")
                    .hasMessageNotContaining("The following operation failed")
                    .hasMessageContaining("mat1 and mat2")
                    .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void columnsInAnotherOrderThanTheBackbonesAreWarnedAbout() throws IOException {
        assertThat(imported("mlp32").sampleWarning()).isNull();

        // The same rows with the columns reversed: the backbone takes any 10 columns, the labels show it.
        Dataset d = sample.data();
        List<String> names = new ArrayList<>(d.featureNames());
        java.util.Collections.reverse(names);
        Dataset reversed = new Dataset(names, d.rows().stream().map(t -> {
            float[] f = new float[t.features.length];
            for (int j = 0; j < f.length; j++) {
                f[j] = t.features[f.length - 1 - j];
            }
            return new Transaction(t.id, t.key, t.ts, t.batch, t.label, f);
        }).toList());
        TorchScriptImport.Result r = TorchScriptImport.run(new TorchScriptImport.Request(
                TorchScriptFixtures.file("mlp32/backbone.pt"), TorchScriptFixtures.file("mlp32/head.pt"), sample.path(),
                reversed, null, null, TorchScriptImport.HeadOutput.PROBABILITY, TorchScriptImport.Standardize.NONE, 0.5,
                null, 3));
        assertThat(r.sampleWarning()).contains("log-loss", "--features", "--standardize").doesNotContain("\n");
    }
}
