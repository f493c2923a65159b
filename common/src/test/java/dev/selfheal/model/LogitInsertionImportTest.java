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
 * Importing models whose head no copy reproduces (Hardswish, other shapes): the user's whole
 * model is the frozen part, scored through DJL, and the adapter sits at its logit. The served model
 * must give PyTorch's outputs within 1e-5, a heal must change only the adapter, the model directory
 * must keep both modules and say where the adapter sits, and older directories must load and save
 * as they were.
 */
class LogitInsertionImportTest {
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

    /** Linear(32,16) Hardswish Linear(16,1) Sigmoid: a probability head with a layer no kernel copies. */
    private static TorchScriptImport.Result hardswish() {
        return imported("hardswish_head32/backbone.pt", "hardswish_head32/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY);
    }

    /** The same head returning its logit. */
    private static TorchScriptImport.Result hardswishLogit() {
        return imported("hardswish_logit_head32/backbone.pt", "hardswish_logit_head32/head.pt",
                TorchScriptImport.HeadOutput.LOGIT);
    }


    /** PyTorch's probabilities on the fixture's rows, extremes included, on every kernel asked for (all DJL). */
    private static void assertMatchesPyTorch(FraudModel m, String fixture) {
        TorchScriptFixtures.Expected e = TorchScriptFixtures.expected(fixture);
        for (String kernel : List.of(ScoringKernels.AUTO, ScoringKernels.DJL, ScoringKernels.VECTOR)) {
            String[] name = new String[1];
            float[] p = ImportSample.served(m, m.adapter().params(), kernel, e.rows(), name);
            for (int i = 0; i < p.length; i++) {
                assertThat((double) Math.abs(p[i] - e.probability()[i])).as("%s, row %d", kernel, i)
                        .isLessThanOrEqualTo(1e-5);
            }
            assertThat(name[0]).isEqualTo(ScoringKernels.DJL);
        }
    }

    @Test
    void aHardswishHeadPutsTheAdapterAtTheLogitAndMatchesPyTorch() {
        TorchScriptImport.Result r = hardswish();
        FraudModel m = r.model();
        // its Linear layers would be copied: Hardswish is what no kernel runs
        assertThat(r.atLogit()).isEqualTo("the head is no chain of layers selfheal's kernels copy: found Hardswish");
        assertThat(m.frozen().atLogit()).isTrue();
        assertThat(m.frozen().hidden()).isEqualTo(1);
        assertThat(m.frozen().headFlat()).containsExactly(1f, 0f);
        assertThat(m.adapterShape()).isEqualTo(new AdapterShape(1, 1));
        assertThat(r.kernelsChecked()).containsExactly(ScoringKernels.DJL);
        assertThat(r.maxDiff()).isLessThanOrEqualTo(TorchScriptImport.TOLERANCE);
        assertMatchesPyTorch(m, "hardswish_head32");
        assertThat(m.training()).containsEntry("insertion", "logit").containsEntry("head_kind", "torchscript")
                .containsEntry("hidden", 1);
        // The signals' reference is measured on the one value the adapter sees; the feature tails stay.
        assertThat(m.signals().units()).isEqualTo(1);
    }

    @Test
    void aHardswishHeadReturningALogitMatchesPyTorch() {
        TorchScriptImport.Result r = hardswishLogit();
        assertThat(r.atLogit()).endsWith("found Hardswish");
        assertThat(r.model().frozen().headModule().output()).isEqualTo(TorchScriptImport.HeadOutput.LOGIT);
        assertMatchesPyTorch(r.model(), "hardswish_logit_head32");
    }

    @Test
    void headsWithLayerNormOnceHealedAtTheLogitAreNowHealedInside() {
        // Linear(32,16) LayerNorm ReLU Linear(16,1) Sigmoid, and GELU then LayerNorm; on a module backbone too
        for (String[] pair : new String[][] {{"mlp32/backbone.pt", "bad/head_layernorm.pt"},
                {"gelu_ln_head32/backbone.pt", "gelu_ln_head32/head.pt"}}) {
            TorchScriptImport.Result r = imported(pair[0], pair[1], TorchScriptImport.HeadOutput.PROBABILITY);
            assertThat(r.atLogit()).as(pair[1]).isNull();
            assertThat(r.model().frozen().hidden()).isEqualTo(16);
            assertThat(r.maxDiff()).isLessThanOrEqualTo(TorchScriptImport.TOLERANCE);
        }
        TorchScriptImport.Result onModule = imported("layernorm_logit_head48/backbone.pt",
                "layernorm_logit_head48/head.pt", TorchScriptImport.HeadOutput.LOGIT);
        assertThat(onModule.atLogit()).isNull();
        assertThat(onModule.model().frozen().headLayers().get(0).activation().label()).isEqualTo("layer_norm(16)+relu");
    }

    @Test
    void aLinearOrReluChainHeadStillSitsBeforeItsLastLinear() {
        assertThat(imported("mlp32/backbone.pt", "mlp32/head.pt", TorchScriptImport.HeadOutput.PROBABILITY).atLogit())
                .isNull();
        assertThat(imported("mlphead32/backbone.pt", "mlphead32/head.pt", TorchScriptImport.HeadOutput.PROBABILITY)
                .model().frozen().hidden()).isEqualTo(16);
    }

    @Test
    void headsThatCannotBeServedOrAreDeclaredWronglyAreRefusedWithOneLine() {
        assertOneLine(() -> imported("mlp32/backbone.pt", "bad/truncated.pt", TorchScriptImport.HeadOutput.PROBABILITY),
                "is not a TorchScript module");
        assertOneLine(() -> imported("mlp32/backbone.pt", "bad/head_two.pt", TorchScriptImport.HeadOutput.LOGIT),
                "expected one value per row");
        assertOneLine(() -> imported("layernorm48/backbone.pt", "hardswish_head32/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY), "does not take the backbone's output of width 48");
        // A logit declared a probability: values outside [0, 1].
        assertOneLine(() -> imported("hardswish_logit_head32/backbone.pt", "hardswish_logit_head32/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY), "which is no probability", "--head-output logit");
        assertOneLine(() -> TorchScriptImport.run(new TorchScriptImport.Request(
                TorchScriptFixtures.file("hardswish_head32/backbone.pt"),
                TorchScriptFixtures.file("hardswish_head32/head.pt"),
                samplePath, sample, null, null, TorchScriptImport.HeadOutput.PROBABILITY,
                TorchScriptImport.Standardize.NONE, 0.5, 4, 3)), "--adapter-width 4", "width 1");
    }

    @Test
    void aHealChangesOnlyTheAdapter() {
        Dataset drifted = new ScenarioGenerator(Scenario.SHIFT, 5).generate().stream();
        int n = 100;
        float[][] rows = Arrays.copyOf(drifted.features(), n);
        int[] labels = Arrays.copyOf(drifted.labels(), n);
        HealBatch batch = new HealBatch(rows, labels, new int[n], new boolean[n]);
        for (FraudModel m : List.of(hardswish().model(), hardswishLogit().model())) {
            FrozenWeights f = m.frozen();
            byte[] backbone = f.backboneModule().clone();
            byte[] head = f.headModule().bytes().clone();
            Adapter healed;
            try (HealingTrainer trainer = new HealingTrainer(f, m.standardizer())) {
                HealResult r = trainer.heal(m.adapter(), AdamState.fresh(m.adapter().params().length), batch,
                        HealConfig.reference());
                healed = r.candidate();
                assertThat(r.lossAfter()).isLessThan(r.lossBefore());
            }
            assertThat(healed.params()).isNotEqualTo(m.adapter().params());
            assertThat(f.backboneModule()).isEqualTo(backbone);
            assertThat(f.headModule().bytes()).isEqualTo(head);
            assertThat(f.headFlat()).containsExactly(1f, 0f);
            assertThat(ImportSample.served(m, healed.params(), ScoringKernels.DJL, rows, null))
                    .isNotEqualTo(ImportSample.served(m, m.adapter().params(), ScoringKernels.DJL, rows, null));
        }
    }

    @Test
    void theModelDirectoryHoldsBothModulesAndSaysTheAdapterSitsAtTheLogit(@TempDir Path dir) throws IOException {
        FraudModel m = hardswish().model();
        ModelDirectory.save(m, dir);
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve(ModelDirectory.MANIFEST).toFile());
        assertThat(manifest.get("format").asInt()).isEqualTo(ModelDirectory.FORMAT_LOGIT);
        assertThat(manifest.get("insertion").asText()).isEqualTo("logit");
        assertThat(manifest.get("head_format").asText()).isEqualTo("torchscript");
        assertThat(manifest.get("head_output").asText()).isEqualTo("probability");
        assertThat(manifest.get("hidden").asInt()).isEqualTo(1);
        byte[] headFile = Files.readAllBytes(TorchScriptFixtures.file("hardswish_head32/head.pt"));
        assertThat(manifest.at("/files/head.pt/sha256").asText()).isEqualTo(ModelDirectory.sha256(headFile));
        assertThat(dir.resolve(ModelDirectory.HEAD_MODULE)).hasBinaryContent(headFile);

        FraudModel back = ModelDirectory.load(dir);
        assertThat(back.frozen().headModule().bytes()).isEqualTo(headFile);
        assertThat(back.adapter()).isEqualTo(m.adapter());
        assertMatchesPyTorch(back, "hardswish_head32");
        assertThat(ModelDirectory.fromFiles("shipped", ModelDirectory.readFiles(dir)).frozen().atLogit()).isTrue();

        ObjectNode noInsertion = (ObjectNode) manifest.deepCopy();
        noInsertion.remove("insertion");
        Files.write(dir.resolve(ModelDirectory.MANIFEST), new ObjectMapper().writeValueAsBytes(noInsertion));
        assertThatThrownBy(() -> ModelDirectory.load(dir)).isInstanceOf(ModelDirectory.InvalidModelException.class)
                .hasMessageContaining("needs insertion logit");
        Files.write(dir.resolve(ModelDirectory.MANIFEST), new ObjectMapper().writeValueAsBytes(manifest));
        byte[] bytes = headFile.clone();
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(dir.resolve(ModelDirectory.HEAD_MODULE), bytes);
        assertThatThrownBy(() -> ModelDirectory.load(dir)).isInstanceOf(ModelDirectory.InvalidModelException.class)
                .hasMessageContaining("head.pt checksum mismatch");
    }

    @Test
    void olderDirectoriesLoadAndSaveBackTheirOwnFormatAndWeightFiles(@TempDir Path dir) throws Exception {
        Path old = Path.of(LogitInsertionImportTest.class.getResource("/model-dirs/without-head-widths").toURI());
        for (String fixture : List.of("mlp32", "layernorm48")) {
            FraudModel m = ModelDirectory.load(old.resolve(fixture));
            assertThat(m.frozen().atLogit()).isFalse();
            Path again = dir.resolve(fixture);
            ModelDirectory.save(m, again);
            try (var listing = Files.list(old.resolve(fixture))) {
                for (Path f : listing.toList()) {
                    Path written = again.resolve(f.getFileName().toString());
                    if (f.getFileName().toString().equals(ModelDirectory.MANIFEST)) {
                        ObjectMapper json = new ObjectMapper();
                        JsonNode was = json.readTree(f.toFile());
                        JsonNode is = json.readTree(written.toFile());
                        assertThat(is.get("format")).isEqualTo(was.get("format"));
                        assertThat(is.get("files")).isEqualTo(was.get("files"));
                        assertThat(is.has("insertion") || is.has("head_format")).isFalse();
                    } else {
                        assertThat(written).as("%s/%s", fixture, f.getFileName()).hasSameBinaryContentAs(f);
                    }
                }
            }
            assertThat(again.resolve(ModelDirectory.HEAD_MODULE)).doesNotExist();
        }
    }

    private static void assertOneLine(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String... texts) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class)
                .satisfies(ex -> assertThat(ex.getMessage()).contains(texts).doesNotContain("\n"));
    }
}
