package dev.selfheal.model;

import dev.selfheal.data.Dataset;
import dev.selfheal.data.TransactionCsv;
import dev.selfheal.healer.AdapterEvaluator;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The export carries everything the served model applies: a healed vector with an input
 * calibration, an output map and an input path, exported from an imported model (a Linear/ReLU
 * chain and a TorchScript backbone), is read back bit for bit, and the model rebuilt from the file
 * the way {@code selfheal_model.py} rebuilds it gives the probabilities selfheal serves.
 */
class AdapterExportRoundTripTest {
    @TempDir
    static Path files;
    private static Path samplePath;
    private static Dataset sample;
    private static float[][] rows;

    @BeforeAll
    static void data() throws IOException {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 9).generate();
        samplePath = files.resolve("sample.csv");
        TransactionCsv.write(samplePath, data.cleanTest());
        sample = TransactionCsv.read(samplePath, null);
        // Drifted rows, where the calibration and the input path matter.
        rows = Arrays.copyOf(data.stream().features(), 300);
    }

    private static FraudModel imported(String fixture) {
        return imported(fixture, TorchScriptImport.HeadOutput.PROBABILITY);
    }

    private static FraudModel imported(String fixture, TorchScriptImport.HeadOutput out) {
        return imported(fixture, out, 8);
    }

    private static FraudModel imported(String fixture, TorchScriptImport.HeadOutput out, Integer adapterWidth) {
        return TorchScriptImport.run(new TorchScriptImport.Request(TorchScriptFixtures.file(fixture + "/backbone.pt"),
                TorchScriptFixtures.file(fixture + "/head.pt"), samplePath, sample, null, null,
                out, TorchScriptImport.Standardize.NONE, 0.5, adapterWidth, 3)).model();
    }

    /** A served vector with every part moved: adapter, input calibration, output map and input path. */
    private static float[] healed(FraudModel m) {
        return healed(m, null);
    }

    /** {@link #healed(FraudModel)} with the input path's logit through {@code link}. */
    private static float[] healed(FraudModel m, OutputLink link) {
        SplittableRandom rng = new SplittableRandom(11);
        float[] a = m.adapter().params().clone();
        for (int i = 0; i < a.length; i++) {
            a[i] += (float) rng.nextGaussian() * 0.05f;
        }
        int d = m.features().size();
        float[] scale = new float[d];
        float[] shift = new float[d];
        float[] linear = new float[d];
        float[] square = new float[d];
        for (int j = 0; j < d; j++) {
            scale[j] = 1 + (float) rng.nextGaussian() * 0.1f;
            shift[j] = (float) rng.nextGaussian() * 0.3f;
            linear[j] = (float) rng.nextGaussian() * 0.4f;
            square[j] = (float) rng.nextGaussian() * 0.1f;
        }
        return new ServedAdapter(new Adapter(m.adapterShape(), a), new Calibration(scale, shift, 1.3f, -0.4f),
                new InputPath(linear, square, link)).toVector();
    }

    /** A steep, uneven monotone link: far from the logistic one in the middle, flat at the ends. */
    private static OutputLink steepLink() {
        float[] in = new float[OutputLink.KNOTS];
        float[] out = new float[OutputLink.KNOTS];
        for (int k = 0; k < OutputLink.KNOTS; k++) {
            in[k] = -4f + k * 0.5f;
            out[k] = (float) (3 * Math.tanh(in[k] - 0.5) + (k > 8 ? 0.7 : 0));
        }
        return new OutputLink(in, out);
    }

    @Test
    void aFittedLinkTravelsInTheExportAndTheRebuiltModelAppliesIt() {
        FraudModel m = imported("mlp32");
        float[] vector = healed(m, steepLink());
        byte[] file = AdapterExport.safetensors(m, vector, 7);
        SafeTensors.Contents c = SafeTensors.read(file);
        assertThat(c.tensors().get("input_path.link_in").shape()).containsExactly(OutputLink.KNOTS);
        ServedAdapter back = AdapterExport.read(file, m.adapterShape(), m.features().size());
        assertThat(back.toVector()).isEqualTo(vector);
        assertThat(back.path().link()).isNotNull();
        float[] served;
        float[] unlinked;
        try (AdapterEvaluator evaluator = new AdapterEvaluator(m)) {
            served = evaluator.probabilities(vector, rows);
            unlinked = evaluator.probabilities(back.withPath(back.path().withLink(null)).toVector(), rows);
        }
        float[] rebuilt = rebuild(c, null, null, rows);
        for (int i = 0; i < rows.length; i++) {
            assertThat((double) Math.abs(rebuilt[i] - served[i])).as("row %d", i).isLessThanOrEqualTo(1e-5);
        }
        assertThat(unlinked).isNotEqualTo(served);
    }

    @Test
    void hiddenUnitsTravelInFormatEightAndReadBackBitForBit() {
        FraudModel m = imported("mlp32");
        int d = m.features().size();
        ServedAdapter healed = ServedAdapter.of(healed(m, steepLink()), m.adapterShape(), d);
        SplittableRandom rng = new SplittableRandom(3);
        float[] w = new float[HiddenUnits.UNITS * d];
        float[] b = new float[HiddenUnits.UNITS];
        float[] o = new float[HiddenUnits.UNITS];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) rng.nextGaussian();
        }
        for (int k = 0; k < o.length; k++) {
            o[k] = (float) rng.nextGaussian();
        }
        float[] vector = healed.withPath(healed.path().withUnits(new HiddenUnits(w, b, o))).toVector();
        byte[] file = AdapterExport.safetensors(m, vector, 7);
        SafeTensors.Contents c = SafeTensors.read(file);
        assertThat(c.metadata()).containsEntry("format", AdapterExport.FORMAT_UNITS)
                .containsEntry("layout_format", AdapterExport.FORMAT);
        assertThat(c.tensors().get("input_path.units.weight").shape()).containsExactly(HiddenUnits.UNITS, d);
        ServedAdapter back = AdapterExport.read(file, m.adapterShape(), d);
        assertThat(back.toVector()).isEqualTo(vector);
        float[] without = AdapterExport.read(AdapterExport.safetensors(m, healed.toVector(), 7), m.adapterShape(), d)
                .toVector();
        assertThat(without).isEqualTo(healed.toVector());
    }

    @Test
    void aChainModelRebuiltFromTheFileAloneGivesTheServedProbabilities() {
        FraudModel m = imported("mlp32");
        assertThat(m.frozen().isModule()).isFalse();
        roundTrip(m, null, null);
    }

    @Test
    void aTorchScriptBackboneRebuiltFromTheFileAndTheUsersModulesGivesTheServedProbabilities() {
        FraudModel m = imported("hardswish16");
        assertThat(m.frozen().isModule()).isTrue();
        roundTrip(m, TorchScriptFixtures.file("hardswish16/backbone.pt"), TorchScriptFixtures.file("hardswish16/head.pt"));
    }

    @Test
    void aChainWithAnMlpHeadRebuiltFromTheFileAloneGivesTheServedProbabilities() {
        FraudModel m = imported("mlphead32");
        assertThat(m.frozen().headLayers()).hasSize(1);
        SafeTensors.Contents c = SafeTensors.read(AdapterExport.safetensors(m, healed(m), 7));
        assertThat(c.metadata()).containsEntry("format", AdapterExport.FORMAT_MLP_HEAD)
                .containsEntry("head_widths", "32,16,1").containsEntry("hidden", "16");
        assertThat(c.tensors().get("frozen.head_hidden.0.weight").shape()).containsExactly(16, 32);
        assertThat(c.tensors().get("frozen.backbone.2.weight").shape()).containsExactly(32, 32);
        assertThat(c.tensors().get("adapter.2.bias").shape()).containsExactly(16);
        roundTrip(m, null, null);
    }

    @Test
    void aTorchScriptBackboneWithAnMlpHeadRebuiltFromTheFileAndTheUsersBackboneGivesTheServedProbabilities() {
        FraudModel m = imported("hardswish_mlphead48", TorchScriptImport.HeadOutput.LOGIT);
        assertThat(m.frozen().isModule()).isTrue();
        roundTrip(m, TorchScriptFixtures.file("hardswish_mlphead48/backbone.pt"),
                TorchScriptFixtures.file("hardswish_mlphead48/head.pt"));
    }

    @Test
    void anAdapterAtTheLogitRebuiltFromTheFileAndTheUsersTwoModulesGivesTheServedProbabilities() {
        for (String fixture : new String[] {"hardswish_head32", "hardswish_logit_head32"}) {
            FraudModel m = imported(fixture, fixture.equals("hardswish_head32") ? TorchScriptImport.HeadOutput.PROBABILITY
                    : TorchScriptImport.HeadOutput.LOGIT, null);
            assertThat(m.frozen().atLogit()).isTrue();
            SafeTensors.Contents c = SafeTensors.read(AdapterExport.safetensors(m, healed(m), 7));
            assertThat(c.metadata()).containsEntry("format", AdapterExport.FORMAT_LOGIT)
                    .containsEntry("insertion", "logit")
                    .containsEntry("head_output", m.frozen().headModule().output().cliName());
            assertThat(c.tensors()).doesNotContainKey("frozen.backbone.0.weight");
            roundTrip(m, TorchScriptFixtures.file(fixture + "/backbone.pt"), TorchScriptFixtures.file(fixture + "/head.pt"));
        }
    }

    @Test
    void aDeepChainRebuiltFromTheFileAloneOrFromTheUsersModulesGivesTheServedProbabilities() {
        FraudModel m = imported("deep_mlphead12", TorchScriptImport.HeadOutput.PROBABILITY, null);
        assertThat(m.frozen().isModule()).isFalse();
        SafeTensors.Contents c = SafeTensors.read(AdapterExport.safetensors(m, healed(m), 7));
        // Its third layer (24→12) leads the head's two hidden layers; backbone.pt runs it itself.
        assertThat(c.metadata()).containsEntry(AdapterExport.BACKBONE_LAYERS_IN_HEAD_HIDDEN, "1")
                .containsEntry("head_widths", "24,12,8,4,1");
        roundTrip(m, null, null);
        roundTrip(m, TorchScriptFixtures.file("deep_mlphead12/backbone.pt"),
                TorchScriptFixtures.file("deep_mlphead12/head.pt"));
    }

    @Test
    void aChainWithOtherActivationsNamesThemAndIsRebuiltWithThem() {
        for (String fixture : new String[] {"silu_gelu32", "bare_last16", "tanh_mlphead32"}) {
            FraudModel m = imported(fixture, TorchScriptImport.HeadOutput.PROBABILITY, null);
            assertThat(m.frozen().isModule()).isFalse();
            SafeTensors.Contents c = SafeTensors.read(AdapterExport.safetensors(m, healed(m), 7));
            assertThat(c.metadata()).containsEntry("format", AdapterExport.FORMAT_ACTIVATIONS)
                    .containsEntry("backbone_format", "linear-chain")
                    .containsEntry("activations", String.join(",", m.frozen().chain().stream()
                            .map(l -> l.activation().text()).toList()));
            roundTrip(m, null, null);
            roundTrip(m, TorchScriptFixtures.file(fixture + "/backbone.pt"), TorchScriptFixtures.file(fixture + "/head.pt"));
        }
    }

    @Test
    void aChainWithActivationsAddedSinceIsAFormatThatOlderLoadersRefuseAndIsRebuiltWithThem() {
        for (String fixture : new String[] {"softplus_hardtanh16", "mish_prelu16"}) {
            FraudModel m = imported(fixture, TorchScriptImport.HeadOutput.PROBABILITY, null);
            assertThat(m.frozen().isModule()).isFalse();
            SafeTensors.Contents c = SafeTensors.read(AdapterExport.safetensors(m, healed(m), 7));
            assertThat(c.metadata()).containsEntry("format", AdapterExport.FORMAT_LATER_ACTIVATIONS)
                    .containsEntry("activations", String.join(",", m.frozen().chain().stream()
                            .map(l -> l.activation().text()).toList()));
            roundTrip(m, null, null);
            roundTrip(m, TorchScriptFixtures.file(fixture + "/backbone.pt"), TorchScriptFixtures.file(fixture + "/head.pt"));
        }
        // a per-unit PReLU's slopes are written inside its parentheses, commas and all
        FraudModel m = imported("mish_prelu16", TorchScriptImport.HeadOutput.PROBABILITY, null);
        String names = SafeTensors.read(AdapterExport.safetensors(m, healed(m), 7)).metadata().get("activations");
        assertThat(names.split(",(?![^(]*\\))")).hasSize(m.frozen().chain().size());
        assertThat(names.split(",")).hasSizeGreaterThan(16);
    }

    @Test
    void anMlpHeadWithOtherActivationsNamesThemAfterEitherBackboneAndIsRebuiltWithThem() {
        FraudModel chain = imported("gelu_tanh_head32", TorchScriptImport.HeadOutput.PROBABILITY, null);
        SafeTensors.Contents c = SafeTensors.read(AdapterExport.safetensors(chain, healed(chain), 7));
        assertThat(c.metadata()).containsEntry("format", AdapterExport.FORMAT_ACTIVATIONS)
                .containsEntry("activations", "relu,relu,gelu,tanh");
        roundTrip(chain, null, null);
        roundTrip(chain, TorchScriptFixtures.file("gelu_tanh_head32/backbone.pt"),
                TorchScriptFixtures.file("gelu_tanh_head32/head.pt"));

        FraudModel module = imported("hardswish_silu_head48", TorchScriptImport.HeadOutput.LOGIT, null);
        assertThat(module.frozen().isModule()).isTrue();
        c = SafeTensors.read(AdapterExport.safetensors(module, healed(module), 7));
        // After a module backbone the names are the head's alone: a format older loaders refuse.
        assertThat(c.metadata()).containsEntry("format", AdapterExport.FORMAT_LATER_ACTIVATIONS)
                .containsEntry("activations", "silu");
        roundTrip(module, TorchScriptFixtures.file("hardswish_silu_head48/backbone.pt"),
                TorchScriptFixtures.file("hardswish_silu_head48/head.pt"));
    }

    @Test
    void chainsWithLayerNormAreFormat7AndRebuiltFromTheFileAloneOrFromTheUsersModules() {
        for (String fixture : new String[] {"layernorm48", "input_layernorm16", "layernorm_logit_head48"}) {
            FraudModel m = imported(fixture, fixture.equals("layernorm_logit_head48") ? TorchScriptImport.HeadOutput.LOGIT
                    : TorchScriptImport.HeadOutput.PROBABILITY, null);
            assertThat(m.frozen().isModule()).isFalse();
            SafeTensors.Contents c = SafeTensors.read(AdapterExport.safetensors(m, healed(m), 7));
            assertThat(c.metadata()).containsEntry("format", AdapterExport.FORMAT_LAYER_NORM);
            assertThat(c.metadata().get("activations")).contains("layer_norm(");
            roundTrip(m, null, null);
            roundTrip(m, TorchScriptFixtures.file(fixture + "/backbone.pt"), TorchScriptFixtures.file(fixture + "/head.pt"));
        }
    }

    @Test
    void aSingleLinearHeadExportsAsItAlwaysDid() {
        FraudModel m = imported("mlp32");
        SafeTensors.Contents c = SafeTensors.read(AdapterExport.safetensors(m, healed(m), 7));
        assertThat(c.metadata()).containsEntry("format", AdapterExport.FORMAT).doesNotContainKey("head_widths");
        assertThat(c.tensors().keySet()).containsExactly("adapter.scale", "adapter.0.weight", "adapter.0.bias",
                "adapter.2.weight", "adapter.2.bias", "calibration.input_scale", "calibration.input_shift",
                "calibration.output", "input_path.linear", "input_path.square", "standardizer.mean",
                "standardizer.std", "input_path.mean", "input_path.std", "frozen.backbone.0.weight", "frozen.backbone.0.bias", "frozen.backbone.2.weight",
                "frozen.backbone.2.bias", "frozen.head.weight", "frozen.head.bias");
    }

    private static void roundTrip(FraudModel m, Path backbonePt, Path headPt) {
        float[] vector = healed(m);
        byte[] file = AdapterExport.safetensors(m, vector, 7);
        ServedAdapter back = AdapterExport.read(file, m.adapterShape(), m.features().size());
        assertThat(back.toVector()).isEqualTo(vector);
        assertThat(back.path().isZero()).isFalse();

        float[] served;
        try (AdapterEvaluator evaluator = new AdapterEvaluator(m)) {
            served = evaluator.probabilities(vector, rows);
        }
        float[] rebuilt = rebuild(SafeTensors.read(file), backbonePt, headPt, rows);
        for (int i = 0; i < rows.length; i++) {
            assertThat((double) Math.abs(rebuilt[i] - served[i])).as("row %d", i).isLessThanOrEqualTo(1e-5);
        }
        // Without the input path the outputs differ: the test would see an export that dropped it.
        float[] withoutPath = new ServedAdapter(back.adapter(), back.calibration()).toVector();
        try (AdapterEvaluator evaluator = new AdapterEvaluator(m)) {
            assertThat(evaluator.probabilities(withoutPath, rows)).isNotEqualTo(served);
        }
    }

    /**
     * The forward pass of {@code selfheal_model.py}, from the file's tensors (and, for an imported
     * model, the user's two modules): input calibration, standardisation, backbone, adapter, head,
     * output map plus input path.
     */
    private static float[] rebuild(SafeTensors.Contents c, Path backbonePt, Path headPt, float[][] x) {
        int n = x.length;
        float[] inScale = t(c, "calibration.input_scale");
        float[] inShift = t(c, "calibration.input_shift");
        float[] mean = t(c, "standardizer.mean");
        float[] std = t(c, "standardizer.std");
        int d = mean.length;
        float[] u = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                u[i * d + j] = (inScale[j] * x[i][j] + inShift[j] - mean[j]) / std[j];
            }
        }
        float[] h;
        int hd = (int) c.tensors().get("adapter.2.bias").shape()[0];
        // The activation after each frozen layer: ReLU unless the file names them.
        String[] acts = c.metadata().containsKey("activations") ? c.metadata().get("activations").split(",(?![^(]*\\))") : null;
        // The names start with backbone.0 and backbone.2 when the file holds them, else with head_hidden.0.
        int firstHidden = c.tensors().containsKey("frozen.backbone.0.weight") ? 2 : 0;
        if (backbonePt == null) {
            int b = (int) c.tensors().get("frozen.backbone.0.bias").shape()[0];
            float[] h1 = activate(dense(u, n, d, t(c, "frozen.backbone.0.weight"), t(c, "frozen.backbone.0.bias"),
                    false), acts, 0);
            h = activate(dense(h1, n, b, t(c, "frozen.backbone.2.weight"), t(c, "frozen.backbone.2.bias"), false),
                    acts, 1);
        } else {
            try (TorchScriptModule b = TorchScriptModule.load(backbonePt)) {
                h = b.forward(u, n, d).values();
            }
        }
        // The adapter at the logit: the user's head runs before it, its output as a logit is h.
        boolean atLogit = "logit".equals(c.metadata().get("insertion"));
        if (atLogit) {
            try (TorchScriptModule head = TorchScriptModule.load(headPt)) {
                float[] y = head.forward(h, n, h.length / n).values();
                boolean probability = "probability".equals(c.metadata().get("head_output"));
                h = new float[n];
                for (int i = 0; i < n; i++) {
                    double q = Math.min(1 - 1e-7, Math.max(1e-7, y[i]));
                    h[i] = probability ? (float) Math.log(q / (1 - q)) : y[i];
                }
            }
        }
        // An MLP head's hidden layers, from the file, before the adapter; a deep chain's own layers
        // lead them, which the user's backbone.pt has run already.
        int skip = backbonePt == null ? 0 : Integer.parseInt(c.metadata().getOrDefault(
                AdapterExport.BACKBONE_LAYERS_IN_HEAD_HIDDEN, "0"));
        boolean mlpHead = c.tensors().containsKey("frozen.head_hidden.0.weight");
        for (int i = skip; c.tensors().containsKey("frozen.head_hidden." + i + ".weight"); i++) {
            SafeTensors.Tensor w = c.tensors().get("frozen.head_hidden." + i + ".weight");
            h = activate(dense(h, n, (int) w.shape()[1], w.values(), t(c, "frozen.head_hidden." + i + ".bias"), false),
                    acts, firstHidden + i);
        }
        int w = (int) c.tensors().get("adapter.0.bias").shape()[0];
        float s = t(c, "adapter.scale")[0];
        float[] a = dense(h, n, hd, t(c, "adapter.0.weight"), t(c, "adapter.0.bias"), false);
        for (int k = 0; k < a.length; k++) {
            a[k] = (float) Math.tanh(a[k]);
        }
        float[] branch = dense(a, n, w, t(c, "adapter.2.weight"), t(c, "adapter.2.bias"), false);
        for (int k = 0; k < h.length; k++) {
            h[k] += s * branch[k];
        }
        float[] p;
        if (headPt == null || mlpHead || atLogit) {
            float[] z = dense(h, n, hd, t(c, "frozen.head.weight"), t(c, "frozen.head.bias"), false);
            p = new float[n];
            for (int i = 0; i < n; i++) {
                p[i] = (float) (1 / (1 + Math.exp(-z[i])));
            }
        } else {
            try (TorchScriptModule head = TorchScriptModule.load(headPt)) {
                p = head.forward(h, n, hd).values();
            }
        }
        float[] out = t(c, "calibration.output");
        float[] linear = t(c, "input_path.linear");
        float[] square = t(c, "input_path.square");
        // A model imported with raw inputs gives the path its own scale; otherwise the backbone's.
        float[] pathMean = c.tensors().containsKey("input_path.mean") ? t(c, "input_path.mean") : mean;
        float[] pathStd = c.tensors().containsKey("input_path.std") ? t(c, "input_path.std") : std;
        for (int i = 0; i < n; i++) {
            double q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]));
            double z = out[0] * Math.log(q / (1 - q)) + out[1];
            for (int j = 0; j < d; j++) {
                float raw = inScale[j] * x[i][j] + inShift[j];
                double v = Math.max(-6, Math.min(6, (raw - pathMean[j]) / pathStd[j]));
                z += linear[j] * v + square[j] * (v * v - 1);
            }
            if (c.tensors().containsKey("input_path.link_in")) {
                z = link(t(c, "input_path.link_in"), t(c, "input_path.link_out"), z);
            }
            p[i] = (float) (1 / (1 + Math.exp(-z)));
        }
        return p;
    }

    /** Piecewise linear through the knots, flat outside them, as {@code selfheal_model.py} applies it. */
    private static double link(float[] in, float[] out, double z) {
        int k = in.length;
        if (z <= in[0]) {
            return out[0];
        }
        if (z >= in[k - 1]) {
            return out[k - 1];
        }
        int lo = 0;
        int hi = k - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (in[mid] <= z) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return out[lo] + (z - in[lo]) / (in[hi] - in[lo]) * (out[hi] - out[lo]);
    }

    /** The activation {@code acts[i]} names (ReLU without names) on every value of {@code v}, in place. */
    /** The activation named {@code acts[i]} over rows of {@code v}; a per-unit one's units are the row's. */
    private static float[] activate(float[] v, String[] acts, int i) {
        Activation a = acts == null ? Activation.RELU : Activation.parse(acts[i]);
        if (a.normed()) {
            // PyTorch's LayerNorm over each row's units, then the function
            int units = a.norm().width();
            double[] row = new double[units];
            for (int r = 0; r < v.length; r += units) {
                for (int k = 0; k < units; k++) {
                    row[k] = v[r + k];
                }
                a.norm().apply(row, 0);
                for (int k = 0; k < units; k++) {
                    v[r + k] = (float) row[k];
                }
            }
        }
        int width = a.perUnit() ? a.params().length : 1;
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) a.apply(v[k], k % width);
        }
        return v;
    }

    /** {@code x·Wᵀ + b} for {@code n} rows of width {@code in}, W {@code (out,in)}, optionally ReLU. */
    private static float[] dense(float[] x, int n, int in, float[] weight, float[] bias, boolean relu) {
        int outW = bias.length;
        float[] y = new float[n * outW];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < outW; o++) {
                double sum = bias[o];
                for (int k = 0; k < in; k++) {
                    sum += (double) weight[o * in + k] * x[i * in + k];
                }
                y[i * outW + o] = relu ? (float) Math.max(0, sum) : (float) sum;
            }
        }
        return y;
    }

    private static float[] t(SafeTensors.Contents c, String name) {
        SafeTensors.Tensor t = c.tensors().get(name);
        assertThat(t).as(name).isNotNull();
        return t.values();
    }
}
