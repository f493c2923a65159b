package dev.selfheal.model;

/**
 * The model's forward pass in plain Java: the reference that DJL's outputs are checked against,
 * and a way to evaluate weights without a native engine.
 */
public final class ForwardPass {
    private ForwardPass() {}

    /** Probability of fraud for one standardised row. */
    public static float probability(FrozenWeights f, Adapter adapter, float[] x) {
        f.requireChain("the plain Java forward pass");
        int hd = f.hidden();
        if (adapter.hidden() != hd) {
            throw new IllegalArgumentException("adapter for hidden width " + adapter.hidden() + ", the backbone's is "
                    + hd);
        }
        float[] h = adapt(adapter, hidden(f, x));
        double z = f.headB()[0];
        for (int k = 0; k < hd; k++) {
            z += f.headW()[k] * h[k];
        }
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }

    /** {@link #probability(FrozenWeights, Adapter, float[])} with a full-width adapter's vector. */
    public static float probability(FrozenWeights f, float[] adapter, float[] x) {
        return probability(f, new Adapter(f.hidden(), adapter), x);
    }

    /**
     * The hidden units the adapter sees for one standardised row (after the backbone's layers and
     * the head's hidden layers, if any): what the label-free drift signals compare with training.
     */
    public static float[] hidden(FrozenWeights f, float[] x) {
        return DenseLayer.applyAll(f.chain(), java.util.Arrays.copyOf(x, f.inputDim()), 1);
    }

    /** Probability of fraud from the backbone's hidden units ({@link #hidden}) through adapter and head. */
    public static float probabilityOfHidden(FrozenWeights f, Adapter adapter, float[] h2) {
        float[] h = adapt(adapter, h2);
        double z = f.headB()[0];
        for (int k = 0; k < f.hidden(); k++) {
            z += f.headW()[k] * h[k];
        }
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }

    static float[] adapt(Adapter adapter, float[] h) {
        float[] a = adapter.params();
        int hd = adapter.hidden();
        int w = adapter.width();
        int w1 = adapter.w1Offset();
        int b1 = adapter.b1Offset();
        int w2 = adapter.w2Offset();
        int b2 = adapter.b2Offset();
        float[] t = new float[w];
        for (int o = 0; o < w; o++) {
            double s = a[b1 + o];
            for (int i = 0; i < hd; i++) {
                s += a[w1 + o * hd + i] * h[i];
            }
            t[o] = (float) Math.tanh(s);
        }
        float[] out = new float[hd];
        for (int o = 0; o < hd; o++) {
            double s = a[b2 + o];
            for (int i = 0; i < w; i++) {
                s += a[w2 + o * w + i] * t[i];
            }
            out[o] = (float) (h[o] + a[0] * s);
        }
        return out;
    }
}
