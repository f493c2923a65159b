package dev.selfheal.model;

import dev.selfheal.healer.AdapterEvaluator;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shipped {@code selfheal_model.py} itself, run by Python where torch is installed (skipped
 * elsewhere: the build never needs Python; {@link AdapterExportRoundTripTest} checks the same
 * forward pass in Java): a model whose frozen part has several Linear/ReLU layers after the
 * backbone's two (a deeper chain's own, then an MLP head's two hidden layers), chains with other
 * activations than ReLU or BatchNorm folded in, and a model saved in float64, are rebuilt from the
 * file alone and from the user's modules, and give the probabilities selfheal serves.
 */
class ExportedPythonModuleTest {
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void theRebuiltModelOfADeepChainWithATwoLayerHeadGivesTheServedProbabilities(@TempDir Path dir)
            throws IOException, InterruptedException {
        assumeTrue(pythonWithTorch(), PYTHON + " with torch is not installed");
        FraudModel m = ImportSample.write(dir).imported("deep_mlphead12/backbone.pt", "deep_mlphead12/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY).model();
        assertThat(m.frozen().headLayers()).hasSize(3);
        assertRebuiltAsServed(m, "deep_mlphead12", dir);
    }

    @Test
    void theRebuiltModelOfAChainWithOtherActivationsGivesTheServedProbabilities(@TempDir Path dir)
            throws IOException, InterruptedException {
        assumeTrue(pythonWithTorch(), PYTHON + " with torch is not installed");
        for (String fixture : new String[] {"silu_gelu32", "batchnorm_mixed16", "elu_sigmoid16", "leaky24",
                "softplus_hardtanh16", "softplus_hardtanh_traced16", "mish_prelu16"}) {
            FraudModel m = ImportSample.write(dir).imported(fixture + "/backbone.pt", fixture + "/head.pt",
                    TorchScriptImport.HeadOutput.PROBABILITY).model();
            assertThat(m.frozen().isModule()).as(fixture).isFalse();
            assertRebuiltAsServed(m, fixture, dir.resolve(fixture));
        }
    }

    @Test
    void theRebuiltModelOfChainsWithLayerNormGivesTheServedProbabilities(@TempDir Path dir)
            throws IOException, InterruptedException {
        assumeTrue(pythonWithTorch(), PYTHON + " with torch is not installed");
        ImportSample sample = ImportSample.write(dir);
        for (String fixture : new String[] {"layernorm48", "layernorm_traced16", "input_layernorm16"}) {
            FraudModel m = sample.fixture(fixture).model();
            assertThat(m.frozen().isModule()).as(fixture).isFalse();
            assertRebuiltAsServed(m, fixture, dir.resolve(fixture));
        }
        FraudModel head = sample.imported("layernorm_logit_head48/backbone.pt", "layernorm_logit_head48/head.pt",
                TorchScriptImport.HeadOutput.LOGIT).model();
        assertThat(head.frozen().atLogit()).isFalse();
        assertRebuiltAsServed(head, "layernorm_logit_head48", dir.resolve("head"));
    }

    @Test
    void theRebuiltModelOfMlpHeadsWithOtherActivationsGivesTheServedProbabilities(@TempDir Path dir)
            throws IOException, InterruptedException {
        assumeTrue(pythonWithTorch(), PYTHON + " with torch is not installed");
        ImportSample sample = ImportSample.write(dir);
        FraudModel chain = sample.fixture("gelu_tanh_head32").model();
        assertThat(chain.frozen().isModule()).isFalse();
        assertRebuiltAsServed(chain, "gelu_tanh_head32", dir.resolve("chain"));
        FraudModel module = sample.imported("hardswish_silu_head48/backbone.pt", "hardswish_silu_head48/head.pt",
                TorchScriptImport.HeadOutput.LOGIT).model();
        assertThat(module.frozen().isModule()).isTrue();
        assertThat(module.frozen().atLogit()).isFalse();
        assertRebuiltAsServed(module, "hardswish_silu_head48", dir.resolve("module"), false);
    }

    @Test
    void theRebuiltModelOfAFloat64ModelGivesTheServedProbabilities(@TempDir Path dir)
            throws IOException, InterruptedException {
        assumeTrue(pythonWithTorch(), PYTHON + " with torch is not installed");
        FraudModel m = ImportSample.write(dir).imported("float64_16/backbone.pt", "float64_16/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY).model();
        assertRebuiltAsServed(m, "float64_16", dir);
    }

    @Test
    void theRebuiltModelOfAPathWithHiddenUnitsAndALinkGivesTheServedProbabilities(@TempDir Path dir)
            throws IOException, InterruptedException {
        assumeTrue(pythonWithTorch(), PYTHON + " with torch is not installed");
        FraudModel m = ImportSample.write(dir).imported("deep_mlphead12/backbone.pt", "deep_mlphead12/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY).model();
        int d = m.features().size();
        SplittableRandom rng = new SplittableRandom(8);
        float[] linear = new float[d];
        float[] w = new float[HiddenUnits.UNITS * d];
        float[] b = new float[HiddenUnits.UNITS];
        float[] o = new float[HiddenUnits.UNITS];
        for (int j = 0; j < d; j++) {
            linear[j] = (float) rng.nextGaussian() * 0.2f;
        }
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) rng.nextGaussian() * 0.3f;
        }
        for (int k = 0; k < b.length; k++) {
            b[k] = (float) rng.nextGaussian() * 0.2f;
            o[k] = (float) rng.nextGaussian() * 0.8f;
        }
        float[] in = new float[OutputLink.KNOTS];
        float[] out = new float[OutputLink.KNOTS];
        for (int k = 0; k < OutputLink.KNOTS; k++) {
            in[k] = -6f + k * 0.8f;
            out[k] = (float) (2.5 * Math.tanh(in[k] / 2));
        }
        InputPath path = new InputPath(linear, new float[d], new OutputLink(in, out), new HiddenUnits(w, b, o));
        assertRebuiltAsServed(m, "deep_mlphead12", dir, true, path);
    }

    /** The export of {@code m}, rebuilt by Python from the file alone and from the fixture's modules, gives what selfheal serves. */
    private static void assertRebuiltAsServed(FraudModel m, String fixture, Path dir)
            throws IOException, InterruptedException {
        assertRebuiltAsServed(m, fixture, dir, true);
    }

    /** The same, from the fixture's modules only when {@code fileAlone} is false (a module backbone needs them). */
    private static void assertRebuiltAsServed(FraudModel m, String fixture, Path dir, boolean fileAlone)
            throws IOException, InterruptedException {
        assertRebuiltAsServed(m, fixture, dir, fileAlone, InputPath.zero(m.features().size()));
    }

    /** The same with {@code path} served beside the moved adapter and output map. */
    private static void assertRebuiltAsServed(FraudModel m, String fixture, Path dir, boolean fileAlone,
                                              InputPath path) throws IOException, InterruptedException {
        SplittableRandom rng = new SplittableRandom(5);
        float[] a = m.adapter().params().clone();
        for (int i = 0; i < a.length; i++) {
            a[i] += (float) rng.nextGaussian() * 0.1f;
        }
        int d = m.features().size();
        float[] ones = new float[d];
        Arrays.fill(ones, 1f);
        float[] vector = new ServedAdapter(new Adapter(m.adapterShape(), a),
                new Calibration(ones, new float[d], 1.2f, -0.3f), path).toVector();
        float[][] rows = Arrays.copyOf(new ScenarioGenerator(Scenario.SHIFT, 6).generate().stream().features(), 50);
        float[] served;
        try (AdapterEvaluator e = new AdapterEvaluator(m)) {
            served = e.probabilities(vector, rows);
        }
        Path out = dir.resolve("healed");
        AdapterExport.write(m, vector, 3, out);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            StringBuilder b = new StringBuilder();
            for (float v : rows[i]) {
                b.append(String.format(Locale.ROOT, "%.9g,", v));
            }
            lines.add(b.append(String.format(Locale.ROOT, "%.9g", served[i])).toString());
        }
        Files.write(out.resolve("rows.csv"), lines);
        Path script = out.resolve("check.py");
        Files.writeString(script, String.join("\n",
                "import sys, torch",
                "sys.path.insert(0, sys.argv[1])",
                "import selfheal_model",
                "data = torch.tensor([[float(v) for v in l.split(',')] for l in open(sys.argv[1] + '/rows.csv')])",
                "for pt in (" + (fileAlone ? "[], " : "") + "[sys.argv[2], sys.argv[3]],):",
                "    model = selfheal_model.load(sys.argv[1] + '/adapter.safetensors', *pt)",
                "    with torch.no_grad():",
                "        p = model(data[:, :-1])",
                "    print('%.3e' % (p - data[:, -1]).abs().max().item())", ""));
        Process p = new ProcessBuilder(PYTHON, script.toString(), out.toString(),
                TorchScriptFixtures.file(fixture + "/backbone.pt").toString(),
                TorchScriptFixtures.file(fixture + "/head.pt").toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        String[] diffs = text.strip().split("\\s+");
        assertThat(diffs).as(text).hasSize(fileAlone ? 2 : 1);
        for (String diff : diffs) {
            assertThat(Double.parseDouble(diff)).as(text).isLessThanOrEqualTo(1e-5);
        }
    }

    private static boolean pythonWithTorch() throws InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
