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
     * The backbone {@code Linear(d→B) ReLU [Linear(B→B) ReLU]} as {@link FrozenWeights} (a one-layer
     * chain gets an identity second layer, exact after a ReLU), with {@code head} as its head; null
     * when the parameters are not one or two such layers.
     */
    static FrozenWeights backbone(Map<String, TorchScriptModule.Tensor> params, int d, Head head) {
        List<TorchScriptModule.Tensor[]> layers = layers(params);
        if (layers == null || layers.isEmpty() || layers.size() > 2) {
            return null;
        }
        TorchScriptModule.Tensor[] first = layers.get(0);
        if (first[0].shape()[1] != d) {
            return null;
        }
        int h = (int) first[0].shape()[0];
        if (head.inputWidth() != h) {
            return null;
        }
        float[] w2;
        float[] b2;
        if (layers.size() == 2) {
            TorchScriptModule.Tensor[] second = layers.get(1);
            if (second[0].shape()[0] != h || second[0].shape()[1] != h) {
                return null;
            }
            w2 = second[0].values();
            b2 = second[1].values();
        } else {
            w2 = new float[h * h];
            for (int i = 0; i < h; i++) {
                w2[i * h + i] = 1f;
            }
            b2 = new float[h];
        }
        return new FrozenWeights(d, head.hidden(), first[0].values(), first[1].values(), w2, b2, head.weight(),
                head.bias(), null, head.layers());
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
    record Head(List<LinearRelu> layers, float[] weight, float[] bias) {
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
            for (LinearRelu l : layers) {
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
        List<LinearRelu> hidden = new ArrayList<>();
        for (TorchScriptModule.Tensor[] l : layers.subList(0, layers.size() - 1)) {
            hidden.add(new LinearRelu((int) l[0].shape()[1], (int) l[0].shape()[0], l[0].values(), l[1].values()));
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
     * feeding the next one's input; null when they are anything else (1-D weights of a norm layer,
     * a missing bias, an embedding, widths that do not chain).
     */
    private static List<TorchScriptModule.Tensor[]> layers(Map<String, TorchScriptModule.Tensor> params) {
        List<Map.Entry<String, TorchScriptModule.Tensor>> e = new ArrayList<>(params.entrySet());
        if (e.size() % 2 != 0) {
            return null;
        }
        List<TorchScriptModule.Tensor[]> out = new ArrayList<>();
        long width = -1;
        for (int i = 0; i < e.size(); i += 2) {
            String wName = e.get(i).getKey();
            String bName = e.get(i + 1).getKey();
            TorchScriptModule.Tensor w = e.get(i).getValue();
            TorchScriptModule.Tensor b = e.get(i + 1).getValue();
            if (!wName.endsWith("weight") || !bName.equals(wName.substring(0, wName.length() - 6) + "bias")
                    || w.rank() != 2 || b.rank() != 1 || b.shape()[0] != w.shape()[0]
                    || (width >= 0 && w.shape()[1] != width)) {
                return null;
            }
            width = w.shape()[0];
            out.add(new TorchScriptModule.Tensor[] {w, b});
        }
        return out;
    }
}
