package dev.selfheal.job.cli;

import dev.selfheal.data.Dataset;
import dev.selfheal.data.TransactionCsv;
import dev.selfheal.model.DenseLayer;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelDirectory;
import dev.selfheal.model.TorchScriptImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import your own PyTorch model: a TorchScript backbone (features -> hidden vector) and head "
                + "(hidden vector -> probability or logit), loaded offline. selfheal puts its adapter between them, "
                + "initialised so the served model equals yours (checked on --data within 1e-5), and writes a model "
                + "directory that run, experiment --model, demo --model and zoo --model serve and heal. A backbone "
                + "that is a chain of Linear layers (ReLU, Tanh, LeakyReLU, Sigmoid, SiLU, GELU, ELU, Softplus, ReLU6, "
                + "Hardtanh, Mish, PReLU or nothing between them, BatchNorm1d folded in, LayerNorm over the last "
                + "dimension) is copied into selfheal's kernels; any other is scored through DJL. An MLP head of such "
                + "layers is healed before its last Linear; any other head (Hardswish, ...) is kept whole: the adapter "
                + "then sits at your model's logit.")
final class ImportCommand implements Callable<Integer> {
    @Option(names = "--backbone", required = true, paramLabel = "B.pt",
            description = "TorchScript backbone: float32 [n, d] features -> [n, H].")
    Path backbone;
    @Option(names = "--head", required = true, paramLabel = "H.pt",
            description = "TorchScript head: [n, H] -> [n, 1] (or [n]) probability, or logit with --head-output logit.")
    Path head;
    @Option(names = "--data", required = true, paramLabel = "SAMPLE.csv",
            description = "Labelled clean data (a few thousand rows): the drift detectors' training statistics, the "
                    + "first baseline's scores and the rows the import is checked on.")
    Path data;
    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "Model directory to write.")
    Path out;
    @Option(names = "--features", split = ",", paramLabel = "LIST",
            description = "The backbone's input columns, in its order (default: every column of --data but id, key, "
                    + "ts, batch and label, in file order).")
    List<String> features;
    @Option(names = "--rules", defaultValue = "", description = "Domain rules, e.g. 'V14 < -1.5 => fraud' (default: none).")
    String rules;
    @Option(names = "--key-feature", description = "Feature the FIDI drift z-score watches (default V14 if present, "
            + "else the first feature).")
    String keyFeature;
    @Option(names = "--head-output", defaultValue = "probability",
            description = "What the head returns: probability or logit (default ${DEFAULT-VALUE}).")
    String headOutput;
    @Option(names = "--standardize", defaultValue = "none",
            description = "none: the backbone takes the raw columns; fit: it takes them standardised with the mean "
                    + "and standard deviation of --data (default ${DEFAULT-VALUE}).")
    String standardize;
    @Option(names = "--threshold", defaultValue = "0.5", description = "Decision threshold (default ${DEFAULT-VALUE}).")
    double threshold;
    @Option(names = "--adapter-width", paramLabel = "W",
            description = "Adapter bottleneck width, 1..H (default: H, the backbone's output width, or for an "
                    + "MLP head the width of its last hidden layer).")
    Integer adapterWidth;
    @Option(names = "--seed", defaultValue = "42", description = "Seed of the adapter's first layer (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        for (Path p : new Path[] {backbone, head, data}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("file not found: " + p);
            }
        }
        TorchScriptImport.HeadOutput kind = TorchScriptImport.HeadOutput.parse(headOutput);
        TorchScriptImport.Standardize std = TorchScriptImport.Standardize.parse(standardize);
        Dataset sample = TransactionCsv.read(data, features == null ? null : features.stream().map(String::strip).toList());
        TorchScriptImport.Result r = TorchScriptImport.run(new TorchScriptImport.Request(backbone, head, data, sample,
                rules.isBlank() ? null : rules, keyFeature, kind, std, threshold, adapterWidth, seed));
        FraudModel m = r.model();
        ModelDirectory.save(m, out);
        if (r.atLogit() != null) {
            System.out.printf("adapter at the logit, after your whole model (backbone then head, scored through DJL in "
                    + "micro-batches): %s%n", r.atLogit());
        }
        String scoring = r.atLogit() != null ? "your TorchScript modules, scored through DJL"
                : r.servedAsModule()
                ? "your TorchScript module, scored through DJL in micro-batches: " + r.notAChain()
                : r.reluChain() ? String.format("Linear/ReLU chain of %d layer%s, scored by the vector kernel where "
                        + "available", r.layers(), r.layers() == 1 ? "" : "s")
                : String.format("chain of %d Linear layer%s (after each: %s%s), scored by the vector kernel where "
                        + "available", r.layers(), r.layers() == 1 ? "" : "s", String.join(", ", r.activations()),
                        r.batchNorms() == 0 ? "" : "; " + r.batchNorms() + " BatchNorm1d folded into them");
        boolean mlpHead = m.frozen().headLayers().size() > r.backboneTail();
        int[] widths = m.frozen().headWidths();
        System.out.printf("imported %s + %s: %d features -> %s=%d (%s), head output %s, adapter width %d%n", backbone,
                head, m.features().size(), m.frozen().atLogit() ? "logit width" : mlpHead ? "backbone width" : "H",
                m.frozen().atLogit() ? 1 : widths[r.backboneTail()], scoring, kind.cliName(),
                m.adapterShape().width());
        if (mlpHead) {
            int[] w = java.util.Arrays.copyOfRange(widths, r.backboneTail(), widths.length);
            List<DenseLayer> hidden = m.frozen().headLayers().subList(r.backboneTail(), m.frozen().headLayers().size());
            String layers = DenseLayer.allRelu(hidden) ? "Linear/ReLU layers"
                    : "Linear layers (after each: " + hidden.stream().map(l -> l.activation().label())
                    .collect(java.util.stream.Collectors.joining(", ")) + ")";
            System.out.printf("head %s: its %s are frozen after the backbone; the adapter sits on its "
                    + "last hidden vector (width %d), before its last Linear%n",
                    java.util.Arrays.stream(w).mapToObj(Integer::toString).collect(java.util.stream.Collectors
                            .joining("→")), layers, m.frozen().hidden());
        }
        System.out.printf("checked on %d rows of %s and extreme rows: max |served - yours| = %.2g (%s)%s%n",
                sample.size(), data, r.maxDiff(), String.join(" and ", r.kernelsChecked()), r.servedAsModule() ? ""
                        : String.format(", backbone copy on %d probe rows incl. extremes: %.2g", r.probeRows(),
                        r.probeMaxDiff()));
        System.out.printf("model written to %s; on %s: %s%n", out, data, m.metrics().get("clean_test"));
        if (r.sampleWarning() != null) {
            System.out.println(r.sampleWarning());
        }
        return 0;
    }
}
