package dev.selfheal.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a TorchScript module's parameters as the Linear layers of a plain chain, to copy them into
 * selfheal's own kernels. Parameters say nothing about activations (a GELU or a clamp has none),
 * so a match here is only a candidate: the caller accepts it only after the copy reproduces the
 * module's outputs on probe rows, extremes included.
 */
final class LinearChain {
    private LinearChain() {}

    /**
     * A backbone chain copied into selfheal's layout, {@code Linear(d→B) ReLU Linear(B→B) ReLU} then
     * Linear/ReLU layers: the user's first {@code tail} layers after it are the backbone's own (their
     * output is the backbone's), the rest the head's hidden layers.
     *
     * @param weights the copy, the head's last Linear as its head
     * @param tail    how many of {@code weights.headLayers()} are the backbone's own layers
     */
    record Copy(FrozenWeights weights, int tail) {
        /** The backbone's output width: what its last layer gives. */
        int outputWidth() {
            return tail == 0 ? weights.backboneWidth() : weights.headLayers().get(tail - 1).out();
        }

        /** The backbone's output on {@code n} standardised rows (row-major), as the copy computes it. */
        float[] output(float[] x, int n) {
            FrozenWeights f = weights;
            float[] h = new DenseLayer(f.inputDim(), f.backboneWidth(), f.w1(), f.b1()).apply(x, n);
            h = new DenseLayer(f.backboneWidth(), f.backboneWidth(), f.w2(), f.b2()).apply(h, n);
            return DenseLayer.applyAll(f.headLayers().subList(0, tail), h, n);
        }
    }

    /**
     * The backbone's Linear layers as a {@link Copy}: its first two fill selfheal's two when the
     * second is {@code Linear(B→B)}, else its first is followed by an identity (exact after a ReLU);
     * its further layers (a deeper chain, other widths) follow as Linear/ReLU layers, which every
     * kernel runs, and then {@code head}'s hidden layers. Null when the parameters
     * are no chain from {@code d} features to the head's input width.
     */
    static Copy backbone(Map<String, TorchScriptModule.Tensor> params, int d, Head head) {
        List<TorchScriptModule.Tensor[]> layers = layers(params);
        if (layers == null || layers.isEmpty()) {
            return null;
        }
        TorchScriptModule.Tensor[] first = layers.get(0);
        if (first[0].shape()[1] != d) {
            return null;
        }
        int h = (int) first[0].shape()[0];
        TorchScriptModule.Tensor[] last = layers.get(layers.size() - 1);
        if (head.inputWidth() != last[0].shape()[0]) {
            return null;
        }
        boolean square = layers.size() >= 2 && layers.get(1)[0].shape()[0] == h && layers.get(1)[0].shape()[1] == h;
        float[] w2;
        float[] b2;
        if (square) {
            w2 = layers.get(1)[0].values();
            b2 = layers.get(1)[1].values();
        } else {
            w2 = new float[h * h];
            for (int i = 0; i < h; i++) {
                w2[i * h + i] = 1f;
            }
            b2 = new float[h];
        }
        List<DenseLayer> after = new ArrayList<>();
        for (TorchScriptModule.Tensor[] l : layers.subList(square ? 2 : 1, layers.size())) {
            after.add(relu(l));
        }
        int tail = after.size();
        after.addAll(head.layers());
        return new Copy(new FrozenWeights(d, head.hidden(), first[0].values(), first[1].values(), w2, b2,
                head.weight(), head.bias(), null, after), tail);
    }

    private static DenseLayer relu(TorchScriptModule.Tensor[] l) {
        return new DenseLayer((int) l[0].shape()[1], (int) l[0].shape()[0], l[0].values(), l[1].values());
    }

    /** Number of Linear layers the parameters hold as a chain, or -1 when they are not one. */
    static int depth(Map<String, TorchScriptModule.Tensor> params) {
        List<TorchScriptModule.Tensor[]> layers = layers(params);
        return layers == null ? -1 : layers.size();
    }

    /**
     * A head read as a chain: its hidden layers (ReLU after each, as far as parameters can tell)
     * and its last layer {@code Linear(H→1)}, whose input {@code h} is where the adapter goes.
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
