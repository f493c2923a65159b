package dev.selfheal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.data.Dataset;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MLP heads whose hidden layers have other activations than ReLU (GELU, Tanh, SiLU), or BatchNorm
 * to fold, are read from the head's file like a backbone chain and healed inside, the adapter on
 * the head's last hidden vector: after a chain backbone as one longer chain on the vector kernel,
 * after a module backbone through DJL. The served model gives PyTorch's outputs, a heal changes
 * only the adapter, and the model directory and the export keep each layer's activation.
 */
class MlpHeadActivationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path files;
    private static ImportSample imports;

    @BeforeAll
    static void data() throws IOException {
        imports = ImportSample.write(files);
    }

    private static TorchScriptImport.Result geluTanh() {
        return imports.fixture("gelu_tanh_head32");
    }

    private static TorchScriptImport.Result silu() {
        return imports.imported("hardswish_silu_head48/backbone.pt", "hardswish_silu_head48/head.pt",
                TorchScriptImport.HeadOutput.LOGIT);
    }

    private static List<String> activations(List<DenseLayer> layers) {
        return layers.stream().map(l -> l.activation().text()).toList();
    }


    /**
     * The adapter's input on the fixture's rows is the head's last hidden vector as PyTorch computed
     * it, within 1e-5 relative to the row's largest value (the extreme rows reach hundreds, where a
     * float's last bit is worth more than 1e-5).
     */
    private static void assertAdapterInputAsPyTorch(FraudModel m, String fixture) {
        TorchScriptFixtures.Expected e = TorchScriptFixtures.expected(fixture);
        for (int i = 0; i < e.rows().length; i++) {
            // a module backbone is run by DJL alone: its head layers are taken on PyTorch's backbone output
            float[] k = m.frozen().isModule() ? m.frozen().headHidden(e.h()[i], 1)
                    : ForwardPass.hidden(m.frozen(), e.rows()[i]);
            float[] want = TorchScriptFixtures.expectedVector(fixture, "head_hidden", i);
            double scale = 1;
            for (float v : want) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int j = 0; j < k.length; j++) {
                assertThat(Math.abs(k[j] - want[j]) / scale).as("row %d unit %d", i, j).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    @Test
    void aGeluTanhHeadOnAChainIsHealedInsideAsOneLongerChainOnTheVectorKernel() {
        TorchScriptImport.Result r = geluTanh();
        FraudModel m = r.model();
        assertThat(r.atLogit()).isNull();
        assertThat(r.servedAsModule()).isFalse();
        assertThat(m.frozen().headWidths()).containsExactly(32, 16, 8, 1);
        assertThat(m.frozen().hidden()).isEqualTo(8);
        assertThat(activations(m.frozen().chain())).containsExactly("relu", "relu", "gelu", "tanh");
        assertThat(r.kernelsChecked()).containsExactly(ScoringKernels.DJL, ScoringKernels.VECTOR);
        ImportSample.assertMatchesPyTorch(m, "gelu_tanh_head32", ScoringKernels.VECTOR);
        assertAdapterInputAsPyTorch(m, "gelu_tanh_head32");
        assertThat(m.training()).containsEntry("head_kind", "linear-chain")
                .containsEntry("head_activations", List.of("gelu", "tanh"));
    }

    @Test
    void aSiluHeadOnAModuleBackboneIsHealedInsideThroughDjl() {
        TorchScriptImport.Result r = silu();
        FraudModel m = r.model();
        assertThat(r.atLogit()).isNull();
        assertThat(m.frozen().isModule()).isTrue();
        assertThat(m.frozen().hidden()).isEqualTo(8);
        assertThat(activations(m.frozen().headLayers())).containsExactly("silu");
        assertThat(r.kernelsChecked()).containsExactly(ScoringKernels.DJL);
        ImportSample.assertMatchesPyTorch(m, "hardswish_silu_head48", ScoringKernels.DJL);
        assertAdapterInputAsPyTorch(m, "hardswish_silu_head48");
    }

    @Test
    void aBatchNormHeadIsFoldedIntoItsLinearLayerAndWrittenAsAReluHeadAlwaysWas(@TempDir Path dir)
            throws IOException {
        TorchScriptImport.Result r = imports.imported("hardswish_bn_head48/backbone.pt", "hardswish_bn_head48/head.pt",
                TorchScriptImport.HeadOutput.LOGIT);
        FraudModel m = r.model();
        assertThat(r.atLogit()).isNull();
        assertThat(m.frozen().hidden()).isEqualTo(16);
        assertThat(m.frozen().reluOnly()).isTrue();
        ImportSample.assertMatchesPyTorch(m, "hardswish_bn_head48", ScoringKernels.DJL);
        ModelDirectory.save(m, dir);
        assertThat(JSON.readTree(dir.resolve(ModelDirectory.MANIFEST).toFile()).get("format").asInt())
                .isEqualTo(ModelDirectory.FORMAT_MLP_HEAD);
    }

    @Test
    void aHeadWhoseParametersAreAReluChainsButItsFileRecordsGeluIsHealedInside() {
        TorchScriptImport.Result r = imports.imported("mlp32/backbone.pt", "bad/head_gelu.pt",
                TorchScriptImport.HeadOutput.PROBABILITY);
        assertThat(r.atLogit()).isNull();
        assertThat(activations(r.model().frozen().headLayers())).containsExactly("gelu");
        assertThat(r.maxDiff()).isLessThanOrEqualTo(TorchScriptImport.TOLERANCE);
    }

    @Test
    void aHealChangesOnlyTheAdapterAfterEitherBackbone() {
        Dataset drifted = new ScenarioGenerator(Scenario.SHIFT, 5).generate().stream();
        int n = 100;
        float[][] rows = Arrays.copyOf(drifted.features(), n);
        int[] labels = Arrays.copyOf(drifted.labels(), n);
        HealBatch batch = new HealBatch(rows, labels, new int[n], new boolean[n]);
        for (FraudModel m : List.of(geluTanh().model(), silu().model())) {
            FrozenWeights f = m.frozen();
            float[] headLayers = DenseLayer.flat(f.headLayers());
            Adapter healed;
            try (HealingTrainer trainer = new HealingTrainer(f, m.standardizer())) {
                HealResult h = trainer.heal(m.adapter(), AdamState.fresh(m.adapter().params().length), batch,
                        HealConfig.reference());
                healed = h.candidate();
                assertThat(h.lossAfter()).isLessThan(h.lossBefore());
            }
            assertThat(DenseLayer.flat(f.headLayers())).isEqualTo(headLayers);
            assertThat(ImportSample.served(m, healed.params(), ScoringKernels.DJL, rows, null))
                    .isNotEqualTo(ImportSample.served(m, m.adapter().params(), ScoringKernels.DJL, rows, null));
        }
    }

    @Test
    void theModelDirectoryKeepsTheHeadsActivations(@TempDir Path dir) throws IOException {
        Path chain = dir.resolve("chain");
        ModelDirectory.save(geluTanh().model(), chain);
        JsonNode manifest = JSON.readTree(chain.resolve(ModelDirectory.MANIFEST).toFile());
        assertThat(manifest.get("format").asInt()).isEqualTo(ModelDirectory.FORMAT_ACTIVATIONS);
        assertThat(manifest.get("activations").toString()).isEqualTo("[\"relu\",\"relu\",\"gelu\",\"tanh\"]");
        ImportSample.assertMatchesPyTorch(ModelDirectory.load(chain), "gelu_tanh_head32", ScoringKernels.VECTOR);

        // After a module backbone only the head's layers are listed, in the format older readers refuse.
        Path module = dir.resolve("module");
        ModelDirectory.save(silu().model(), module);
        manifest = JSON.readTree(module.resolve(ModelDirectory.MANIFEST).toFile());
        assertThat(manifest.get("format").asInt()).isEqualTo(ModelDirectory.FORMAT_LATER_ACTIVATIONS);
        assertThat(manifest.get("activations").toString()).isEqualTo("[\"silu\"]");
        FraudModel back = ModelDirectory.load(module);
        assertThat(activations(back.frozen().headLayers())).containsExactly("silu");
        ImportSample.assertMatchesPyTorch(back, "hardswish_silu_head48", ScoringKernels.DJL);

        String original = Files.readString(module.resolve(ModelDirectory.MANIFEST));
        ObjectNode edited = (ObjectNode) JSON.readTree(original);
        edited.put("format", ModelDirectory.FORMAT_ACTIVATIONS);
        Files.writeString(module.resolve(ModelDirectory.MANIFEST), JSON.writeValueAsString(edited));
        assertThatThrownBy(() -> ModelDirectory.load(module)).isInstanceOf(ModelDirectory.InvalidModelException.class)
                .hasMessageContaining("need manifest format 5");
    }
}
