package dev.selfheal.model;

import dev.selfheal.data.Dataset;
import dev.selfheal.data.TransactionCsv;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Importing the committed TorchScript fixtures: the served model must give PyTorch's outputs
 * within 1e-5 on both kernels, the MLP must be scored by the vector kernel, a heal must change only
 * the adapter, and every bad input must be refused with one line.
 */
class TorchScriptImportTest {
    @TempDir
    static Path files;
    private static Dataset sample;
    private static Path samplePath;

    @BeforeAll
    static void data() throws IOException {
        samplePath = files.resolve("sample.csv");
        TransactionCsv.write(samplePath, new ScenarioGenerator(Scenario.SHIFT, 5).generate().cleanTest());
        sample = TransactionCsv.read(samplePath, null);
    }

    private static TorchScriptImport.Request request(String backbone, String head, TorchScriptImport.HeadOutput out) {
        return request(backbone, head, out, sample);
    }

    private static TorchScriptImport.Request request(String backbone, String head, TorchScriptImport.HeadOutput out,
                                                     Dataset data) {
        return new TorchScriptImport.Request(TorchScriptFixtures.file(backbone), TorchScriptFixtures.file(head), samplePath,
                data, "V14 < -1.5 => fraud", null, out, TorchScriptImport.Standardize.NONE, 0.5, null, 3);
    }

    /** The served model (its deployed adapter) on the fixture's probe rows, by the named kernel. */
    private static float[] served(FraudModel m, String kernel, float[][] rows) {
        float[] p = new float[rows.length];
        try (ScoringKernel k = ScoringKernels.create(kernel, m.frozen(), m.adapterShape(), m.standardizer(),
                m.adapter().params())) {
            ScoringKernel.Weights[] w = new ScoringKernel.Weights[rows.length];
            Arrays.fill(w, k.prepare(m.adapter().params()));
            k.score(rows, rows.length, w, p, null);
        }
        return p;
    }

    @Test
    void anMlpOfWidth32MatchesPyTorchOnBothKernelsAndIsServedByTheVectorKernel() {
        TorchScriptImport.Result r = TorchScriptImport.run(request("mlp32/backbone.pt", "mlp32/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY));
        FraudModel m = r.model();
        assertThat(m.frozen().hidden()).isEqualTo(32);
        assertThat(r.layers()).isEqualTo(2);
        assertThat(r.maxDiff()).isLessThanOrEqualTo(TorchScriptImport.TOLERANCE);
        TorchScriptFixtures.Expected e = TorchScriptFixtures.expected("mlp32");
        for (String kernel : List.of(ScoringKernels.DJL, ScoringKernels.VECTOR)) {
            float[] p = served(m, kernel, e.rows());
            for (int i = 0; i < p.length; i++) {
                assertThat((double) Math.abs(p[i] - e.probability()[i])).as("%s, row %d", kernel, i)
                        .isLessThanOrEqualTo(1e-5);
            }
        }
        try (ScoringKernel k = ScoringKernels.create(ScoringKernels.AUTO, m.frozen(), m.adapterShape(),
                m.standardizer(), m.adapter().params())) {
            assertThat(k.name()).isEqualTo("vector");
        }
    }

    @Test
    void aLogitHeadIsImportedWithHeadOutputLogitAndRefusedAsAProbability() {
        TorchScriptImport.Result r = TorchScriptImport.run(request("mlp32/backbone.pt", "mlp32/head_logit.pt",
                TorchScriptImport.HeadOutput.LOGIT));
        TorchScriptFixtures.Expected e = TorchScriptFixtures.expected("mlp32");
        float[] p = served(r.model(), ScoringKernels.VECTOR, e.rows());
        for (int i = 0; i < p.length; i++) {
            double want = 1 / (1 + Math.exp(-e.logit()[i]));
            assertThat(Math.abs(p[i] - want)).isLessThanOrEqualTo(1e-5);
        }
        assertThat(r.model().training()).containsEntry("head_output", "logit");

        assertThatThrownBy(() -> TorchScriptImport.run(request("mlp32/backbone.pt", "mlp32/head_logit.pt",
                TorchScriptImport.HeadOutput.PROBABILITY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--head-output logit")
                .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aOneLayerChainIsImportedWithAnIdentitySecondLayer() {
        TorchScriptImport.Result r = TorchScriptImport.run(request("shallow24/backbone.pt", "shallow24/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY));
        assertThat(r.layers()).isEqualTo(1);
        assertThat(r.model().frozen().hidden()).isEqualTo(24);
        TorchScriptFixtures.Expected e = TorchScriptFixtures.expected("shallow24");
        float[] p = served(r.model(), ScoringKernels.VECTOR, e.rows());
        for (int i = 0; i < p.length; i++) {
            assertThat((double) Math.abs(p[i] - e.probability()[i])).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void aBackboneThatIsNotALinearReluChainIsServedThroughDjlAndMatchesPyTorch() {
        TorchScriptImport.Result r = TorchScriptImport.run(request("hardswish16/backbone.pt", "hardswish16/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY));
        FraudModel m = r.model();
        assertThat(r.servedAsModule()).isTrue();
        assertThat(r.notAChain()).contains("found Hardswish, which no kernel of selfheal's runs");
        assertThat(m.frozen().isModule()).isTrue();
        assertThat(m.frozen().hidden()).isEqualTo(16);
        assertThat(r.kernelsChecked()).containsExactly(ScoringKernels.DJL);
        assertThat(m.training()).containsEntry("backbone_kind", "torchscript").containsEntry("scored_by", "djl");
        assertMatchesPyTorch(m, "hardswish16");
    }

    @Test
    void aRelu6ChainIsCopiedAsItsFileRecordsItNotAsTheReluChainItsParametersLookLike() {
        // ReLU6 has a Linear/ReLU chain's parameters and differs from it only on extreme rows: the
        // layers its file records come first, with ReLU6 after the first Linear.
        TorchScriptImport.Result r = TorchScriptImport.run(request("relu6_32/backbone.pt", "relu6_32/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY));
        assertThat(r.servedAsModule()).isFalse();
        assertThat(r.activations()).containsExactly("relu6", "relu");
        assertThat(r.model().frozen().isModule()).isFalse();
        ImportedActivationsTest.assertServedByTheVectorKernelAsPyTorch(r.model(), "relu6_32");
    }

    /**
     * The served model on the fixture's rows (extremes included) gives PyTorch's probabilities on
     * every engine the settings can ask for, and every one of them is DJL.
     */
    private static void assertMatchesPyTorch(FraudModel m, String fixture) {
        TorchScriptFixtures.Expected e = TorchScriptFixtures.expected(fixture);
        for (String kernel : List.of(ScoringKernels.AUTO, ScoringKernels.DJL, ScoringKernels.VECTOR)) {
            float[] p = served(m, kernel, e.rows());
            for (int i = 0; i < p.length; i++) {
                assertThat((double) Math.abs(p[i] - e.probability()[i])).as("%s, row %d", kernel, i)
                        .isLessThanOrEqualTo(1e-5);
            }
            try (ScoringKernel k = ScoringKernels.create(kernel, m.frozen(), m.adapterShape(), m.standardizer(),
                    m.adapter().params())) {
                assertThat(k.name()).as(kernel).isEqualTo("djl");
            }
        }
    }

    @Test
    void badFilesAndShapesAreRefusedWithOneLine() {
        assertOneLine(() -> TorchScriptImport.run(request("bad/truncated.pt", "mlp32/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY)), "is not a TorchScript module");
        assertOneLine(() -> TorchScriptImport.run(request("mlp32/backbone.pt", "bad/head16.pt",
                TorchScriptImport.HeadOutput.PROBABILITY)),
                "does not take the backbone's output of width 32: it takes width 16");
        assertOneLine(() -> TorchScriptImport.run(request("hardswish16/backbone.pt", "mlp32/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY)),
                "does not take the backbone's output of width 16: it takes width 32");
        List<String> nine = ScenarioGenerator.FEATURE_NAMES.subList(0, 9);
        Dataset narrow = new Dataset(nine, sample.rows().stream().map(t -> {
            var c = new dev.selfheal.data.Transaction(t.id, t.key, t.ts, t.batch, t.label,
                    Arrays.copyOf(t.features, 9));
            return c;
        }).toList());
        assertOneLine(() -> TorchScriptImport.run(request("mlp32/backbone.pt", "mlp32/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY, narrow)), "takes 10 features, " + samplePath + " gives 9");
        assertOneLine(() -> TorchScriptImport.run(request("layernorm48/backbone.pt", "layernorm48/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY, narrow)), "takes 10 features, " + samplePath + " gives 9");
        assertOneLine(() -> TorchScriptImport.run(request("layernorm48/backbone.pt", "mlp32/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY)), "does not take the backbone's output of width 48");
        assertOneLine(() -> TorchScriptImport.run(request("hardswish16/backbone.pt", "hardswish16/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY, narrow)), "takes 10 features, " + samplePath + " gives 9");
    }

    @Test
    void aRuleOrKeyFeatureTheSampleLacksIsRefusedWithOneLine() {
        TorchScriptImport.Request ok = request("mlp32/backbone.pt", "mlp32/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY);
        assertOneLine(() -> TorchScriptImport.run(new TorchScriptImport.Request(ok.backbone(), ok.head(),
                ok.samplePath(), ok.sample(), "velocity > 3 => fraud", null, ok.headOutput(), ok.standardize(),
                ok.threshold(), ok.adapterWidth(), ok.seed())), "--rules 'velocity > 3 => fraud': unknown feature");
        assertOneLine(() -> TorchScriptImport.run(new TorchScriptImport.Request(ok.backbone(), ok.head(),
                ok.samplePath(), ok.sample(), null, "velocity", ok.headOutput(), ok.standardize(), ok.threshold(),
                ok.adapterWidth(), ok.seed())), "--key-feature 'velocity' is not a feature");
    }

    private static void assertOneLine(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String text) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text)
                .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("\n"));
    }

    @Test
    void theModelDirectoryRecordsProvenanceAndLoadsBackToTheSameModel(@TempDir Path dir) throws IOException {
        FraudModel m = TorchScriptImport.run(request("mlp32/backbone.pt", "mlp32/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY)).model();
        ModelDirectory.save(m, dir);
        FraudModel back = ModelDirectory.load(dir);
        assertThat(back.frozen().hidden()).isEqualTo(32);
        assertThat(back.adapter()).isEqualTo(m.adapter());
        @SuppressWarnings("unchecked")
        Map<String, Object> backbone = (Map<String, Object>) back.training().get("backbone");
        assertThat(backbone.get("sha256")).isEqualTo(ModelDirectory.sha256(
                Files.readAllBytes(TorchScriptFixtures.file("mlp32/backbone.pt"))));
        assertThat(back.training()).containsEntry("hidden", 32).containsEntry("source", "torchscript");
        assertThat(back.metrics()).containsKey("clean_test");
        @SuppressWarnings("unchecked")
        Map<String, Object> sampleInfo = (Map<String, Object>) back.training().get("sample");
        assertThat(sampleInfo).containsEntry("rows", 1000)
                .containsEntry("sha256", ModelDirectory.sha256(Files.readAllBytes(samplePath)));
        assertThat(back.trainingStats().features()).hasSize(10);
    }

    @Test
    void aHealChangesOnlyTheAdapter() {
        FraudModel m = TorchScriptImport.run(request("mlp32/backbone.pt", "mlp32/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY)).model();
        float[] backbone = m.frozen().backboneFlat();
        float[] head = m.frozen().headFlat();
        Dataset drifted = new ScenarioGenerator(Scenario.SHIFT, 5).generate().stream();
        int n = 100;
        float[][] rows = Arrays.copyOf(drifted.features(), n);
        int[] labels = Arrays.copyOf(drifted.labels(), n);
        try (HealingTrainer trainer = new HealingTrainer(m.frozen(), m.standardizer())) {
            HealResult r = trainer.heal(m.adapter(), AdamState.fresh(m.adapter().params().length),
                    new HealBatch(rows, labels, new int[n], new boolean[n]), HealConfig.reference());
            assertThat(r.candidate().params()).isNotEqualTo(m.adapter().params());
            // The identity's zero last layer is where the first heal's gradient goes.
            AdapterShape s = m.adapterShape();
            float[] last = Arrays.copyOfRange(r.candidate().params(), s.w2Offset(), s.b2Offset());
            assertThat(last).isNotEqualTo(new float[last.length]);
        }
        assertThat(m.frozen().backboneFlat()).isEqualTo(backbone);
        assertThat(m.frozen().headFlat()).isEqualTo(head);
    }

    @Test
    void aHealOfATorchScriptBackboneChangesOnlyTheAdapterAndNeverTheModule() throws IOException {
        FraudModel m = TorchScriptImport.run(request("hardswish16/backbone.pt", "hardswish16/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY)).model();
        byte[] module = m.frozen().backboneModule().clone();
        float[] head = m.frozen().headFlat();
        Dataset drifted = new ScenarioGenerator(Scenario.SHIFT, 5).generate().stream();
        int n = 100;
        float[][] rows = Arrays.copyOf(drifted.features(), n);
        int[] labels = Arrays.copyOf(drifted.labels(), n);
        HealBatch batch = new HealBatch(rows, labels, new int[n], new boolean[n]);
        Adapter healed;
        try (HealingTrainer trainer = new HealingTrainer(m.frozen(), m.standardizer())) {
            HealResult r = trainer.heal(m.adapter(), AdamState.fresh(m.adapter().params().length), batch,
                    HealConfig.reference());
            healed = r.candidate();
            assertThat(r.lossAfter()).isLessThan(r.lossBefore());
            assertThat(trainer.loss(healed, batch, HealConfig.reference())).isCloseTo(r.lossAfter(),
                    org.assertj.core.data.Offset.offset(1e-6));
            // A second heal on the same trainer: the module is still frozen and scores as before.
            trainer.heal(healed, r.optimizer(), batch, HealConfig.reference());
        }
        AdapterShape s = m.adapterShape();
        float[] last = Arrays.copyOfRange(healed.params(), s.w2Offset(), s.b2Offset());
        assertThat(last).isNotEqualTo(new float[last.length]);
        assertThat(m.frozen().backboneModule()).isEqualTo(module)
                .isEqualTo(Files.readAllBytes(TorchScriptFixtures.file("hardswish16/backbone.pt")));
        assertThat(m.frozen().headFlat()).isEqualTo(head);
        // The user's model with the identity adapter is what it was: only the adapter moved.
        assertMatchesPyTorch(m, "hardswish16");
        float[] p = served(new FraudModel(m.modelId(), m.features(), m.threshold(), m.rules(), m.keyFeature(),
                m.standardizer(), m.frozen(), healed, m.trainingStats(), m.training(), m.metrics()),
                ScoringKernels.DJL, rows);
        assertThat(p).isNotEqualTo(served(m, ScoringKernels.DJL, rows));
    }

    @Test
    void theModelDirectoryOfATorchScriptBackboneHoldsItsFileAndRefusesAnotherOne(@TempDir Path dir)
            throws IOException {
        FraudModel m = TorchScriptImport.run(request("hardswish16/backbone.pt", "hardswish16/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY)).model();
        ModelDirectory.save(m, dir);
        assertThat(dir.resolve(ModelDirectory.BACKBONE)).doesNotExist();
        assertThat(Files.readAllBytes(dir.resolve(ModelDirectory.BACKBONE_MODULE)))
                .isEqualTo(Files.readAllBytes(TorchScriptFixtures.file("hardswish16/backbone.pt")));
        FraudModel back = ModelDirectory.load(dir);
        assertThat(back.frozen().isModule()).isTrue();
        assertThat(back.adapter()).isEqualTo(m.adapter());
        assertMatchesPyTorch(back, "hardswish16");
        assertThat(ModelDirectory.fromFiles("shipped", ModelDirectory.readFiles(dir)).frozen().backboneModule())
                .isEqualTo(m.frozen().backboneModule());

        Files.copy(TorchScriptFixtures.file("relu6_32/backbone.pt"), dir.resolve(ModelDirectory.BACKBONE_MODULE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertOneLine(() -> ModelDirectory.load(dir), "backbone.pt checksum mismatch");
    }

    @Test
    void aModelDirectoryWhoseModuleCannotBeLoadedIsRefusedWithOneLineWhenScored() throws IOException {
        FraudModel m = TorchScriptImport.run(request("hardswish16/backbone.pt", "hardswish16/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY)).model();
        FrozenWeights f = m.frozen();
        FrozenWeights broken = FrozenWeights.ofModule(f.inputDim(), f.hidden(),
                Files.readAllBytes(TorchScriptFixtures.file("bad/truncated.pt")), f.headW(), f.headB());
        assertOneLine(() -> ScoringKernels.create(ScoringKernels.AUTO, broken, m.adapterShape(), m.standardizer(),
                m.adapter().params()), "the model's backbone.pt is not a TorchScript module");
        FrozenWeights otherWidth = FrozenWeights.ofModule(f.inputDim(), 32,
                Files.readAllBytes(TorchScriptFixtures.file("hardswish16/backbone.pt")), new float[32], new float[1]);
        assertOneLine(() -> served(new FraudModel(m.modelId(), m.features(), m.threshold(), m.rules(),
                m.keyFeature(), m.standardizer(), otherWidth, Adapter.initial(32, new java.util.SplittableRandom(1)),
                m.trainingStats(), m.training(), m.metrics()), ScoringKernels.DJL, sample.features()),
                "returned shape [1000, 16]");
    }

    @Test
    void standardizeFitFeedsTheBackboneTheSamplesStandardisedFeatures() {
        TorchScriptImport.Request fit = new TorchScriptImport.Request(TorchScriptFixtures.file("mlp32/backbone.pt"),
                TorchScriptFixtures.file("mlp32/head.pt"), samplePath, sample, null, "f3",
                TorchScriptImport.HeadOutput.PROBABILITY, TorchScriptImport.Standardize.FIT, 0.5, 8, 3);
        FraudModel m = TorchScriptImport.run(fit).model();
        assertThat(m.standardizer().mean()).isEqualTo(Standardizer.fit(sample.features()).mean());
        assertThat(m.adapterShape().width()).isEqualTo(8);
        assertThat(m.keyFeature()).isEqualTo("f3");
        assertThat(m.rules()).isNull();
        assertThat(m.inputPathScale()).as("the backbone's standardisation already reads inputs in deviations")
                .isSameAs(m.standardizer());
    }

    @Test
    void withRawInputsTheInputPathReadsThemInTheSamplesDeviationsAlsoAfterALoad(@TempDir Path dir)
            throws IOException {
        FraudModel m = TorchScriptImport.run(request("mlp32/backbone.pt", "mlp32/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY)).model();
        assertThat(m.standardizer().std()).containsOnly(1f);
        ModelDirectory.save(m, dir);
        Standardizer scale = ModelDirectory.load(dir).inputPathScale();
        for (int j = 0; j < sample.featureNames().size(); j++) {
            float[] column = new float[sample.size()];
            for (int i = 0; i < column.length; i++) {
                column[i] = sample.features()[i][j];
            }
            double mean = 0;
            for (float v : column) {
                mean += v / column.length;
            }
            double var = 0;
            for (float v : column) {
                var += (v - mean) * (v - mean) / column.length;
            }
            assertThat((double) scale.mean()[j]).isCloseTo(mean, org.assertj.core.api.Assertions.within(1e-4));
            assertThat((double) scale.std()[j]).isCloseTo(Math.sqrt(var), org.assertj.core.api.Assertions.within(1e-4));
        }
        // A directory imported before the path had its own scale keeps the backbone's: a path served
        // then means the same after a restore.
        Map<String, Object> older = new java.util.LinkedHashMap<>(m.training());
        older.remove(FraudModel.INPUT_PATH_SCALE);
        FraudModel before = new FraudModel(m.modelId(), m.features(), m.threshold(), m.rules(), m.keyFeature(),
                m.standardizer(), m.frozen(), m.adapter(), m.trainingStats(), older, m.metrics(), m.signals());
        assertThat(before.inputPathScale()).isSameAs(before.standardizer());
    }
}
