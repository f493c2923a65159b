package dev.selfheal.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a TorchScript module as the Linear layers of a plain chain, to copy them into selfheal's
 * own kernels: from the layers its file records ({@link TorchScriptChain}: activations, BatchNorm
 * folded in), or from its parameters alone. Parameters say nothing about activations (a GELU or a
 * clamp has none), and a module may call its layers in another order than it registered them, so
 * every reading is only a candidate: the caller accepts one only after its copy reproduces the
 * module's outputs on probe rows, extremes included.
 */
final class LinearChain {
    private LinearChain() {}

    /**
     * A backbone chain copied into selfheal's layout, {@code Linear(d→B) act Linear(B→B) act} then
     * further layers: the user's first {@code tail} layers after it are the backbone's own (their
     * output is the backbone's), the rest the head's hidden layers.
     *
     * @param weights the copy, the head's last Linear as its head
     * @param tail    how many of {@code weights.headLayers()} are the backbone's own layers
     * @param layers  the user's chain as it was read, one per Linear layer
     */
    record Copy(FrozenWeights weights, int tail, List<DenseLayer> layers) {
        /** The backbone's output width: what its last layer gives. */
        int outputWidth() {
            return tail == 0 ? weights.backboneWidth() : weights.headLayers().get(tail - 1).out();
        }

        /** The backbone's output on {@code n} standardised rows (row-major), as the copy computes it. */
        float[] output(float[] x, int n) {
            return DenseLayer.applyAll(weights.chain().subList(0, 2 + tail), x, n);
        }

        /** The activation after each of the user's Linear layers, e.g. {@code [tanh, tanh, identity]}, as labelled for people. */
        List<String> activations() {
            return layers.stream().map(l -> l.activation().label()).toList();
        }
    }

    /**
     * A copy to try, how it was read (for the line that says why none was taken), and how many
     * BatchNorm1d layers were folded into it.
     */
    record Candidate(Copy copy, String described, int batchNorms) {}

    /**
     * The copies of a backbone worth trying, in order: the layers its file records, then its
     * parameters as Linear layers with ReLU after each, then with ReLU between them and none after
     * the last. Empty when neither reading is a chain from {@code d} features to the head's input.
     */
    static List<Candidate> candidates(TorchScriptChain.Reading reading, Map<String, TorchScriptModule.Tensor> params,
                                      int d, Head head) {
        List<Candidate> out = new ArrayList<>();
        Copy recorded = copy(reading.layers(), d, head);
        if (recorded != null) {
            out.add(new Candidate(recorded, "its layers as its file records them (" + String.join(", ",
                    reading.types()) + ")", reading.batchNorms()));
        }
        List<TorchScriptModule.Tensor[]> linear = layers(params);
        Copy relu = copy(dense(linear, false), d, head);
        if (relu != null) {
            out.add(new Candidate(relu, "its Linear layers with ReLU", 0));
            out.add(new Candidate(copy(dense(linear, true), d, head), "its Linear layers with ReLU between them", 0));
        }
        return out;
    }

    /**
     * The chain {@code layers} as a {@link Copy}: its first two fill selfheal's two when the second
     * is {@code Linear(B→B)}, else its first is followed by an identity (with the first's ReLU
     * again, exact after a ReLU, or with no activation); its further layers (a deeper chain, other
     * widths) follow, which every kernel runs, and then {@code head}'s hidden layers. Null when it
     * is no chain from {@code d} features to the head's input width.
     */
    static Copy copy(List<DenseLayer> layers, int d, Head head) {
        if (layers == null || layers.isEmpty() || layers.get(0).in() != d
                || layers.get(layers.size() - 1).out() != head.inputWidth()) {
            return null;
        }
        DenseLayer first = layers.get(0);
        int h = first.out();
        boolean square = layers.size() >= 2 && layers.get(1).in() == h && layers.get(1).out() == h;
        DenseLayer second = square ? layers.get(1) : identity(h, first.activation().kind() == Activation.Kind.RELU
                ? Activation.RELU : Activation.IDENTITY);
        List<DenseLayer> after = new ArrayList<>(layers.subList(square ? 2 : 1, layers.size()));
        int tail = after.size();
        after.addAll(head.layers());
        return new Copy(new FrozenWeights(d, head.hidden(), first.weight(), first.bias(), second.weight(), second.bias(),
                head.weight(), head.bias(), null, after, null, List.of(first.activation(), second.activation())), tail,
                List.copyOf(layers));
    }

    private static DenseLayer identity(int h, Activation a) {
        float[] w = new float[h * h];
        for (int i = 0; i < h; i++) {
            w[i * h + i] = 1f;
        }
        return new DenseLayer(h, h, w, new float[h], a);
    }

    /** Parameter pairs as layers with ReLU after each, or after all but the last when {@code lastBare}; null for null. */
    private static List<DenseLayer> dense(List<TorchScriptModule.Tensor[]> layers, boolean lastBare) {
        if (layers == null) {
            return null;
        }
        List<DenseLayer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            TorchScriptModule.Tensor[] l = layers.get(i);
            out.add(new DenseLayer((int) l[0].shape()[1], (int) l[0].shape()[0], l[0].values(), l[1].values(),
                    lastBare && i == layers.size() - 1 ? Activation.IDENTITY : Activation.RELU));
        }
        return out;
    }

    private static DenseLayer relu(TorchScriptModule.Tensor[] l) {
        return new DenseLayer((int) l[0].shape()[1], (int) l[0].shape()[0], l[0].values(), l[1].values());
    }

    /**
     * A head read as a chain: its hidden layers, each with its activation (as its file records
     * them, or ReLU as far as parameters can tell), and its last layer {@code Linear(H→1)}, whose
     * input {@code h} is where the adapter goes.
     *
     * @param layers the hidden layers, none for a head that is one Linear layer
     * @param weight the last layer's weight (H)
     * @param bias   the last layer's bias (1)
     */
    record Head(List<DenseLayer> layers, float[] weight, float[] bias) {
        /** The width the head takes (the backbone's output). */
        int inputWidth() {
            return layers.isEmpty() ? weight.length : layers.get(0).in();
        }

        /** The width of {@code h}, the last layer's input. */
        int hidden() {
            return weight.length;
        }

        /** Widths from input to output, e.g. {@code [32, 16, 1]}. */
        String widths() {
            StringBuilder b = new StringBuilder().append(inputWidth());
            for (DenseLayer l : layers) {
                b.append('→').append(l.out());
            }
            return b.append("→1").toString();
        }
    }

    /**
     * The head as Linear layers ending in one output ({@code Linear(H→1)}, or {@code Linear(H→k)}
     * … {@code Linear(k→1)}), or null when its parameters are anything else.
     */
    static Head head(Map<String, TorchScriptModule.Tensor> params) {
        List<TorchScriptModule.Tensor[]> layers = layers(params);
        if (layers == null || layers.isEmpty() || layers.get(layers.size() - 1)[0].shape()[0] != 1) {
            return null;
        }
        List<DenseLayer> hidden = new ArrayList<>();
        for (TorchScriptModule.Tensor[] l : layers.subList(0, layers.size() - 1)) {
            hidden.add(relu(l));
        }
        TorchScriptModule.Tensor[] last = layers.get(layers.size() - 1);
        return new Head(hidden, last[0].values(), last[1].values());
    }

    /**
     * The head as its file records it ({@link TorchScriptChain}): its hidden layers each with the
     * activation after it and BatchNorm folded in, its last layer {@code Linear(k→1)} followed by a
     * sigmoid or by nothing (which of the two the declared output must say, outputs decide); null
     * when the file records no such chain.
     */
    static Head head(TorchScriptChain.Reading reading) {
        List<DenseLayer> layers = reading.layers();
        if (layers == null || layers.isEmpty()) {
            return null;
        }
        DenseLayer last = layers.get(layers.size() - 1);
        Activation.Kind after = last.activation().kind();
        if (last.out() != 1 || (after != Activation.Kind.SIGMOID && after != Activation.Kind.IDENTITY)) {
            return null;
        }
        return new Head(List.copyOf(layers.subList(0, layers.size() - 1)), last.weight(), last.bias());
    }

    /** The parameters' names and shapes, e.g. {@code 0.weight [16, 32], 1.weight [16]}, to say what a module holds. */
    static String describe(Map<String, TorchScriptModule.Tensor> params) {
        if (params.isEmpty()) {
            return "no parameters";
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, TorchScriptModule.Tensor> e : params.entrySet()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.getKey()).append(' ').append(e.getValue().shapeText());
        }
        return b.toString();
    }

    /**
     * The parameters as (weight (out,in), bias (out)) pairs in module order, each pair's output
     * feeding the next one's input, a Linear without bias ({@code bias=False}) given a zero bias;
     * null when they are anything else (1-D weights of a norm layer, an embedding, widths that do
     * not chain).
     */
    private static List<TorchScriptModule.Tensor[]> layers(Map<String, TorchScriptModule.Tensor> params) {
        List<Map.Entry<String, TorchScriptModule.Tensor>> e = new ArrayList<>(params.entrySet());
        List<TorchScriptModule.Tensor[]> out = new ArrayList<>();
        long width = -1;
        for (int i = 0; i < e.size(); i++) {
            String wName = e.get(i).getKey();
            TorchScriptModule.Tensor w = e.get(i).getValue();
            if (!wName.endsWith("weight") || w.rank() != 2 || (width >= 0 && w.shape()[1] != width)) {
                return null;
            }
            String bName = wName.substring(0, wName.length() - 6) + "bias";
            TorchScriptModule.Tensor b;
            if (i + 1 < e.size() && e.get(i + 1).getKey().equals(bName)) {
                b = e.get(++i).getValue();
                if (b.rank() != 1 || b.shape()[0] != w.shape()[0]) {
                    return null;
                }
            } else {
                b = new TorchScriptModule.Tensor(new long[] {w.shape()[0]}, new float[(int) w.shape()[0]]);
            }
            width = w.shape()[0];
            out.add(new TorchScriptModule.Tensor[] {w, b});
        }
        return out;
    }
}
