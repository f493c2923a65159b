package dev.selfheal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Importing models whose head is an MLP: the head's hidden layers are frozen after the backbone and
 * the adapter sits before its last Linear. The served model must give PyTorch's outputs within
 * 1e-5 (a chain backbone on the vector kernel, a module through DJL), a heal must change only the
 * adapter, the model directory must keep the head, and a head that is no Linear/ReLU chain must be
 * refused with one line.
 */
class MlpHeadImportTest {
    @TempDir
    static Path files;
    private static Dataset sample;
    private static Path samplePath;

    private static ImportSample imports;

    @BeforeAll
    static void data() throws IOException {
        imports = ImportSample.write(files);
        sample = imports.data();
        samplePath = imports.path();
    }

    private static TorchScriptImport.Result imported(String backbone, String head, TorchScriptImport.HeadOutput out) {
        return imports.imported(backbone, head, out);
    }

    private static TorchScriptImport.Result chain() {
        return imported("mlphead32/backbone.pt", "mlphead32/head.pt", TorchScriptImport.HeadOutput.PROBABILITY);
    }

    private static TorchScriptImport.Result module() {
        return imported("hardswish_mlphead48/backbone.pt", "hardswish_mlphead48/head.pt",
                TorchScriptImport.HeadOutput.LOGIT);
    }



    @Test
    void aChainBackboneWithAnMlpHeadIsOneLongerChainOnTheVectorKernelAndMatchesPyTorch() {
        TorchScriptImport.Result r = chain();
        FraudModel m = r.model();
        assertThat(r.servedAsModule()).isFalse();
        assertThat(m.frozen().backboneWidth()).isEqualTo(32);
        assertThat(m.frozen().hidden()).isEqualTo(16);
        assertThat(m.frozen().headWidths()).containsExactly(32, 16, 1);
        assertThat(m.adapterShape().hidden()).isEqualTo(16);
        assertThat(r.kernelsChecked()).contains(ScoringKernels.VECTOR);
        assertThat(r.maxDiff()).isLessThanOrEqualTo(TorchScriptImport.TOLERANCE);
        ImportSample.assertMatchesPyTorch(m, "mlphead32", ScoringKernels.VECTOR);
        // The adapter's input is the head's last hidden vector, as PyTorch computed it.
        TorchScriptFixtures.Expected e = TorchScriptFixtures.expected("mlphead32");
        float[] k = ForwardPass.hidden(m.frozen(), e.rows()[0]);
        float[] want = TorchScriptFixtures.expectedVector("mlphead32", "head_hidden", 0);
        for (int j = 0; j < k.length; j++) {
            assertThat((double) Math.abs(k[j] - want[j])).isLessThanOrEqualTo(1e-5);
        }
        assertThat(m.training()).containsEntry("head_kind", "linear-relu-chain").containsEntry("hidden", 16)
                .containsEntry("backbone_width", 32);
    }

    @Test
    void aModuleBackboneWithAnMlpHeadIsScoredThroughDjlAndMatchesPyTorch() {
        TorchScriptImport.Result r = module();
        FraudModel m = r.model();
        assertThat(r.servedAsModule()).isTrue();
        assertThat(m.frozen().isModule()).isTrue();
        assertThat(m.frozen().backboneWidth()).isEqualTo(48);
        assertThat(m.frozen().hidden()).isEqualTo(8);
        assertThat(r.kernelsChecked()).containsExactly(ScoringKernels.DJL);
        ImportSample.assertMatchesPyTorch(m, "hardswish_mlphead48", ScoringKernels.DJL);
        // The signals' reference is measured on the adapter's input: 8 units.
        assertThat(m.signals().units()).isEqualTo(8);
    }

    @Test
    void aHealChangesOnlyTheAdapterOnBothPaths() {
        Dataset drifted = new ScenarioGenerator(Scenario.SHIFT, 5).generate().stream();
        int n = 100;
        float[][] rows = Arrays.copyOf(drifted.features(), n);
        int[] labels = Arrays.copyOf(drifted.labels(), n);
        HealBatch batch = new HealBatch(rows, labels, new int[n], new boolean[n]);
        for (FraudModel m : List.of(chain().model(), module().model())) {
            FrozenWeights f = m.frozen();
            float[] headLayers = DenseLayer.flat(f.headLayers());
            float[] head = f.headFlat();
            byte[] backbone = f.isModule() ? f.backboneModule().clone() : ModelDirectory.floats(f.backboneFlat());
            Adapter healed;
            try (HealingTrainer trainer = new HealingTrainer(f, m.standardizer())) {
                HealResult r = trainer.heal(m.adapter(), AdamState.fresh(m.adapter().params().length), batch,
                        HealConfig.reference());
                healed = r.candidate();
                assertThat(r.lossAfter()).isLessThan(r.lossBefore());
            }
            AdapterShape s = m.adapterShape();
            float[] last = Arrays.copyOfRange(healed.params(), s.w2Offset(), s.b2Offset());
            assertThat(last).isNotEqualTo(new float[last.length]);
            assertThat(DenseLayer.flat(f.headLayers())).isEqualTo(headLayers);
            assertThat(f.headFlat()).isEqualTo(head);
            assertThat(f.isModule() ? f.backboneModule() : ModelDirectory.floats(f.backboneFlat())).isEqualTo(backbone);
            assertThat(ImportSample.served(m, healed.params(), ScoringKernels.DJL, rows, null))
                    .isNotEqualTo(ImportSample.served(m, m.adapter().params(), ScoringKernels.DJL, rows, null));
        }
    }

    @Test
    void theModelDirectoryRecordsTheHeadAndWhereTheAdapterSits(@TempDir Path dir) throws IOException {
        for (TorchScriptImport.Result r : List.of(chain(), module())) {
            FraudModel m = r.model();
            String fixture = m.frozen().isModule() ? "hardswish_mlphead48" : "mlphead32";
            Path d = dir.resolve(fixture);
            ModelDirectory.save(m, d);
            JsonNode manifest = new ObjectMapper().readTree(d.resolve(ModelDirectory.MANIFEST).toFile());
            assertThat(manifest.get("format").asInt()).isEqualTo(ModelDirectory.FORMAT_MLP_HEAD);
            assertThat(manifest.get("hidden").asInt()).isEqualTo(m.frozen().hidden());
            assertThat(manifest.get("backbone_width").asInt()).isEqualTo(m.frozen().backboneWidth());
            assertThat(manifest.get("head_widths").toString()).isEqualTo(m.frozen().isModule() ? "[48,8,1]"
                    : "[32,16,1]");
            assertThat(manifest.get("adapter_before_head_layer").asInt()).isEqualTo(1);
            assertThat(d.resolve(ModelDirectory.HEAD_LAYERS)).exists();

            FraudModel back = ModelDirectory.load(d);
            assertThat(DenseLayer.flat(back.frozen().headLayers())).isEqualTo(DenseLayer.flat(m.frozen().headLayers()));
            assertThat(back.adapter()).isEqualTo(m.adapter());
            ImportSample.assertMatchesPyTorch(back, fixture, m.frozen().isModule() ? ScoringKernels.DJL : ScoringKernels.VECTOR);
            FraudModel shipped = ModelDirectory.fromFiles("shipped", ModelDirectory.readFiles(d));
            assertThat(shipped.frozen().headWidths()).isEqualTo(m.frozen().headWidths());

            byte[] bytes = Files.readAllBytes(d.resolve(ModelDirectory.HEAD_LAYERS));
            bytes[bytes.length / 2] ^= 0x10;
            Files.write(d.resolve(ModelDirectory.HEAD_LAYERS), bytes);
            assertThatThrownBy(() -> ModelDirectory.load(d)).isInstanceOf(ModelDirectory.InvalidModelException.class)
                    .hasMessageContaining("head_layers.bin checksum mismatch");
        }
    }

    @Test
    void aSingleLinearHeadStillWritesTheFormatItAlwaysHad(@TempDir Path dir) throws IOException {
        FraudModel m = imported("mlp32/backbone.pt", "mlp32/head.pt", TorchScriptImport.HeadOutput.PROBABILITY).model();
        ModelDirectory.save(m, dir);
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve(ModelDirectory.MANIFEST).toFile());
        assertThat(manifest.get("format").asInt()).isEqualTo(ModelDirectory.FORMAT);
        assertThat(manifest.has("head_widths")).isFalse();
        assertThat(manifest.get("files").has(ModelDirectory.HEAD_LAYERS)).isFalse();
        assertThat(dir.resolve(ModelDirectory.HEAD_LAYERS)).doesNotExist();
    }

    @Test
    void modelDirectoriesWrittenBeforeMlpHeadsLoadAndScoreAsBefore() throws Exception {
        Path old = Path.of(MlpHeadImportTest.class.getResource("/model-dirs/without-head-widths").toURI());
        for (String fixture : List.of("mlp32", "layernorm48")) {
            FraudModel m = ModelDirectory.load(old.resolve(fixture));
            assertThat(m.frozen().headLayers()).isEmpty();
            assertThat(m.frozen().backboneWidth()).isEqualTo(m.frozen().hidden());
            TorchScriptFixtures.Expected e = TorchScriptFixtures.expected(fixture);
            assertThat(m.frozen().hidden()).isEqualTo(e.hidden());
            float[] p = ImportSample.served(m, m.adapter().params(), ScoringKernels.DJL, e.rows(), null);
            for (int i = 0; i < p.length; i++) {
                assertThat((double) Math.abs(p[i] - e.probability()[i])).as("%s, row %d", fixture, i)
                        .isLessThanOrEqualTo(1e-5);
            }
        }
    }

    @Test
    void aHeadThatCannotBeServedIsRefusedWithOneLine() {
        assertOneLine(() -> imported("mlp32/backbone.pt", "bad/head_two.pt", TorchScriptImport.HeadOutput.LOGIT),
                "returns shape [1000, 2]", "expected one value per row");
    }

    private static void assertOneLine(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String... texts) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class)
                .satisfies(ex -> assertThat(ex.getMessage()).contains(texts).doesNotContain("\n"));
    }
}
