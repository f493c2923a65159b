package dev.selfheal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Chains with LayerNorm over the last dimension (after a Linear layer, before its activation; at
 * the input; after an activation; with or without elementwise affine; scripted or traced) are
 * copied into selfheal's kernels: the vector kernel, DJL and the Java reference give PyTorch's
 * outputs within 1e-5, widths it pads included. Such a model directory is format 6 and an export
 * of it selfheal-adapter/7, which older readers refuse.
 */
class LayerNormImportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path files;
    private static ImportSample sample;

    @BeforeAll
    static void data() throws IOException {
        sample = ImportSample.write(files);
    }

    /** Copied with these labels after the user's layers, checked on DJL and the vector kernel, served as PyTorch computes it. */
    private static FraudModel assertCopied(String fixture, String... labels) {
        TorchScriptImport.Result r = sample.fixture(fixture);
        assertThat(r.servedAsModule()).as(r.notAChain()).isFalse();
        assertThat(r.activations()).containsExactly(labels);
        assertThat(r.probeMaxDiff()).isLessThanOrEqualTo(TorchScriptImport.TOLERANCE);
        assertThat(r.kernelsChecked()).containsExactly(ScoringKernels.DJL, ScoringKernels.VECTOR);
        ImportedActivationsTest.assertServedByTheVectorKernelAsPyTorch(r.model(), fixture);
        ImportSample.assertHiddenAsPyTorch(r.model(), fixture);
        return r.model();
    }

    @Test
    void aLayerNormBetweenALinearLayerAndItsActivationIsCopiedIntoThePaddedVectorKernel() {
        FraudModel m = assertCopied("layernorm48", "layer_norm(48)+gelu", "relu");
        // 48 units: the vector kernel pads them to whole blocks, and the normalisation ignores the padding
        assertThat(VectorKernel.fits(48)).isFalse();
        assertThat(m.training()).containsEntry("backbone_kind", "linear-chain");
    }

    @Test
    void aTracedLayerNormWithItsOwnEpsAndOneWithoutAffineAreCopied() {
        FraudModel m = assertCopied("layernorm_traced16", "layer_norm(16)+gelu", "layer_norm(16)+relu");
        assertThat(m.frozen().chain().get(0).activation().norm().eps()).isEqualTo(1e-3f);
    }

    @Test
    void aLayerNormAtTheInputAndAfterAnActivationIsCopiedWithIdentityLayersOfItsOwn() {
        FraudModel m = assertCopied("input_layernorm16", "layer_norm(10)+identity", "tanh", "relu",
                "layer_norm(16)+identity");
        assertThat(m.frozen().hidden()).isEqualTo(16);
        // the identity selfheal's layout adds after the input's LayerNorm (10 is no square 10→16 layer) is not run;
        // the LayerNorm's own identity Linear is
        assertThat(m.frozen().runLayers()).hasSize(m.frozen().chain().size() - 1);
    }

    @Test
    void anMlpHeadWithALayerNormAfterItsActivationIsHealedInside() {
        // Linear(32,16) GELU LayerNorm(16) Linear(16,1) Sigmoid: the LayerNorm with an identity Linear of its own
        TorchScriptImport.Result r = sample.fixture("gelu_ln_head32");
        assertThat(r.atLogit()).isNull();
        assertThat(r.servedAsModule()).isFalse();
        FraudModel m = r.model();
        assertThat(m.frozen().hidden()).isEqualTo(16);
        assertThat(m.frozen().headLayers().stream().map(l -> l.activation().label()).toList())
                .containsExactly("gelu", "layer_norm(16)+identity");
        ImportedActivationsTest.assertServedByTheVectorKernelAsPyTorch(m, "gelu_ln_head32");
    }

    @Test
    void aLayerNormBackboneWithAnMlpHeadIsOneChainOnTheVectorKernel() {
        // heads returning a logit: ReLU, SiLU, BatchNorm folded; each once after a backbone served through DJL
        for (String fixture : List.of("layernorm_mlphead48", "layernorm_silu_head48", "batchnorm_head48")) {
            TorchScriptImport.Result r = sample.imported(fixture + "/backbone.pt", fixture + "/head.pt",
                    TorchScriptImport.HeadOutput.LOGIT);
            assertThat(r.servedAsModule()).as(fixture).isFalse();
            assertThat(r.atLogit()).as(fixture).isNull();
            assertThat(r.model().frozen().chain().get(0).activation().label()).isEqualTo("layer_norm(48)+gelu");
            ImportSample.assertMatchesPyTorch(r.model(), fixture, ScoringKernels.VECTOR);
        }
    }

    @Test
    void theModelDirectoryIsFormat6AndLoadsToTheSameServedModelWhichFormat5Refuses(@TempDir Path dir)
            throws IOException {
        FraudModel m = sample.fixture("layernorm48").model();
        ModelDirectory.save(m, dir);
        JsonNode manifest = JSON.readTree(dir.resolve(ModelDirectory.MANIFEST).toFile());
        assertThat(manifest.get("format").asInt()).isEqualTo(ModelDirectory.FORMAT_LAYER_NORM);
        assertThat(manifest.get("activations").get(0).asText()).startsWith("layer_norm(1.0E-5,").endsWith(")+gelu");
        FraudModel back = ModelDirectory.load(dir);
        assertThat(back.frozen().chain().stream().map(DenseLayer::activation).toList())
                .isEqualTo(m.frozen().chain().stream().map(DenseLayer::activation).toList());
        ImportedActivationsTest.assertServedByTheVectorKernelAsPyTorch(back, "layernorm48");

        Path file = dir.resolve(ModelDirectory.MANIFEST);
        ObjectNode older = (ObjectNode) JSON.readTree(Files.readString(file));
        older.put("format", ModelDirectory.FORMAT_LATER_ACTIVATIONS);
        Files.writeString(file, JSON.writeValueAsString(older));
        assertThatThrownBy(() -> ModelDirectory.load(dir)).isInstanceOf(ModelDirectory.InvalidModelException.class)
                .hasMessageContaining("needs manifest format 6");
    }

    @Test
    void aDirectoryImportedBeforeLayerNormWasCopiedStillServesItsModuleThroughDjl() throws Exception {
        Path old = Path.of(LayerNormImportTest.class.getResource("/model-dirs/without-head-widths/layernorm48").toURI());
        FraudModel m = ModelDirectory.load(old);
        assertThat(m.frozen().isModule()).isTrue();
        ImportSample.assertMatchesPyTorch(m, "layernorm48", ScoringKernels.DJL);
    }

    @Test
    void aChainWithoutLayerNormIsWrittenInTheFormatItWasBefore(@TempDir Path dir) throws IOException {
        ModelDirectory.save(sample.fixture("mish_prelu16").model(), dir);
        assertThat(JSON.readTree(dir.resolve(ModelDirectory.MANIFEST).toFile()).get("format").asInt())
                .isEqualTo(ModelDirectory.FORMAT_LATER_ACTIVATIONS);
    }

    @Test
    void theExportIsFormat7AndNamesTheLayerNormBeforeTheActivation(@TempDir Path dir) throws IOException {
        FraudModel m = sample.fixture("layernorm_traced16").model();
        AdapterExport.write(m, m.adapter().params(), 1, dir);
        SafeTensors.Contents c = SafeTensors.read(Files.readAllBytes(dir.resolve(AdapterExport.FILE)));
        assertThat(c.metadata()).containsEntry("format", AdapterExport.FORMAT_LAYER_NORM);
        List<Activation> named = m.frozen().activations();
        assertThat(c.metadata().get("activations")).isEqualTo(String.join(",",
                named.stream().map(Activation::text).toList()));
        assertThat(AdapterExport.read(Files.readAllBytes(dir.resolve(AdapterExport.FILE)), m.adapterShape(),
                m.features().size()).adapter()).isEqualTo(m.adapter());
    }
}
