package dev.selfheal.model;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The frozen part of a model: a backbone (standardised features → its output, width B), the
 * head's hidden layers (none for a head that is one Linear layer: then {@code h} is the backbone's
 * output) giving {@code h} (width H, what the adapter sees), and the head's last layer
 * {@code Linear(H→1)}, trained once (with the adapter, on clean data, or by a user in PyTorch),
 * then never changed. The backbone is either the chain {@code Linear(d→B) ReLU Linear(B→B) ReLU},
 * held as weights ({@code (out,in)} row-major as in PyTorch) that every kernel can copy, or a
 * user's TorchScript module of any architecture ({@link #backboneModule()}, its file's bytes),
 * which only DJL can run: then the chain's weights are null. The head's hidden layers
 * ({@link #headLayers()}, each Linear then ReLU) are weights in both cases: with a chain backbone
 * they make one longer chain.
 *
 * <p>A copied chain's layers each carry their activation: ReLU for selfheal's own model, and
 * whatever an imported chain has between its Linear layers (none after its last one, Tanh,
 * LeakyReLU, …): {@link #backboneActivations()} for the first two, each of {@link #headLayers()}
 * its own, and {@link #chain()} lists them all. An MLP head's hidden layers carry theirs after a
 * module backbone too; {@link #activations()} lists what a model directory and an export name.
 *
 * <p>A user's head that is neither ({@link #headModule()}) makes the whole user model the frozen
 * part: its backbone module, then its head module, whose output as a logit is {@code h} (H = 1);
 * the adapter then sits at the logit and the head selfheal serves is {@code Linear(1→1)} with
 * weight 1 and bias 0.
 */
public record FrozenWeights(int inputDim, int hidden, float[] w1, float[] b1, float[] w2, float[] b2,
                            float[] headW, float[] headB, byte[] backboneModule, List<DenseLayer> headLayers,
                            HeadModule headModule, List<Activation> backboneActivations) {
    private static final List<Activation> RELU_RELU = List.of(Activation.RELU, Activation.RELU);

    public FrozenWeights {
        headLayers = headLayers == null ? List.of() : List.copyOf(headLayers);
        backboneActivations = backboneActivations == null ? RELU_RELU : List.copyOf(backboneActivations);
        if (backboneActivations.size() != 2) {
            throw new IllegalArgumentException("the backbone's two layers need two activations, got "
                    + backboneActivations.size());
        }
        if (backboneModule != null && !backboneActivations.equals(RELU_RELU)) {
            throw new IllegalArgumentException("a TorchScript backbone has no chain activations");
        }
        if (headModule != null && (backboneModule == null || !headLayers.isEmpty() || hidden != 1)) {
            throw new IllegalArgumentException("a TorchScript head needs a TorchScript backbone, no head layers and "
                    + "hidden width 1 (the logit), got hidden width " + hidden);
        }
        int bw = headLayers.isEmpty() ? hidden : headLayers.get(0).in();
        for (Activation a : backboneActivations) {
            if (!a.fits(bw)) {
                throw new IllegalArgumentException("the backbone's layers of width " + bw + " are followed by "
                        + a.label() + ", whose constants per unit need another width");
            }
        }
        if (backboneModule == null) {
            check("backbone.0.weight", w1, bw * inputDim);
            check("backbone.0.bias", b1, bw);
            check("backbone.2.weight", w2, bw * bw);
            check("backbone.2.bias", b2, bw);
        } else if (w1 != null || b1 != null || w2 != null || b2 != null) {
            throw new IllegalArgumentException("a TorchScript backbone has no Linear/ReLU chain weights");
        } else if (inputDim < 1 || hidden < 1) {
            throw new IllegalArgumentException("input and hidden widths must be positive, got " + inputDim + " and "
                    + hidden);
        }
        for (int i = 1; i < headLayers.size(); i++) {
            if (headLayers.get(i).in() != headLayers.get(i - 1).out()) {
                throw new IllegalArgumentException("head layer " + i + " takes width " + headLayers.get(i).in()
                        + ", the layer before gives " + headLayers.get(i - 1).out());
            }
        }
        if (!headLayers.isEmpty() && headLayers.get(headLayers.size() - 1).out() != hidden) {
            throw new IllegalArgumentException("the head's last hidden layer gives width "
                    + headLayers.get(headLayers.size() - 1).out() + ", the model's hidden width is " + hidden);
        }
        check("head.weight", headW, hidden);
        check("head.bias", headB, 1);
    }

    /** {@link FrozenWeights} with ReLU after the backbone's two layers. */
    public FrozenWeights(int inputDim, int hidden, float[] w1, float[] b1, float[] w2, float[] b2, float[] headW,
                         float[] headB, byte[] backboneModule, List<DenseLayer> headLayers, HeadModule headModule) {
        this(inputDim, hidden, w1, b1, w2, b2, headW, headB, backboneModule, headLayers, headModule, null);
    }

    /** A backbone, the head's hidden layers and its last Linear layer: no head module. */
    public FrozenWeights(int inputDim, int hidden, float[] w1, float[] b1, float[] w2, float[] b2, float[] headW,
                         float[] headB, byte[] backboneModule, List<DenseLayer> headLayers) {
        this(inputDim, hidden, w1, b1, w2, b2, headW, headB, backboneModule, headLayers, null);
    }

    /**
     * A user's head module of any architecture, run after the backbone module: its file's bytes and
     * what it returns, turned into the logit the adapter sees.
     */
    public record HeadModule(byte[] bytes, TorchScriptImport.HeadOutput output) {
        public HeadModule {
            if (bytes == null || bytes.length == 0 || output == null) {
                throw new IllegalArgumentException("TorchScript head: no bytes or no output kind");
            }
        }
    }

    /** A backbone and a head that is one Linear layer. */
    public FrozenWeights(int inputDim, int hidden, float[] w1, float[] b1, float[] w2, float[] b2, float[] headW,
                         float[] headB, byte[] backboneModule) {
        this(inputDim, hidden, w1, b1, w2, b2, headW, headB, backboneModule, List.of());
    }

    /** A Linear/ReLU chain backbone and a head that is one Linear layer. */
    public FrozenWeights(int inputDim, int hidden, float[] w1, float[] b1, float[] w2, float[] b2, float[] headW,
                         float[] headB) {
        this(inputDim, hidden, w1, b1, w2, b2, headW, headB, null);
    }

    /** The backbone's output width: {@link #hidden()} unless the head has hidden layers. */
    public int backboneWidth() {
        return headLayers.isEmpty() ? hidden : headLayers.get(0).in();
    }

    /** The widths from the backbone's output to the head's output: {@code [B, k1, …, H, 1]}. */
    public int[] headWidths() {
        int[] w = new int[headLayers.size() + 2];
        w[0] = backboneWidth();
        for (int i = 0; i < headLayers.size(); i++) {
            w[i + 1] = headLayers.get(i).out();
        }
        w[w.length - 1] = 1;
        return w;
    }

    /**
     * Every frozen layer before the adapter of a chain backbone, in order: the backbone's two, then
     * {@link #headLayers()}.
     */
    public List<DenseLayer> chain() {
        requireChain("listing its layers");
        int bw = backboneWidth();
        List<DenseLayer> out = new java.util.ArrayList<>();
        out.add(new DenseLayer(inputDim, bw, w1, b1, backboneActivations.get(0)));
        out.add(new DenseLayer(bw, bw, w2, b2, backboneActivations.get(1)));
        out.addAll(headLayers);
        return out;
    }

    /**
     * The layers of {@link #chain()} a kernel runs: all but those that give back their input
     * exactly ({@link DenseLayer#isIdentityAfter}), such as the identity a copied chain whose
     * second layer is not square holds in selfheal's layout.
     */
    public List<DenseLayer> runLayers() {
        List<DenseLayer> all = chain();
        List<DenseLayer> out = new java.util.ArrayList<>();
        out.add(all.get(0));
        for (DenseLayer l : all.subList(1, all.size())) {
            if (!l.isIdentityAfter(out.get(out.size() - 1).activation())) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * Whether every frozen layer is followed by ReLU: a chain backbone's and the head's hidden
     * layers (a module backbone has none of its own, only the head's).
     */
    public boolean reluOnly() {
        return backboneActivations.equals(RELU_RELU) && DenseLayer.allRelu(headLayers);
    }

    /**
     * The activation after each frozen layer selfheal holds before the adapter, as a model
     * directory and an export list them: a chain's ({@link #chain()}), or after a module backbone
     * its head's hidden layers alone.
     */
    public List<Activation> activations() {
        return (isModule() ? headLayers : chain()).stream().map(DenseLayer::activation).toList();
    }

    /**
     * Whether {@link #activations()} need the newer directory and export formats, which readers
     * that predate them refuse: they name an activation added since ({@link Activation#later()}),
     * or they follow a module backbone (the older formats list a chain's two layers first).
     */
    public boolean laterActivations() {
        return !reluOnly() && (isModule() || activations().stream().anyMatch(Activation::later));
    }

    /**
     * Whether a frozen layer normalises its outputs with a LayerNorm first: the directory and
     * export formats that know it, which readers that predate it refuse.
     */
    public boolean layerNorms() {
        return activations().stream().anyMatch(Activation::normed);
    }

    /**
     * What the frozen part needs a model directory's and an export's format to say, each kind
     * needing a newer format than the one before it: readers that predate a kind refuse it.
     */
    public enum Layout {
        /** selfheal's own shape: a ReLU chain and one head Linear. */
        RELU_CHAIN,
        /** ReLU throughout, with an MLP head's hidden layers. */
        MLP_HEAD,
        /** The adapter after the user's whole model, at its logit. */
        AT_LOGIT,
        /** {@link #activations()} other than ReLU. */
        ACTIVATIONS,
        /** {@link #laterActivations()}. */
        LATER_ACTIVATIONS,
        /** {@link #layerNorms()}. */
        LAYER_NORM
    }

    /** The layout the formats must say, the newest that applies. */
    public Layout layout() {
        if (atLogit()) {
            return Layout.AT_LOGIT;
        }
        if (layerNorms()) {
            return Layout.LAYER_NORM;
        }
        if (laterActivations()) {
            return Layout.LATER_ACTIVATIONS;
        }
        if (!reluOnly()) {
            return Layout.ACTIVATIONS;
        }
        return headLayers.isEmpty() ? Layout.RELU_CHAIN : Layout.MLP_HEAD;
    }

    /** {@code h} from the backbone's output on {@code n} rows (row-major): the head's hidden layers. */
    public float[] headHidden(float[] backboneOut, int n) {
        return DenseLayer.applyAll(headLayers, backboneOut, n);
    }

    /**
     * A TorchScript backbone taking {@code inputDim} standardised features to {@code hidden}
     * values: {@code module} is its file's bytes, loaded by each DJL engine that scores it.
     */
    public static FrozenWeights ofModule(int inputDim, int hidden, byte[] module, float[] headW, float[] headB) {
        return ofModule(inputDim, module, List.of(), hidden, headW, headB);
    }

    /**
     * A TorchScript backbone followed by the head's hidden layers {@code headLayers}, which give
     * {@code hidden} values (with none, the module gives them).
     */
    public static FrozenWeights ofModule(int inputDim, byte[] module, List<DenseLayer> headLayers, int hidden,
                                         float[] headW, float[] headB) {
        if (module == null || module.length == 0) {
            throw new IllegalArgumentException("TorchScript backbone: no bytes");
        }
        return new FrozenWeights(inputDim, hidden, null, null, null, null, headW, headB, module, headLayers);
    }

    /**
     * The user's whole model as the frozen part: backbone module, then head module, whose output as
     * a logit is the 1-wide {@code h}; the served head is {@code Linear(1→1)} with weight 1, bias 0.
     */
    public static FrozenWeights ofModules(int inputDim, byte[] backbone, HeadModule head) {
        if (backbone == null || backbone.length == 0) {
            throw new IllegalArgumentException("TorchScript backbone: no bytes");
        }
        return new FrozenWeights(inputDim, 1, null, null, null, null, new float[] {1f}, new float[] {0f}, backbone,
                List.of(), head);
    }

    /** Whether the adapter sits at the logit, after the user's whole model ({@link #headModule()} set). */
    public boolean atLogit() {
        return headModule != null;
    }

    /** Whether the backbone is a TorchScript module (scored by DJL only) rather than the chain's weights. */
    public boolean isModule() {
        return backboneModule != null;
    }

    private static void check(String name, float[] a, int expected) {
        if (a == null || a.length != expected) {
            throw new IllegalArgumentException(name + ": expected " + expected + " floats, got "
                    + (a == null ? "none" : a.length));
        }
    }

    public static FrozenWeights initial(int inputDim, int hidden, SplittableRandom rng) {
        float[] l1 = new float[hidden * inputDim + hidden];
        float[] l2 = new float[hidden * hidden + hidden];
        float[] hd = new float[hidden + 1];
        Init.linear(rng, l1, 0, inputDim, hidden);
        Init.linear(rng, l2, 0, hidden, hidden);
        Init.linear(rng, hd, 0, hidden, 1);
        return new FrozenWeights(inputDim, hidden,
                java.util.Arrays.copyOfRange(l1, 0, hidden * inputDim),
                java.util.Arrays.copyOfRange(l1, hidden * inputDim, l1.length),
                java.util.Arrays.copyOfRange(l2, 0, hidden * hidden),
                java.util.Arrays.copyOfRange(l2, hidden * hidden, l2.length),
                java.util.Arrays.copyOfRange(hd, 0, hidden),
                java.util.Arrays.copyOfRange(hd, hidden, hd.length));
    }

    /** Backbone weights as one flat vector (w1, b1, w2, b2), the layout of {@code backbone.bin}. */
    public float[] backboneFlat() {
        requireChain("its weights as floats");
        return concat(w1, b1, w2, b2);
    }

    /** Head weights as one flat vector (w, b), the layout of {@code head.bin}. */
    public float[] headFlat() {
        return concat(headW, headB);
    }

    public static FrozenWeights fromFlat(int inputDim, int hidden, float[] backbone, float[] head) {
        return fromFlat(inputDim, hidden, backbone, List.of(), head);
    }

    /**
     * A chain backbone of width {@code backboneWidth} from {@code backbone.bin}'s floats, the head's
     * hidden layers, and the head's last layer from {@code head.bin}'s.
     */
    public static FrozenWeights fromFlat(int inputDim, int backboneWidth, float[] backbone,
                                         List<DenseLayer> headLayers, float[] head) {
        return fromFlat(inputDim, backboneWidth, backbone, headLayers, head, null);
    }

    /**
     * {@link #fromFlat(int, int, float[], List, float[])} with the activations after the backbone's
     * two layers (null: ReLU after each).
     */
    public static FrozenWeights fromFlat(int inputDim, int backboneWidth, float[] backbone,
                                         List<DenseLayer> headLayers, float[] head,
                                         List<Activation> backboneActivations) {
        int bw = backboneWidth;
        int hidden = headLayers.isEmpty() ? bw : headLayers.get(headLayers.size() - 1).out();
        int a = bw * inputDim;
        int b = a + bw;
        int c = b + bw * bw;
        if (backbone.length != c + bw) {
            throw new IllegalArgumentException("backbone: expected " + (c + bw) + " floats for d="
                    + inputDim + ", width " + bw + ", got " + backbone.length);
        }
        if (head.length != hidden + 1) {
            throw new IllegalArgumentException("head: expected " + (hidden + 1) + " floats, got " + head.length);
        }
        return new FrozenWeights(inputDim, hidden,
                java.util.Arrays.copyOfRange(backbone, 0, a),
                java.util.Arrays.copyOfRange(backbone, a, b),
                java.util.Arrays.copyOfRange(backbone, b, c),
                java.util.Arrays.copyOfRange(backbone, c, backbone.length),
                java.util.Arrays.copyOfRange(head, 0, hidden),
                java.util.Arrays.copyOfRange(head, hidden, hidden + 1), null, headLayers, null, backboneActivations);
    }

    /** Refuses, naming {@code what}, when the backbone is a module: only the chain has copyable weights. */
    void requireChain(String what) {
        if (isModule()) {
            throw new IllegalStateException("the backbone is a TorchScript module: " + what
                    + " needs a chain of Linear layers");
        }
    }

    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
