package dev.selfheal.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layers a TorchScript file records, read from its module tree in the order its modules were
 * registered, as a chain selfheal's kernels can run: Linear layers, each with the activation
 * after it (none when none follows), a BatchNorm1d folded into the Linear before it (or, when it
 * follows an activation or leads the chain, into the Linear after it), Dropout and Identity
 * skipped (they pass their input in eval mode), a LayerNorm over the last dimension kept with the
 * Linear before it when no activation came between them, else (at the input, after an activation)
 * with an identity Linear of its own width. The order a module calls its layers in is not
 * read, only the order they were registered in: the caller accepts the chain only once its copy
 * gives the module's outputs on probe rows.
 */
final class TorchScriptChain {
    private static final String NN = "__torch__.torch.nn.modules.";
    private static final Set<String> PASS = Set.of("Dropout", "AlphaDropout", "Identity");
    private static final Set<String> CONTAINERS = Set.of("Sequential", "ModuleList");
    private static final String PLAIN_NUMBER = "[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?";
    private static final String NUMBER = "(" + PLAIN_NUMBER + ")";

    /**
     * What the file records.
     *
     * @param layers      the chain, BatchNorm folded in; null when the layers are no such chain
     * @param types       the layer types in order, e.g. {@code [Linear, BatchNorm1d, Tanh, Linear]}
     * @param unsupported layer types in it that no kernel of selfheal's runs, e.g. {@code [LayerNorm]}
     * @param batchNorms  BatchNorm1d layers folded into the chain's Linear layers
     */
    record Reading(List<DenseLayer> layers, List<String> types, List<String> unsupported, int batchNorms) {
        static final Reading NONE = new Reading(null, List.of(), List.of(), 0);
    }

    private TorchScriptChain() {}

    /** The chain {@code file} records; {@link Reading#NONE} when its archive cannot be read. */
    static Reading read(Path file) {
        TorchScriptArchive archive;
        List<TorchPickle.Obj> leaves = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        try {
            archive = TorchScriptArchive.read(file);
            if (!(archive.root() instanceof TorchPickle.Obj root) || !leaves(root, leaves, unsupported)) {
                return Reading.NONE;
            }
        } catch (RuntimeException e) {
            // not an archive this reader knows: the module is described by its parameters alone
            return Reading.NONE;
        }
        List<String> types = leaves.stream().map(o -> o.type.name()).toList();
        if (!unsupported.isEmpty()) {
            return new Reading(null, types, List.copyOf(new LinkedHashSet<>(unsupported)), 0);
        }
        try {
            Folding f = new Folding();
            for (TorchPickle.Obj leaf : leaves) {
                f.add(leaf, archive);
            }
            return new Reading(f.finish(), types, List.of(), f.batchNorms);
        } catch (RuntimeException e) {
            // a tensor, a shape or a constant this reader cannot take: the file is described by its parameters alone
            return new Reading(null, types, List.of(), 0);
        }
    }

    /**
     * Collects the layers below {@code m} depth first, in registration order; false when a module
     * of the user's own holds tensors of its own (it does something with them that no layer
     * records).
     */
    private static boolean leaves(TorchPickle.Obj m, List<TorchPickle.Obj> out, List<String> unsupported) {
        boolean torchNn = m.type.module().startsWith(NN);
        if (torchNn && !CONTAINERS.contains(m.type.name())) {
            out.add(m);
            if (!known(m.type.name())) {
                unsupported.add(m.type.name());
            }
            return true;
        }
        for (Map.Entry<String, Object> e : m.state.entrySet()) {
            Object v = e.getValue();
            if (v instanceof TorchPickle.Obj child) {
                if (!leaves(child, out, unsupported)) {
                    return false;
                }
            } else if (v instanceof TorchPickle.TensorRef) {
                return false;
            }
        }
        return true;
    }

    /** Whether the kernels copy a layer of this {@code torch.nn} type (or it passes its input in eval mode). */
    static boolean copies(String type) {
        return known(type);
    }

    private static boolean known(String type) {
        return type.equals("Linear") || type.equals("BatchNorm1d") || type.equals("LayerNorm") || PASS.contains(type)
                || switch (type) {
            case "ReLU", "Tanh", "Sigmoid", "SiLU", "LeakyReLU", "ELU", "GELU", "Softplus", "ReLU6", "Hardtanh", "Mish",
                 "PReLU" -> true;
            default -> false;
        };
    }

    /** Builds the chain layer by layer, folding BatchNorm as it comes. */
    private static final class Folding {
        private final List<DenseLayer> done = new ArrayList<>();
        private double[] weight;
        private double[] bias;
        private int in;
        private int out;
        private Activation activation;
        /** A LayerNorm after the open Linear, before its activation. */
        private LayerNorm norm;
        /** A BatchNorm's {@code x·scale + shift} waiting for the next Linear's input. */
        private double[] scale;
        private double[] shift;
        int batchNorms;

        void add(TorchPickle.Obj leaf, TorchScriptArchive archive) {
            String type = leaf.type.name();
            if (PASS.contains(type)) {
                return;
            }
            switch (type) {
                case "Linear" -> linear(leaf, archive);
                case "BatchNorm1d" -> batchNorm(leaf, archive);
                case "LayerNorm" -> layerNorm(leaf, archive);
                default -> {
                    if (weight == null || activation != null || scale != null) {
                        throw new IllegalArgumentException(type + " after no Linear, after another activation or "
                                + "after a BatchNorm that follows a LayerNorm");
                    }
                    activation = activation(leaf, archive);
                }
            }
        }

        private void linear(TorchPickle.Obj leaf, TorchScriptArchive archive) {
            close();
            TorchPickle.TensorRef w = (TorchPickle.TensorRef) leaf.state.get("weight");
            if (w.shape().length != 2) {
                throw new IllegalArgumentException("a Linear weight of rank " + w.shape().length);
            }
            out = (int) w.shape()[0];
            in = (int) w.shape()[1];
            if (scale != null && scale.length != in) {
                throw new IllegalArgumentException("a BatchNorm of another width than the Linear after it");
            }
            float[] wf = archive.values(w);
            Object b = leaf.state.get("bias");
            float[] bf = b == null ? new float[out] : archive.values((TorchPickle.TensorRef) b);
            if (bf.length != out) {
                throw new IllegalArgumentException("a Linear bias of another width");
            }
            weight = new double[in * out];
            bias = new double[out];
            for (int o = 0; o < out; o++) {
                double sum = bf[o];
                for (int i = 0; i < in; i++) {
                    double wv = wf[o * in + i];
                    // a BatchNorm before this layer: w·(x·scale + shift) + b
                    weight[o * in + i] = scale == null ? wv : wv * scale[i];
                    sum += scale == null ? 0 : wv * shift[i];
                }
                bias[o] = sum;
            }
            scale = null;
            shift = null;
        }

        /**
         * A LayerNorm goes with the open Linear when nothing came after it yet; otherwise (at the
         * input, after an activation or another LayerNorm) an identity Linear of its width carries
         * it, whose activation is whatever follows.
         */
        private void layerNorm(TorchPickle.Obj leaf, TorchScriptArchive archive) {
            LayerNorm ln = TorchScriptNorms.layerNorm(leaf, archive);
            if (weight == null || activation != null || norm != null) {
                if (scale != null) {
                    throw new IllegalArgumentException("a BatchNorm right before a LayerNorm");
                }
                close();
                int n = ln.units();
                if (!done.isEmpty() && done.get(done.size() - 1).out() != n) {
                    throw new IllegalArgumentException("a LayerNorm of another width than the layer before it");
                }
                in = n;
                out = n;
                weight = new double[n * n];
                bias = new double[n];
                for (int i = 0; i < n; i++) {
                    weight[i * n + i] = 1;
                }
            } else if (ln.units() != out) {
                throw new IllegalArgumentException("a LayerNorm of another width than the Linear before it");
            }
            norm = ln;
        }

        /** {@code BN(x) = (x − mean)·γ/√(var + eps) + β = x·s + t}, folded where it can be. */
        private void batchNorm(TorchPickle.Obj leaf, TorchScriptArchive archive) {
            float[] mean = archive.values((TorchPickle.TensorRef) leaf.state.get("running_mean"));
            float[] var = archive.values((TorchPickle.TensorRef) leaf.state.get("running_var"));
            Object g = leaf.state.get("weight");
            Object be = leaf.state.get("bias");
            float[] gamma = g == null ? null : archive.values((TorchPickle.TensorRef) g);
            float[] beta = be == null ? null : archive.values((TorchPickle.TensorRef) be);
            double eps = constant(archive.classSource(leaf.type), "eps",
                    "batch_norm\\([\\w.]+, [\\w.]+, [\\w.]+, [\\w.]+, [\\w.]+, (?:True|False), " + NUMBER + ", " + NUMBER,
                    2);
            int n = mean.length;
            double[] s = new double[n];
            double[] t = new double[n];
            for (int j = 0; j < n; j++) {
                s[j] = (gamma == null ? 1 : gamma[j]) / Math.sqrt(var[j] + eps);
                t[j] = (beta == null ? 0 : beta[j]) - mean[j] * s[j];
            }
            batchNorms++;
            if (weight != null && activation == null && norm == null) {
                if (n != out) {
                    throw new IllegalArgumentException("a BatchNorm of another width than the Linear before it");
                }
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < in; i++) {
                        weight[o * in + i] *= s[o];
                    }
                    bias[o] = bias[o] * s[o] + t[o];
                }
            } else if (scale == null) {
                scale = s;
                shift = t;
            } else {
                throw new IllegalArgumentException("two BatchNorm layers with no Linear between them");
            }
        }

        private void close() {
            if (weight == null) {
                return;
            }
            float[] w = new float[weight.length];
            float[] b = new float[bias.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) weight[i];
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) bias[i];
            }
            if (!done.isEmpty() && done.get(done.size() - 1).out() != in) {
                throw new IllegalArgumentException("Linear layers whose widths do not chain");
            }
            done.add(new DenseLayer(in, out, w, b, (activation == null ? Activation.IDENTITY : activation).withNorm(norm)));
            weight = null;
            activation = null;
            norm = null;
        }

        List<DenseLayer> finish() {
            close();
            if (done.isEmpty() || scale != null) {
                throw new IllegalArgumentException("no Linear layer, or a BatchNorm after the last one");
            }
            return done;
        }
    }

    /**
     * The activation a layer computes; its constants (a LeakyReLU's slope, an ELU's alpha, a GELU's
     * form, a Softplus's beta and threshold, a Hardtanh's bounds) read from its class's source, where
     * a scripted module declares them {@code Final} and a traced one passes them in its forward
     * call, and a PReLU's slopes from its weight.
     */
    private static Activation activation(TorchPickle.Obj leaf, TorchScriptArchive archive) {
        String type = leaf.type.name();
        String source = archive.classSource(leaf.type);
        return switch (type) {
            case "ReLU" -> Activation.RELU;
            case "Tanh" -> Activation.of(Activation.Kind.TANH);
            case "Sigmoid" -> Activation.of(Activation.Kind.SIGMOID);
            case "SiLU" -> Activation.of(Activation.Kind.SILU);
            case "LeakyReLU" -> new Activation(Activation.Kind.LEAKY_RELU,
                    (float) argument(source, "negative_slope", "leaky_relu", 0.01));
            case "ELU" -> new Activation(Activation.Kind.ELU, (float) argument(source, "alpha", "elu", 1.0));
            case "GELU" -> {
                Matcher m = Pattern.compile("approximate(?: : Final\\[str\\] )?=\\s*\"(\\w+)\"").matcher(source);
                String form = m.find() ? m.group(1) : "none";
                yield switch (form) {
                    case "none" -> Activation.of(Activation.Kind.GELU);
                    case "tanh" -> Activation.of(Activation.Kind.GELU_TANH);
                    default -> throw new IllegalArgumentException("GELU of form " + form);
                };
            }
            case "Softplus" -> new Activation(Activation.Kind.SOFTPLUS, floats(arguments(source, "softplus",
                    new String[] {"beta", "threshold"}, new double[] {1, 20})));
            case "ReLU6" -> Activation.of(Activation.Kind.RELU6);
            case "Hardtanh" -> new Activation(Activation.Kind.HARDTANH, floats(arguments(source, "hardtanh",
                    new String[] {"min_val", "max_val"}, new double[] {-1, 1})));
            case "Mish" -> Activation.of(Activation.Kind.MISH);
            case "PReLU" -> new Activation(Activation.Kind.PRELU,
                    archive.values((TorchPickle.TensorRef) leaf.state.get("weight")));
            default -> throw new IllegalArgumentException("no activation " + type);
        };
    }

    /**
     * The float constants {@code names} of an activation: each one's {@code Final} declaration
     * (a scripted module's), else the arguments after the input of its forward's call to
     * {@code function} (a traced module's), which leaves out trailing ones at their default,
     * {@code standard}.
     */
    private static double[] arguments(String source, String function, String[] names, double[] standard) {
        double[] out = standard.clone();
        boolean declared = true;
        for (int i = 0; i < names.length; i++) {
            Matcher f = Pattern.compile(names[i] + " : Final\\[(?:float|int)\\] = " + NUMBER).matcher(source);
            if (f.find()) {
                out[i] = Double.parseDouble(f.group(1));
            } else {
                declared = false;
            }
        }
        if (declared) {
            return out;
        }
        Matcher c = Pattern.compile("\\b" + function + "\\([\\w.]+((?:, " + PLAIN_NUMBER + ")*)\\)")
                .matcher(source);
        if (!c.find()) {
            throw new IllegalArgumentException("no " + String.join(", ", names) + " in the class's source");
        }
        String[] given = c.group(1).isEmpty() ? new String[0] : c.group(1).substring(2).split(", ");
        if (given.length > names.length) {
            throw new IllegalArgumentException(function + " called with more arguments than " + String.join(", ", names));
        }
        for (int i = 0; i < given.length; i++) {
            out[i] = Double.parseDouble(given[i]);
        }
        return out;
    }

    private static float[] floats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    /**
     * The float argument {@code name} of an activation: its {@code Final} declaration, else the
     * second argument of its forward's call to {@code function}, or {@code standard} when that call
     * leaves it out (a traced call does, at PyTorch's default).
     */
    private static double argument(String source, String name, String function, double standard) {
        boolean declared = Pattern.compile(name + " : Final\\[float\\] = ").matcher(source).find();
        if (!declared && Pattern.compile("\\b" + function + "\\([\\w.]+\\)").matcher(source).find()) {
            return standard;
        }
        return constant(source, name, "\\b" + function + "\\([\\w.]+, " + NUMBER, 1);
    }

    /**
     * A float constant of a module's class: its {@code Final} declaration, else group {@code group}
     * of {@code call} in its forward.
     */
    private static double constant(String source, String name, String call, int group) {
        Matcher f = Pattern.compile(name + " : Final\\[float\\] = " + NUMBER).matcher(source);
        if (f.find()) {
            return Double.parseDouble(f.group(1));
        }
        Matcher c = Pattern.compile(call).matcher(source);
        if (c.find()) {
            return Double.parseDouble(c.group(group));
        }
        throw new IllegalArgumentException("no " + name + " in the class's source");
    }
}
