package dev.selfheal.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A served adapter taken back to PyTorch: everything one registry version applies around the
 * frozen network — the adapter, the calibration and the input path to the logit — as a
 * safetensors file, named as a {@code torch.nn} module would name them, beside a small Python
 * module ({@value #MODULE}) that rebuilds calibration → backbone → adapter → head → output map and
 * input path from the user's two TorchScript files and that file. The frozen head weights and the
 * standardisation go in too (a few KB), and a Linear/ReLU chain's backbone weights, so a model
 * selfheal trained itself can be rebuilt the same way without any {@code .pt} file; a TorchScript
 * backbone of another architecture needs the user's {@code backbone.pt}.
 *
 * <p>Format 2 added the input path ({@code input_path.linear}, {@code input_path.square}); a
 * format 1 file has none, which is the identity. Format 3 is format 2 for a model whose head is an
 * MLP: the head's hidden layers ({@code frozen.head_hidden.N.weight}/{@code .bias}, each followed by
 * ReLU) run between backbone and adapter, {@code frozen.head} is the head's last Linear, and the
 * metadata's {@code head_widths} give the layers' widths. A model whose head is one Linear layer
 * exports as format 2, as it always did. Format 4 is format 2 for a model whose adapter sits at the
 * logit (metadata {@code insertion: logit}): the frozen part is the user's {@code backbone.pt}
 * then {@code head.pt}, whose output as a logit (metadata {@code head_output}) the adapter acts on,
 * and {@code frozen.head} is {@code Linear(1→1)} with weight 1 and bias 0.
 *
 * <p>An imported Linear/ReLU chain deeper than two layers (or of other widths) is held as its first
 * layer, an identity, and its further layers first among {@code frozen.head_hidden}: the metadata's
 * {@value #BACKBONE_LAYERS_IN_HEAD_HIDDEN} says how many, which the user's {@code backbone.pt} runs.
 *
 * <p>Format 5 is format 2 or 3 for a copied chain with other activations than ReLU: the metadata's
 * {@code activations} name the one after each frozen layer, {@code frozen.backbone.0} and
 * {@code .2} then each {@code frozen.head_hidden.N} ({@code relu}, {@code identity}, {@code tanh},
 * {@code leaky_relu(0.1)}, …), so that a loader that predates them refuses the file instead of
 * putting ReLU in their place. Format 6 is format 5 naming an activation added since
 * ({@code softplus(1.0,20.0)}, {@code relu6}, {@code hardtanh(-1.0,1.0)}, {@code mish},
 * {@code prelu(0.25)}, or {@code prelu(…)} with one slope per unit, commas inside its parentheses),
 * so that a loader that knows only format 5's activations refuses it. After a TorchScript backbone
 * (no {@code frozen.backbone} tensors), {@code activations} name those of the
 * {@code frozen.head_hidden.N} layers alone, also in format 6. Format 7 is format 6 where a
 * layer's outputs go through a LayerNorm before its activation, named first in the same list:
 * {@code layer_norm(eps,weights…,biases…)+gelu}; a loader that predates LayerNorm refuses it.
 *
 * <p>Format 8 is any of the above whose input path has {@link HiddenUnits}
 * ({@code input_path.units.weight} {@code [16, d]}, {@code .bias}, {@code .out}); the metadata's
 * {@code layout_format} names the format it would have had without them. A loader that predates the
 * units refuses it instead of serving the path without them.
 */
public final class AdapterExport {
    public static final String FILE = "adapter.safetensors";
    public static final String MODULE = "selfheal_model.py";
    public static final String FORMAT = "selfheal-adapter/2";
    /** {@link #FORMAT} plus an MLP head's hidden layers. */
    public static final String FORMAT_MLP_HEAD = "selfheal-adapter/3";
    /** {@link #FORMAT} for a model whose adapter sits at the logit of the user's two modules. */
    public static final String FORMAT_LOGIT = "selfheal-adapter/4";
    /** {@link #FORMAT} or {@link #FORMAT_MLP_HEAD} with the activation after each frozen layer named. */
    public static final String FORMAT_ACTIVATIONS = "selfheal-adapter/5";
    /** {@link #FORMAT_ACTIVATIONS} naming an activation added since ({@link Activation#later()}). */
    public static final String FORMAT_LATER_ACTIVATIONS = "selfheal-adapter/6";
    /** {@link #FORMAT_LATER_ACTIVATIONS} with a LayerNorm before a layer's activation ({@link Activation#normed()}). */
    public static final String FORMAT_LAYER_NORM = "selfheal-adapter/7";
    /** Any earlier format whose input path has hidden units; {@code layout_format} names that format. */
    public static final String FORMAT_UNITS = "selfheal-adapter/8";
    /**
     * Metadata key: how many of the first {@code frozen.head_hidden} layers are the backbone's own (a
     * Linear/ReLU chain deeper than two layers); a loader given the backbone's {@code .pt} skips them.
     */
    public static final String BACKBONE_LAYERS_IN_HEAD_HIDDEN = "backbone_layers_in_head_hidden";
    private static final String FORMAT_1 = "selfheal-adapter/1";

    private AdapterExport() {}

    /** Writes {@value #FILE} and {@value #MODULE} into {@code dir}. */
    public static void write(FraudModel model, float[] servedVector, long version, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(FILE), safetensors(model, servedVector, version));
            Files.writeString(dir.resolve(MODULE), pythonModule());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The safetensors bytes of {@code servedVector} (a {@link ServedAdapter} vector of {@code model}). */
    public static byte[] safetensors(FraudModel model, float[] servedVector, long version) {
        int d = model.features().size();
        ServedAdapter served = ServedAdapter.of(servedVector, model.adapterShape(), d);
        AdapterShape s = model.adapterShape();
        float[] a = served.adapter().params();
        int h = s.hidden();
        int w = s.width();
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        t.put("adapter.scale", new SafeTensors.Tensor(new long[] {1}, new float[] {a[0]}));
        t.put("adapter.0.weight", slice(a, s.w1Offset(), w, h));
        t.put("adapter.0.bias", slice(a, s.b1Offset(), w));
        t.put("adapter.2.weight", slice(a, s.w2Offset(), h, w));
        t.put("adapter.2.bias", slice(a, s.b2Offset(), h));
        Calibration c = served.calibration();
        t.put("calibration.input_scale", new SafeTensors.Tensor(new long[] {d}, c.scale()));
        t.put("calibration.input_shift", new SafeTensors.Tensor(new long[] {d}, c.shift()));
        t.put("calibration.output", new SafeTensors.Tensor(new long[] {2}, new float[] {c.outScale(), c.outShift()}));
        InputPath path = served.path();
        t.put("input_path.linear", new SafeTensors.Tensor(new long[] {d}, path.linear()));
        t.put("input_path.square", new SafeTensors.Tensor(new long[] {d}, path.square()));
        if (path.link() != null) {
            t.put("input_path.link_in", new SafeTensors.Tensor(new long[] {OutputLink.KNOTS}, path.link().in()));
            t.put("input_path.link_out", new SafeTensors.Tensor(new long[] {OutputLink.KNOTS}, path.link().out()));
        }
        HiddenUnits units = path.units();
        if (units != null) {
            t.put("input_path.units.weight", new SafeTensors.Tensor(new long[] {HiddenUnits.UNITS, d}, units.weight()));
            t.put("input_path.units.bias", new SafeTensors.Tensor(new long[] {HiddenUnits.UNITS}, units.bias()));
            t.put("input_path.units.out", new SafeTensors.Tensor(new long[] {HiddenUnits.UNITS}, units.out()));
        }
        t.put("standardizer.mean", new SafeTensors.Tensor(new long[] {d}, model.standardizer().mean()));
        t.put("standardizer.std", new SafeTensors.Tensor(new long[] {d}, model.standardizer().std()));
        if (model.pathScaledBySample()) {
            Standardizer pathScale = model.inputPathScale();
            t.put("input_path.mean", new SafeTensors.Tensor(new long[] {d}, pathScale.mean()));
            t.put("input_path.std", new SafeTensors.Tensor(new long[] {d}, pathScale.std()));
        }
        FrozenWeights f = model.frozen();
        int b = f.backboneWidth();
        if (!f.isModule()) {
            t.put("frozen.backbone.0.weight", new SafeTensors.Tensor(new long[] {b, d}, f.w1()));
            t.put("frozen.backbone.0.bias", new SafeTensors.Tensor(new long[] {b}, f.b1()));
            t.put("frozen.backbone.2.weight", new SafeTensors.Tensor(new long[] {b, b}, f.w2()));
            t.put("frozen.backbone.2.bias", new SafeTensors.Tensor(new long[] {b}, f.b2()));
        }
        boolean mlpHead = !f.headLayers().isEmpty();
        for (int i = 0; i < f.headLayers().size(); i++) {
            DenseLayer l = f.headLayers().get(i);
            t.put("frozen.head_hidden." + i + ".weight", new SafeTensors.Tensor(new long[] {l.out(), l.in()},
                    l.weight()));
            t.put("frozen.head_hidden." + i + ".bias", new SafeTensors.Tensor(new long[] {l.out()}, l.bias()));
        }
        t.put("frozen.head.weight", new SafeTensors.Tensor(new long[] {1, h}, f.headW()));
        t.put("frozen.head.bias", new SafeTensors.Tensor(new long[] {1}, f.headB()));

        Map<String, String> meta = new LinkedHashMap<>();
        boolean activations = !f.reluOnly();
        meta.put("format", switch (f.layout()) {
            case RELU_CHAIN -> FORMAT;
            case MLP_HEAD -> FORMAT_MLP_HEAD;
            case AT_LOGIT -> FORMAT_LOGIT;
            case ACTIVATIONS -> FORMAT_ACTIVATIONS;
            case LATER_ACTIVATIONS -> FORMAT_LATER_ACTIVATIONS;
            case LAYER_NORM -> FORMAT_LAYER_NORM;
        });
        if (units != null) {
            meta.put("layout_format", meta.get("format"));
            meta.put("format", FORMAT_UNITS);
        }
        meta.put("model", model.modelId());
        meta.put("version", Long.toString(version));
        meta.put("features", String.join(",", model.features()));
        meta.put("hidden", Integer.toString(h));
        meta.put("adapter_width", Integer.toString(w));
        meta.put("threshold", Double.toString(model.threshold()));
        meta.put("input_path_clamp", Double.toString(InputPath.CLAMP));
        meta.put("backbone_format", f.isModule() ? ModelDirectory.TORCHSCRIPT
                : activations ? "linear-chain" : "linear-relu-chain");
        if (activations) {
            meta.put("activations", f.activations().stream().map(Activation::text)
                    .collect(java.util.stream.Collectors.joining(",")));
        }
        if (mlpHead) {
            meta.put("head_widths", java.util.Arrays.stream(f.headWidths()).mapToObj(Integer::toString)
                    .collect(java.util.stream.Collectors.joining(",")));
        }
        if (f.atLogit()) {
            meta.put("insertion", ModelDirectory.INSERTION_LOGIT);
        }
        Map<String, Object> training = model.training();
        if (training.get(TorchScriptImport.BACKBONE_LAYERS_IN_HEAD_LAYERS) instanceof Number k && k.intValue() > 0) {
            // The first k head_hidden layers are the backbone's own: its backbone.pt already runs them.
            meta.put(BACKBONE_LAYERS_IN_HEAD_HIDDEN, Integer.toString(k.intValue()));
        }
        meta.put("head_output", f.atLogit() ? f.headModule().output().cliName()
                : String.valueOf(training.getOrDefault("head_output", "probability")));
        meta.put("source", String.valueOf(training.getOrDefault("source", "selfheal")));
        for (String part : new String[] {"backbone", "head"}) {
            if (training.get(part) instanceof Map<?, ?> info) {
                meta.put(part + "_path", String.valueOf(info.get("path")));
                meta.put(part + "_sha256", String.valueOf(info.get("sha256")));
            }
        }
        return SafeTensors.write(t, meta);
    }

    /**
     * The served-adapter vector a file written by {@link #safetensors} holds, for a model of
     * {@code shape} and {@code dim} features.
     *
     * @throws IllegalArgumentException when the file is not one of these or of another shape
     */
    public static ServedAdapter read(byte[] bytes, AdapterShape shape, int dim) {
        SafeTensors.Contents c = SafeTensors.read(bytes);
        String format = c.metadata().get("format");
        if (!FORMAT.equals(format) && !FORMAT_1.equals(format) && !FORMAT_MLP_HEAD.equals(format)
                && !FORMAT_LOGIT.equals(format) && !FORMAT_ACTIVATIONS.equals(format)
                && !FORMAT_LATER_ACTIVATIONS.equals(format) && !FORMAT_LAYER_NORM.equals(format)
                && !FORMAT_UNITS.equals(format)) {
            throw new IllegalArgumentException("not a selfheal adapter export (format " + c.metadata().get("format")
                    + ")");
        }
        float[] a = new float[shape.size()];
        a[0] = tensor(c, "adapter.scale", 1)[0];
        System.arraycopy(tensor(c, "adapter.0.weight", shape.width() * shape.hidden()), 0, a, shape.w1Offset(),
                shape.width() * shape.hidden());
        System.arraycopy(tensor(c, "adapter.0.bias", shape.width()), 0, a, shape.b1Offset(), shape.width());
        System.arraycopy(tensor(c, "adapter.2.weight", shape.hidden() * shape.width()), 0, a, shape.w2Offset(),
                shape.hidden() * shape.width());
        System.arraycopy(tensor(c, "adapter.2.bias", shape.hidden()), 0, a, shape.b2Offset(), shape.hidden());
        float[] out = tensor(c, "calibration.output", 2);
        OutputLink link = c.tensors().containsKey("input_path.link_in")
                ? new OutputLink(tensor(c, "input_path.link_in", OutputLink.KNOTS),
                        tensor(c, "input_path.link_out", OutputLink.KNOTS)) : null;
        HiddenUnits units = FORMAT_UNITS.equals(format)
                ? new HiddenUnits(tensor(c, "input_path.units.weight", HiddenUnits.UNITS * dim),
                        tensor(c, "input_path.units.bias", HiddenUnits.UNITS),
                        tensor(c, "input_path.units.out", HiddenUnits.UNITS)) : null;
        InputPath path = FORMAT_1.equals(format) ? InputPath.zero(dim)
                : new InputPath(tensor(c, "input_path.linear", dim), tensor(c, "input_path.square", dim), link, units);
        return new ServedAdapter(new Adapter(shape, a), new Calibration(tensor(c, "calibration.input_scale", dim),
                tensor(c, "calibration.input_shift", dim), out[0], out[1]), path);
    }

    private static float[] tensor(SafeTensors.Contents c, String name, int size) {
        SafeTensors.Tensor t = c.tensors().get(name);
        if (t == null || t.values().length != size) {
            throw new IllegalArgumentException("adapter export: " + name + (t == null ? " is missing"
                    : " has " + t.values().length + " values, the model needs " + size));
        }
        return t.values();
    }

    private static SafeTensors.Tensor slice(float[] a, int offset, int... shape) {
        int n = 1;
        long[] s = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            n *= shape[i];
            s[i] = shape[i];
        }
        return new SafeTensors.Tensor(s, java.util.Arrays.copyOfRange(a, offset, offset + n));
    }

    /** The Python module's source (a resource of this jar). */
    public static String pythonModule() {
        try (InputStream in = AdapterExport.class.getResourceAsStream("/export/" + MODULE)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no /export/" + MODULE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
