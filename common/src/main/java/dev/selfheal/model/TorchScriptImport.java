package dev.selfheal.model;

import dev.selfheal.data.Dataset;
import dev.selfheal.drift.TrainingStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns a user's two TorchScript modules (backbone: features → hidden vector {@code h}; head:
 * {@code h} → probability or logit) and a labelled clean sample into a selfheal model: the user's
 * weights frozen, selfheal's adapter between them initialised to the identity, the sample's
 * statistics for the drift detectors and its scores as the first baseline.
 *
 * <p>A backbone that is a chain of Linear layers (the layers its file records, each with its
 * activation and BatchNorm folded in, or its parameters with ReLU: {@link LinearChain}) is copied
 * into selfheal's own kernels, but only when the copy reproduces the module's {@code h} on the
 * sample and on extreme probe rows (a file's order or parameters do not show what the module
 * computes, outputs do). Any other backbone (LayerNorm, embeddings, a residual connection, a clamp
 * the probes reveal) is kept as the user's TorchScript module and scored through DJL.
 *
 * <p>A head that is an MLP (Linear layers ending in {@code Linear(k→1)}, with ReLU or another
 * activation the kernels copy between them, read as {@link HeadChoice} says) has its layers before
 * the last Linear frozen on the backbone's side: the adapter then sits on the
 * head's last hidden vector (width k), just before its last Linear, and a chain backbone with such
 * a head is one longer chain.
 *
 * <p>Any other head (LayerNorm, other shapes, a copy that differs) makes the user's whole
 * model the frozen part: backbone module then head module, both run through DJL, its output as a
 * logit is {@code h} (H = 1), the adapter sits at that logit (width 1) and the served head is
 * {@code Linear(1→1)} with weight 1 and bias 0.
 *
 * <p>Accepted only when every check passes, each refusal one line: the modules load and take the
 * sample's width; the head takes the backbone's output and gives one value per row (a probability
 * in [0, 1] when declared so, and not a copy that matches only with the other {@code --head-output});
 * and the served model — the identity adapter in its place, on every engine that will score it —
 * gives the user's probabilities on every sample row and on the extreme rows within {@link #TOLERANCE}.
 */
public final class TorchScriptImport {
    /**
     * Provenance key: how many of a model's head layers ({@code head_layers.bin}) are its backbone's
     * own, a Linear/ReLU chain deeper than selfheal's two layers (absent: none).
     */
    public static final String BACKBONE_LAYERS_IN_HEAD_LAYERS = "backbone_layers_in_head_layers";
    /** Largest difference from the user's model accepted, on probabilities. */
    public static final double TOLERANCE = 1e-5;
    /** Rows per call into a user's module. */
    private static final int CHUNK = 1024;
    /** Sample rows the backbone copy is checked on, beside the extreme rows. */
    private static final int PROBE_SAMPLE_ROWS = 512;
    /** Rows a module is called on a second time, alone, to show it gives them the same outputs. */
    private static final int REPEAT_ROWS = 64;

    /** What the head's output is. */
    public enum HeadOutput {
        PROBABILITY, LOGIT;

        public static HeadOutput parse(String s) {
            return switch (s == null ? "" : s.toLowerCase(Locale.ROOT)) {
                case "probability" -> PROBABILITY;
                case "logit" -> LOGIT;
                default -> throw new IllegalArgumentException("--head-output must be probability or logit, got " + s);
            };
        }

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the backbone takes raw features or features standardised with the sample's moments. */
    public enum Standardize {
        NONE, FIT;

        public static Standardize parse(String s) {
            return switch (s == null ? "" : s.toLowerCase(Locale.ROOT)) {
                case "none" -> NONE;
                case "fit" -> FIT;
                default -> throw new IllegalArgumentException("--standardize must be none or fit, got " + s);
            };
        }

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param rules       rule text over the feature names, or null for none
     * @param keyFeature  the feature the FIDI z-score watches; null picks V14 when present, else the first
     * @param adapterWidth the adapter's bottleneck width, or null for the backbone width
     */
    public record Request(Path backbone, Path head, Path samplePath, Dataset sample, String rules, String keyFeature,
                          HeadOutput headOutput, Standardize standardize, double threshold, Integer adapterWidth,
                          long seed) {}

    /**
     * The imported model and what the checks measured.
     *
     * @param layers       Linear layers of a backbone copied as a chain, -1 for a TorchScript backbone
     * @param probeMaxDiff the chain copy's largest difference on probe rows: the copy taken's, or
     *                     when none is, the first tried's (NaN when nothing could be copied)
     * @param notAChain    why the backbone is served as a TorchScript module through DJL, or null
     *                     when its chain copy is served (by the vector kernel where present)
     * @param atLogit      why the adapter sits at the logit, after the user's whole model (no copy of
     *                     the head gives its outputs), or null when it sits before the head's last Linear
     * @param backboneTail how many of the model's {@code headLayers} are the backbone's own layers (a
     *                     chain deeper than two layers, or of other widths), 0 for every other import
     * @param sampleWarning a line saying the model predicts the sample worse than its fraud share
     *                     alone does (columns in another order or scale?), or null
     * @param activations  for a copied backbone, the activation after each of its Linear layers
     *                     ({@code relu}, {@code identity} for none, {@code tanh}, …); else empty
     * @param batchNorms   BatchNorm1d layers folded into a copied backbone's Linear layers
     */
    public record Result(FraudModel model, int layers, int probeRows, double probeMaxDiff, double maxDiff,
                         List<String> kernelsChecked, String notAChain, String atLogit, int backboneTail,
                         String sampleWarning, List<String> activations, int batchNorms) {
        public boolean servedAsModule() {
            return notAChain != null;
        }

        /** Whether a copied backbone has ReLU after every Linear layer (and nothing folded into them). */
        public boolean reluChain() {
            return !servedAsModule() && batchNorms == 0 && activations.stream().allMatch("relu"::equals);
        }
    }

    private TorchScriptImport() {}

    /**
     * Imports, checks and returns the model, or throws an {@link IllegalArgumentException} whose
     * message is one line saying what was refused and why.
     */
    public static Result run(Request r) {
        Dataset sample = r.sample();
        int n = sample.size();
        int d = sample.dim();
        if (n == 0) {
            throw new IllegalArgumentException(r.samplePath() + " has no rows: import needs labelled clean data");
        }
        int[] y = sample.labels();
        for (int i = 0; i < n; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new IllegalArgumentException(r.samplePath() + ": row " + (i + 1) + " has no 0/1 label: import "
                        + "needs labelled clean data");
            }
        }
        // A bad rule or key feature is refused now, in the words train and experiment use, not in the job.
        DomainKnowledge.checkedRules(r.rules(), sample.featureNames(), "--rules");
        if (r.keyFeature() != null) {
            DomainKnowledge.checkedKeyFeature(r.keyFeature(), sample.featureNames(), "--key-feature");
        }
        float[][] raw = sample.features();
        Standardizer standardizer = r.standardize() == Standardize.FIT ? Standardizer.fit(raw) : identity(d);

        try (TorchScriptModule backbone = TorchScriptModule.load(r.backbone());
             TorchScriptModule head = TorchScriptModule.load(r.head())) {
            float[] x = standardizer.applyAll(raw, n);
            float[] h;
            try {
                h = hidden(backbone, x, n, d);
            } catch (IllegalArgumentException e) {
                int wants = inputWidth(backbone);
                if (wants > 0 && wants != d) {
                    throw new IllegalArgumentException("backbone " + r.backbone() + " takes " + wants + " features, "
                            + r.samplePath() + " gives " + d + " " + sample.featureNames() + ": name its inputs with "
                            + "--features");
                }
                throw e;
            }
            int hd = h.length / n;
            checkRepeatable("backbone", backbone, x, n, d, h);
            float[] headValues = headValues(head, h, n, hd);
            checkRepeatable("head", head, h, n, hd, headValues);
            float[] userP = probabilities(headValues, r.headOutput());

            HeadOutput other = r.headOutput() == HeadOutput.PROBABILITY ? HeadOutput.LOGIT : HeadOutput.PROBABILITY;
            HeadChoice headChoice = HeadChoice.of(r.head(), bytes(r.head()), head, h, n, hd, userP,
                    probabilities(headValues, other), r.headOutput(),
                    r.headOutput() == HeadOutput.PROBABILITY ? headValues : null);
            LinearChain.Head headChain = headChoice.head();
            String atLogit = headChoice.atLogit();

            float[][] probe = probeRows(raw, standardizer);
            TorchScriptChain.Reading reading = atLogit != null ? TorchScriptChain.Reading.NONE
                    : TorchScriptChain.read(r.backbone());
            List<LinearChain.Candidate> candidates = atLogit != null ? List.of()
                    : LinearChain.candidates(reading, backbone.parameters(), d, headChain);
            CopyChoice choice = CopyChoice.of(backbone, candidates, probe, d);
            LinearChain.Copy copy = choice.taken();
            FrozenWeights chain = copy == null ? null : copy.weights();
            int tail = copy == null ? 0 : copy.tail();
            double probeDiff = choice.probeDiff();
            String found = reading.unsupported().isEmpty() ? "" : " (found " + String.join(", ", reading.unsupported())
                    + ", which no kernel of selfheal's runs)";
            String notAChain = atLogit != null ? "the adapter sits at the logit, after your whole model"
                    : candidates.isEmpty() ? "its parameters are not a chain of Linear layers from the "
                    + d + " features to the head's input" + found
                    : copy != null ? null : String.format(Locale.ROOT,
                    "a copy of %s differs from it by %.3g on probe rows%s", choice.tried().described(), probeDiff, found);
            FrozenWeights frozen = atLogit != null ? FrozenWeights.ofModules(d, bytes(r.backbone()),
                    new FrozenWeights.HeadModule(bytes(r.head()), r.headOutput()))
                    : notAChain == null ? chain : FrozenWeights.ofModule(d, bytes(r.backbone()),
                    headChain.layers(), headChain.hidden(), headChain.weight(), headChain.bias());
            int k = frozen.hidden();
            if (atLogit != null && r.adapterWidth() != null && r.adapterWidth() != 1) {
                throw new IllegalArgumentException("--adapter-width " + r.adapterWidth() + ": the adapter sits at the "
                        + "logit (" + atLogit + "), where it has width 1");
            }

            AdapterShape shape = new AdapterShape(k, r.adapterWidth() == null ? k : r.adapterWidth());
            Adapter adapter = identityAdapter(shape, new SplittableRandom(r.seed()));
            String key = r.keyFeature() != null ? r.keyFeature()
                    : sample.featureNames().contains(ModelFactory.DEFAULT_KEY_FEATURE) ? ModelFactory.DEFAULT_KEY_FEATURE
                    : sample.featureNames().get(0);
            int backboneTail = notAChain == null ? tail : 0;
            Map<String, Object> provenance = provenance(r, frozen, notAChain == null ? choice.tried() : null, n,
                    notAChain, atLogit, backboneTail);
            FraudModel model = new FraudModel("default", sample.featureNames(), r.threshold(), r.rules(), key,
                    standardizer, frozen, adapter, TrainingStats.of(sample.featureNames(), raw), provenance, Map.of());

            List<String> kernels = ScoringKernels.vectorAvailable() && !frozen.isModule()
                    ? List.of(ScoringKernels.DJL, ScoringKernels.VECTOR) : List.of(ScoringKernels.DJL);
            // The sample and the extreme rows: a module scored through DJL must match there too.
            float[][] extremes = extremeRows(raw);
            float[] extremeP = probabilities(headValues(head, hidden(backbone, standardizer.applyAll(extremes,
                    extremes.length), extremes.length, d), extremes.length, hd), r.headOutput());
            float[][] checked = Arrays.copyOf(raw, n + extremes.length);
            System.arraycopy(extremes, 0, checked, n, extremes.length);
            float[] checkedP = Arrays.copyOf(userP, n + extremes.length);
            System.arraycopy(extremeP, 0, checkedP, n, extremes.length);
            double maxDiff = 0;
            for (String kernel : kernels) {
                double diff = servedDifference(model, kernel, checked, checkedP);
                if (!(diff <= TOLERANCE)) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "the served model differs from "
                            + "head(backbone(x)) by %.3g on %s and extreme rows (%s kernel), more than %.0e: not "
                            + "imported", diff,
                            r.samplePath(), kernel, TOLERANCE));
                }
                maxDiff = Math.max(maxDiff, diff);
            }
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("sample_rows", n);
            check.put("extreme_rows", checked.length - n);
            check.put("max_abs_diff", maxDiff);
            check.put("kernels", kernels);
            if (!candidates.isEmpty()) {
                check.put("probe_rows", probe.length);
                check.put("probe_max_rel_diff_h", probeDiff);
            }
            Map<String, Object> training = new LinkedHashMap<>(provenance);
            training.put("check", check);
            model = new FraudModel(model.modelId(), model.features(), model.threshold(), model.rules(), key,
                    standardizer, frozen, adapter, model.trainingStats(), training, Map.of());
            Map<String, Map<String, Object>> metrics = new LinkedHashMap<>();
            metrics.put("clean_test", ModelFactory.evaluate(model, sample));
            // The sample is the only data an imported model comes with: the signals' reference too.
            return new Result(model.withMetrics(metrics).withSignals(sample.features(), sample.labels()),
                    notAChain == null ? copy.layers().size() : -1, probe.length, probeDiff, maxDiff, kernels, notAChain,
                    atLogit, backboneTail, SampleFit.warning(userP, y, r.samplePath().toString()),
                    notAChain == null ? copy.activations() : List.of(),
                    notAChain == null ? choice.tried().batchNorms() : 0);
        }
    }

    /** The input width of a module's first 2-D weight (a Linear's {@code (out,in)}), or -1. */
    private static int inputWidth(TorchScriptModule m) {
        for (TorchScriptModule.Tensor t : m.parameters().values()) {
            if (t.rank() == 2) {
                return (int) t.shape()[1];
            }
        }
        return -1;
    }

    /** The backbone's output on every sample row, checked to be {@code [n, H]}. */
    private static float[] hidden(TorchScriptModule backbone, float[] x, int n, int d) {
        float[] h = null;
        int hd = -1;
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            TorchScriptModule.Tensor t = backbone.forward(Arrays.copyOfRange(x, from * d, (from + m) * d), m, d);
            if (t.rank() != 2 || t.shape()[0] != m) {
                throw new IllegalArgumentException("backbone " + backbone.path() + " returns shape " + t.shapeText()
                        + " for " + m + " rows: expected [rows, hidden]");
            }
            if (h == null) {
                hd = (int) t.shape()[1];
                h = new float[n * hd];
            } else if (t.shape()[1] != hd) {
                throw new IllegalArgumentException("backbone " + backbone.path() + " changes its output width");
            }
            System.arraycopy(t.values(), 0, h, from * hd, m * hd);
        }
        return h;
    }

    /** The head's output, one value per row, on the backbone's output {@code h}. */
    private static float[] headValues(TorchScriptModule head, float[] h, int n, int hd) {
        float[] v = new float[n];
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            TorchScriptModule.Tensor t;
            try {
                t = head.forward(Arrays.copyOfRange(h, from * hd, (from + m) * hd), m, hd);
            } catch (IllegalArgumentException e) {
                int wants = inputWidth(head);
                throw new IllegalArgumentException("head " + head.path() + " does not take the backbone's output of "
                        + "width " + hd + (wants > 0 ? ": it takes width " + wants : ": " + e.getMessage()));
            }
            boolean oneColumn = t.rank() == 2 && t.shape()[0] == m && t.shape()[1] == 1;
            if (!oneColumn && !(t.rank() == 1 && t.shape()[0] == m)) {
                throw new IllegalArgumentException("head " + head.path() + " returns shape " + t.shapeText() + " for "
                        + m + " rows: expected one value per row ([rows, 1] or [rows]), the fraud probability or logit"
                        + (t.rank() == 2 && t.shape()[0] == m && t.shape()[1] == 2 ? "; for a two-class head save "
                        + "one that returns the fraud class's column, e.g. softmax(z, dim=1)[:, 1:]" : ""));
            }
            System.arraycopy(t.values(), 0, v, from, m);
        }
        return v;
    }

    /** The user's model's fraud probability for every row, from the head's output. */
    private static float[] probabilities(float[] headValues, HeadOutput kind) {
        float[] p = new float[headValues.length];
        for (int i = 0; i < p.length; i++) {
            float v = headValues[i];
            p[i] = kind == HeadOutput.LOGIT ? (float) (1 / (1 + Math.exp(-v))) : v;
        }
        return p;
    }

    /**
     * Sample rows and extreme rows (standardised): every feature at ±4 and ±10 standard deviations
     * together, and each one alone at ±10, where an activation that agrees with ReLU near the
     * data (a clamp, ReLU6, a leaky slope) shows.
     */
    static float[][] probeRows(float[][] raw, Standardizer standardizer) {
        float[][] rows = rawProbeRows(raw);
        float[][] out = new float[rows.length][raw[0].length];
        for (int i = 0; i < rows.length; i++) {
            standardizer.apply(rows[i], out[i], 0);
        }
        return out;
    }

    /** The extreme rows of {@link #probeRows} alone (raw). */
    private static float[][] extremeRows(float[][] raw) {
        float[][] rows = rawProbeRows(raw);
        int fromSample = Math.min(PROBE_SAMPLE_ROWS, raw.length);
        return Arrays.copyOfRange(rows, fromSample, rows.length);
    }

    /** {@link #probeRows}, before standardising. */
    private static float[][] rawProbeRows(float[][] raw) {
        int d = raw[0].length;
        Standardizer moments = Standardizer.fit(raw);
        int fromSample = Math.min(PROBE_SAMPLE_ROWS, raw.length);
        float[][] rows = new float[fromSample + 4 + 2 * d][];
        for (int i = 0; i < fromSample; i++) {
            rows[i] = raw[i];
        }
        int at = fromSample;
        for (double k : new double[] {-10, -4, 4, 10}) {
            float[] r = new float[d];
            for (int j = 0; j < d; j++) {
                r[j] = (float) (moments.mean()[j] + k * moments.std()[j]);
            }
            rows[at++] = r;
        }
        for (int j = 0; j < d; j++) {
            for (double k : new double[] {-10, 10}) {
                float[] r = moments.mean().clone();
                r[j] = (float) (moments.mean()[j] + k * moments.std()[j]);
                rows[at++] = r;
            }
        }
        return rows;
    }

    /** {@code rows} row-major. */
    static float[] flat(float[][] rows) {
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return flat;
    }

    /** The backbone module's output on standardised rows, {@code [n, H]}. */
    static float[] moduleOutput(TorchScriptModule backbone, float[][] rows, int d) {
        return hidden(backbone, flat(rows), rows.length, d);
    }

    /**
     * Largest difference between the module's {@code h} ({@code module}, on {@code rows}) and the
     * copy's on those standardised rows, relative to the row's largest {@code |h|} (at least 1):
     * float sums of large activations differ in their last bits, not in their meaning.
     */
    static double backboneDifference(float[] module, LinearChain.Copy copy, float[][] rows) {
        int n = rows.length;
        int hd = copy.outputWidth();
        if (module.length != n * hd) {
            return Double.POSITIVE_INFINITY;
        }
        float[] copied = copy.output(flat(rows), n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double scale = 1;
            for (int k = 0; k < hd; k++) {
                scale = Math.max(scale, Math.abs(module[i * hd + k]));
            }
            for (int k = 0; k < hd; k++) {
                double diff = Math.abs(copied[i * hd + k] - module[i * hd + k]) / scale;
                worst = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(worst, diff);
            }
        }
        return worst;
    }

    /**
     * Refuses a module whose output on the first rows, called again on those alone, is not what
     * it gave them among all the rows: a module saved in training mode (Dropout draws anew each
     * call, BatchNorm normalises with each batch's own statistics) cannot be served.
     */
    private static void checkRepeatable(String what, TorchScriptModule m, float[] x, int n, int d, float[] out) {
        int rows = Math.min(n, REPEAT_ROWS);
        int w = out.length / n;
        TorchScriptModule.Tensor again = m.forward(Arrays.copyOf(x, rows * d), rows, d);
        double worst = again.values().length == rows * w ? 0 : Double.POSITIVE_INFINITY;
        for (int i = 0; i < rows && worst < Double.POSITIVE_INFINITY; i++) {
            double scale = 1;
            for (int k = 0; k < w; k++) {
                scale = Math.max(scale, Math.abs(out[i * w + k]));
            }
            for (int k = 0; k < w; k++) {
                double diff = Math.abs(again.values()[i * w + k] - out[i * w + k]) / scale;
                worst = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(worst, diff);
            }
        }
        if (!(worst <= TOLERANCE)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %s gives the same rows other outputs "
                    + "when called again on %d of them (by %.3g): saved in training mode? Dropout and BatchNorm need "
                    + "model.eval() before torch.jit.trace or torch.jit.script", what, m.path(), rows, worst));
        }
    }

    /** Largest |p_served − p_user| over the sample, scoring with the identity adapter on {@code kernel}. */
    private static double servedDifference(FraudModel model, String kernel, float[][] raw, float[] userP) {
        float[] adapter = model.adapter().params();
        int n = raw.length;
        float[] p = new float[n];
        try (ScoringKernel k = ScoringKernels.create(kernel, model.frozen(), model.adapterShape(),
                model.standardizer(), adapter)) {
            ScoringKernel.Weights w = k.prepare(adapter);
            ScoringKernel.Weights[] handles = new ScoringKernel.Weights[Math.min(CHUNK, n)];
            Arrays.fill(handles, w);
            float[] chunkP = new float[handles.length];
            for (int from = 0; from < n; from += CHUNK) {
                int m = Math.min(CHUNK, n - from);
                k.score(Arrays.copyOfRange(raw, from, from + m), m, handles, chunkP, null);
                System.arraycopy(chunkP, 0, p, from, m);
            }
        }
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(p[i] - userP[i]));
        }
        return worst;
    }

    /**
     * An adapter that leaves {@code h} unchanged, exactly: its last layer is zero, so
     * {@code h + s·(0·t + 0) = h}, while its scale and first layer are as a trained one starts,
     * so the first heal's gradient reaches the last layer at once (a zero scale would leave only
     * the scale with a gradient).
     */
    static Adapter identityAdapter(AdapterShape shape, SplittableRandom rng) {
        float[] p = Adapter.initial(shape, rng).params();
        Arrays.fill(p, shape.w2Offset(), shape.size(), 0f);
        return new Adapter(shape, p);
    }

    private static Standardizer identity(int d) {
        float[] ones = new float[d];
        Arrays.fill(ones, 1f);
        return new Standardizer(new float[d], ones);
    }

    private static Map<String, Object> provenance(Request r, FrozenWeights frozen, LinearChain.Candidate copied,
                                                  int rows, String notAChain, String atLogit, int backboneTail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", "torchscript");
        m.put("backbone", fileInfo(r.backbone()));
        if (atLogit != null) {
            // The user's whole model is frozen; only these keys are new, older imports write none of them.
            m.put("backbone_kind", "torchscript");
            m.put("scored_by", "djl");
            m.put("insertion", ModelDirectory.INSERTION_LOGIT);
            m.put("head_kind", "torchscript");
            m.put("at_logit", atLogit);
        } else if (notAChain == null) {
            LinearChain.Copy copy = copied.copy();
            boolean relu = DenseLayer.allRelu(copy.layers());
            m.put("backbone_kind", relu ? "linear-relu-chain" : "linear-chain");
            m.put("backbone_layers", copy.layers().size());
            // Only these keys are new: a ReLU chain's provenance reads as it always did.
            if (!relu) {
                m.put("backbone_activations", copy.activations());
            }
            if (copied.batchNorms() > 0) {
                m.put("backbone_batchnorm_folded", copied.batchNorms());
            }
            if (backboneTail > 0) {
                // The chain's layers after selfheal's two are held with the head's hidden layers, first.
                m.put(BACKBONE_LAYERS_IN_HEAD_LAYERS, backboneTail);
            }
        } else {
            m.put("backbone_kind", "torchscript");
            m.put("scored_by", "djl");
            m.put("not_a_chain", notAChain);
        }
        m.put("head", fileInfo(r.head()));
        m.put("head_output", r.headOutput().cliName());
        if (frozen.headLayers().size() > backboneTail) {
            // The head's hidden layers are frozen on the backbone's side; the adapter sees their output.
            int[] widths = frozen.headWidths();
            List<DenseLayer> hidden = frozen.headLayers().subList(backboneTail, frozen.headLayers().size());
            boolean relu = DenseLayer.allRelu(hidden);
            m.put("head_kind", relu ? "linear-relu-chain" : "linear-chain");
            if (!relu) {
                // Only this key is new: a Linear/ReLU head's provenance reads as it always did.
                m.put("head_activations", hidden.stream().map(l -> l.activation().label()).toList());
            }
            m.put("head_widths", Arrays.copyOfRange(widths, backboneTail, widths.length));
            m.put("backbone_width", widths[backboneTail]);
        }
        m.put("hidden", frozen.hidden());
        m.put("standardize", r.standardize().cliName());
        if (r.standardize() == Standardize.NONE) {
            // Raw inputs: the input path reads them in the sample's standard deviations instead.
            m.put(FraudModel.INPUT_PATH_SCALE, FraudModel.SAMPLE_SCALE);
        }
        Map<String, Object> s = fileInfo(r.samplePath());
        s.put("rows", rows);
        m.put("sample", s);
        m.put("seed", r.seed());
        return m;
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> fileInfo(Path p) {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            byte[] bytes = Files.readAllBytes(p);
            m.put("path", p.toAbsolutePath().normalize().toString());
            m.put("sha256", ModelDirectory.sha256(bytes));
            m.put("bytes", bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
        return m;
    }
}
