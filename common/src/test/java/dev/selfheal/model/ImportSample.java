package dev.selfheal.model;

import dev.selfheal.data.Dataset;
import dev.selfheal.data.TransactionCsv;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioGenerator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the import tests share: a labelled sample file (clean `shift` rows), importing a committed
 * fixture pair with it, and scoring an imported model on rows by a named kernel.
 */
record ImportSample(Path path, Dataset data) {

    static ImportSample write(Path dir) throws IOException {
        Path p = dir.resolve("sample.csv");
        TransactionCsv.write(p, new ScenarioGenerator(Scenario.SHIFT, 5).generate().cleanTest());
        return new ImportSample(p, TransactionCsv.read(p, null));
    }

    /** The fixture pair imported with the default rule, no standardisation, threshold 0.5. */
    TorchScriptImport.Result imported(String backbone, String head, TorchScriptImport.HeadOutput out) {
        return TorchScriptImport.run(new TorchScriptImport.Request(TorchScriptFixtures.file(backbone),
                TorchScriptFixtures.file(head), path, data, "V14 < -1.5 => fraud", null, out,
                TorchScriptImport.Standardize.NONE, 0.5, null, 3));
    }

    /** The fixture directory's {@code backbone.pt} and {@code head.pt}, the head giving a probability. */
    TorchScriptImport.Result fixture(String name) {
        return imported(name + "/backbone.pt", name + "/head.pt", TorchScriptImport.HeadOutput.PROBABILITY);
    }

    /** The model with {@code adapter} on {@code rows}, by the named kernel; {@code name[0]} gets the kernel's name. */
    static float[] served(FraudModel m, float[] adapter, String kernel, float[][] rows, String[] name) {
        float[] p = new float[rows.length];
        try (ScoringKernel k = ScoringKernels.create(kernel, m.frozen(), m.adapterShape(), m.standardizer(),
                m.adapter().params())) {
            ScoringKernel.Weights[] w = new ScoringKernel.Weights[rows.length];
            Arrays.fill(w, k.prepare(adapter));
            k.score(rows, rows.length, w, p, null);
            if (name != null) {
                name[0] = k.name();
            }
        }
        return p;
    }

    /**
     * The served model gives PyTorch's probabilities (from the fixture's logits) on its rows,
     * extremes included, on every kernel; auto picks {@code autoKernel}.
     */
    static void assertMatchesPyTorch(FraudModel m, String fixture, String autoKernel) {
        TorchScriptFixtures.Expected e = TorchScriptFixtures.expected(fixture);
        for (String kernel : java.util.List.of(ScoringKernels.AUTO, ScoringKernels.DJL, ScoringKernels.VECTOR)) {
            String[] name = new String[1];
            float[] p = served(m, m.adapter().params(), kernel, e.rows(), name);
            for (int i = 0; i < p.length; i++) {
                double want = 1 / (1 + Math.exp(-e.logit()[i]));
                org.assertj.core.api.Assertions.assertThat(Math.abs(p[i] - want)).as("%s, row %d", kernel, i)
                        .isLessThanOrEqualTo(1e-5);
            }
            if (kernel.equals(ScoringKernels.AUTO)) {
                org.assertj.core.api.Assertions.assertThat(name[0]).isEqualTo(autoKernel);
            }
        }
    }

    /** The Java reference's h on the fixture's rows is PyTorch's backbone output, within 1e-5 relative. */
    static void assertHiddenAsPyTorch(FraudModel m, String fixture) {
        TorchScriptFixtures.Expected e = TorchScriptFixtures.expected(fixture);
        for (int i = 0; i < e.rows().length; i++) {
            float[] std = new float[e.rows()[i].length];
            m.standardizer().apply(e.rows()[i], std, 0);
            float[] h = ForwardPass.hidden(m.frozen(), std);
            double scale = 1;
            for (float v : e.h()[i]) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int j = 0; j < h.length; j++) {
                org.assertj.core.api.Assertions.assertThat(Math.abs(h[j] - e.h()[i][j]) / scale)
                        .as("row %d unit %d", i, j).isLessThanOrEqualTo(1e-5);
            }
        }
    }
}
