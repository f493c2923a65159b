package dev.selfheal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The model's layers as NDArray expressions, shared by training, healing and scoring so the three
 * can never disagree on the architecture. Weights are passed as {@code (in,out)} (already
 * transposed) so a layer is one matMul and one broadcast add.
 */
final class Layers {
    private Layers() {}

    /** Backbone: standardised input (n,d) → hidden (n,H). */
    static NDArray backbone(NDArray x, NDArray w1t, NDArray b1, NDArray w2t, NDArray b2) {
        NDArray h1 = Activation.relu(x.matMul(w1t).add(b1));
        return Activation.relu(h1.matMul(w2t).add(b2));
    }

    /** Residual adapter: h + s·(tanh(h·A1ᵀ + a1)·A2ᵀ + a2). */
    static NDArray adapter(NDArray h, NDArray scale, NDArray a1t, NDArray a1b, NDArray a2t, NDArray a2b) {
        NDArray t = h.matMul(a1t).add(a1b).tanh();
        return h.add(t.matMul(a2t).add(a2b).mul(scale));
    }

    /** Head without the sigmoid: logits (n,1) → (n). */
    static NDArray logits(NDArray h, NDArray headWt, NDArray headB) {
        return h.matMul(headWt).add(headB).reshape(-1);
    }

    /** softplus(x) = log(1 + e^x), computed without overflow. */
    static NDArray softplus(NDArray x) {
        return x.maximum(0f).add(x.abs().neg().exp().add(1f).log());
    }
}
