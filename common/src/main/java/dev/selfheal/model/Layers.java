package dev.selfheal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

/**
 * The model's layers as NDArray expressions, shared by training, healing and scoring so the three
 * can never disagree on the architecture. Weights are passed as {@code (in,out)} (already
 * transposed) so a layer is one matMul and one broadcast add.
 */
final class Layers {
    private Layers() {}

    /** Backbone: standardised input (n,d) → hidden (n,H). */
    static NDArray backbone(NDArray x, NDArray w1t, NDArray b1, NDArray w2t, NDArray b2) {
        NDArray h1 = ai.djl.nn.Activation.relu(x.matMul(w1t).add(b1));
        return ai.djl.nn.Activation.relu(h1.matMul(w2t).add(b2));
    }

    /** {@code a} applied to every element of {@code x}, with PyTorch's own kernels where DJL has them. */
    static NDArray activation(NDArray x, Activation a) {
        if (a.normed()) {
            return activation(layerNorm(x, a.norm()), a.withNorm(null));
        }
        return switch (a.kind()) {
            case RELU -> ai.djl.nn.Activation.relu(x);
            case IDENTITY -> x;
            case TANH -> x.tanh();
            case SIGMOID -> ai.djl.nn.Activation.sigmoid(x);
            case SILU -> x.mul(ai.djl.nn.Activation.sigmoid(x));
            case LEAKY_RELU -> ai.djl.nn.Activation.leakyRelu(x, a.param());
            case ELU -> ai.djl.nn.Activation.elu(x, a.param());
            case GELU -> ai.djl.nn.Activation.gelu(x);
            // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))): DJL's gelu has no tanh form
            case GELU_TANH -> x.mul(x.mul(x).mul(x).mul(0.044715f).add(x).mul((float) Math.sqrt(2 / Math.PI)).tanh()
                    .add(1f)).mul(0.5f);
            case SOFTPLUS -> {
                // PyTorch's softplus takes beta and threshold; DJL's is beta 1, threshold 20
                float beta = a.param();
                NDArray bx = x.mul(beta);
                yield NDArrays.where(bx.gt(a.params()[1]), x, ai.djl.nn.Activation.softPlus(bx).div(beta));
            }
            case RELU6 -> x.clip(0f, 6f);
            case HARDTANH -> x.clip(a.params()[0], a.params()[1]);
            case MISH -> x.mul(ai.djl.nn.Activation.softPlus(x).tanh());
            case PRELU -> {
                NDArray negative = x.minimum(0f);
                yield ai.djl.nn.Activation.relu(x).add(a.perUnit()
                        ? negative.mul(x.getManager().create(a.params())) : negative.mul(a.param()));
            }
        };
    }

    /** PyTorch's layer_norm of {@code x} (n, width) over its last dimension: DJL's layers are never padded. */
    static NDArray layerNorm(NDArray x, LayerNorm norm) {
        NDManager m = x.getManager();
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(norm.width()), m.create(norm.weight()),
                m.create(norm.bias()), norm.eps()).singletonOrThrow();
    }

    /** Residual adapter: h + s·(tanh(h·A1ᵀ + a1)·A2ᵀ + a2). */
    static NDArray adapter(NDArray h, NDArray scale, NDArray a1t, NDArray a1b, NDArray a2t, NDArray a2b) {
        NDArray t = h.matMul(a1t).add(a1b).tanh();
        return h.add(t.matMul(a2t).add(a2b).mul(scale));
    }

    /**
     * The adapter's residual branch seen through the head, with the head folded into its second
     * layer (as the scoring kernel does): {@code f = t·(w·A2)ᵀ + w·a2}, {@code t = tanh(h·A1ᵀ + a1)},
     * so that {@code head(h + s·(t·A2ᵀ + a2)) = (h·wᵀ + b) + s·f}: the same logits up to float
     * rounding, without the (n×H)·(H×H) product of the second layer and its gradient. Linear
     * weights are taken as the flat adapter stores them, {@code (out,in)}, which is how PyTorch's
     * linear takes them (one call per layer, no transposes). (n,1).
     */
    static NDArray foldedBranch(NDArray h, NDArray headW, NDArray a1, NDArray a1b, NDArray a2, NDArray a2b) {
        NDArray t = Linear.linear(h, a1, a1b).singletonOrThrow().tanh();
        return Linear.linear(t, headW.matMul(a2), headW.matMul(a2b)).singletonOrThrow();
    }

    /** Head without the sigmoid, weight {@code (1,H)} as stored: logits (n,1). */
    static NDArray headLogits(NDArray h, NDArray headW, NDArray headB) {
        return Linear.linear(h, headW, headB).singletonOrThrow();
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
