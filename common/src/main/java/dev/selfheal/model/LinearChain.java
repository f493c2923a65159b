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
     * The backbone {@code Linear(d→H) ReLU [Linear(H→H) ReLU]} as {@link FrozenWeights} (a one-layer
     * chain gets an identity second layer, exact after a ReLU), with {@code head} as its head; null
     * when the parameters are not one or two such layers.
     */
    static FrozenWeights backbone(Map<String, TorchScriptModule.Tensor> params, int d, float[] headW, float headB) {
        List<TorchScriptModule.Tensor[]> layers = layers(params);
        if (layers == null || layers.isEmpty() || layers.size() > 2) {
            return null;
        }
        TorchScriptModule.Tensor[] first = layers.get(0);
        if (first[0].shape()[1] != d) {
            return null;
        }
        int h = (int) first[0].shape()[0];
        if (headW.length != h) {
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
        return new FrozenWeights(d, h, first[0].values(), first[1].values(), w2, b2, headW, new float[] {headB});
    }

    /** Number of Linear layers the parameters hold as a chain, or -1 when they are not one. */
    static int depth(Map<String, TorchScriptModule.Tensor> params) {
        List<TorchScriptModule.Tensor[]> layers = layers(params);
        return layers == null ? -1 : layers.size();
    }

    /** A head {@code Linear(H→1)}: {weight (H), bias (1)}, or null. */
    static float[][] head(Map<String, TorchScriptModule.Tensor> params) {
        List<TorchScriptModule.Tensor[]> layers = layers(params);
        if (layers == null || layers.size() != 1 || layers.get(0)[0].shape()[0] != 1) {
            return null;
        }
        return new float[][] {layers.get(0)[0].values(), layers.get(0)[1].values()};
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
