package dev.selfheal.model;

import java.util.List;

/**
 * One frozen layer {@code act(x·Wᵀ + b)}, {@code W} {@code (out,in)} row-major as in PyTorch: a
 * layer of a copied chain after the backbone's first two, or a hidden layer of a user's MLP head,
 * which selfheal runs after the backbone and before its adapter (the adapter sits just before the
 * head's last Linear). The activation is ReLU unless an imported chain has another.
 */
public record DenseLayer(int in, int out, float[] weight, float[] bias, Activation activation) {
    public DenseLayer {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("layer widths must be positive, got " + in + "→" + out);
        }
        if (weight == null || weight.length != in * out) {
            throw new IllegalArgumentException("Linear(" + in + "→" + out + ") weight: expected " + in * out
                    + " floats, got " + (weight == null ? "none" : weight.length));
        }
        if (bias == null || bias.length != out) {
            throw new IllegalArgumentException("Linear(" + in + "→" + out + ") bias: expected " + out
                    + " floats, got " + (bias == null ? "none" : bias.length));
        }
        if (activation == null) {
            activation = Activation.RELU;
        }
        if (!activation.fits(out)) {
            throw new IllegalArgumentException("Linear(" + in + "→" + out + ") is followed by " + activation.label()
                    + ": one per unit needs " + out);
        }
    }

    /** A Linear layer followed by ReLU. */
    public DenseLayer(int in, int out, float[] weight, float[] bias) {
        this(in, out, weight, bias, Activation.RELU);
    }

    /** Floats this layer stores: weight then bias. */
    public int size() {
        return in * out + out;
    }

    /** The layer on {@code n} rows of width {@code in}, row-major. */
    public float[] apply(float[] x, int n) {
        float[] y = new float[n * out];
        double[] row = new double[out];
        LayerNorm norm = activation.norm();
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                double s = bias[o];
                for (int i = 0; i < in; i++) {
                    s += (double) weight[o * in + i] * x[r * in + i];
                }
                row[o] = s;
            }
            if (norm != null) {
                norm.apply(row, 0);
            }
            for (int o = 0; o < out; o++) {
                y[r * out + o] = (float) activation.apply(row[o], o);
            }
        }
        return y;
    }

    /**
     * Whether this layer gives back its input exactly when that input is the output of an
     * activation {@code before}: an identity weight, a zero bias, and no activation, or one that
     * changes nothing of {@code before}'s outputs (ReLU after ReLU). Kernels skip such a layer.
     */
    public boolean isIdentityAfter(Activation before) {
        if (in != out || activation.normed() || !(activation.kind() == Activation.Kind.IDENTITY
                || (activation.idempotent() && activation.equals(before)))) {
            return false;
        }
        for (int o = 0; o < out; o++) {
            if (bias[o] != 0f) {
                return false;
            }
            for (int i = 0; i < in; i++) {
                if (weight[o * in + i] != (o == i ? 1f : 0f)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code layers} one after the other on {@code n} rows; {@code x} itself when there are none. */
    public static float[] applyAll(List<DenseLayer> layers, float[] x, int n) {
        float[] y = x;
        for (DenseLayer l : layers) {
            y = l.apply(y, n);
        }
        return y;
    }

    /** Whether every layer's activation is ReLU. */
    public static boolean allRelu(List<DenseLayer> layers) {
        return layers.stream().allMatch(l -> l.activation.equals(Activation.RELU));
    }

    /** The layers as one flat vector (each weight then its bias), the layout of {@code head_layers.bin}. */
    public static float[] flat(List<DenseLayer> layers) {
        int n = 0;
        for (DenseLayer l : layers) {
            n += l.size();
        }
        float[] out = new float[n];
        int o = 0;
        for (DenseLayer l : layers) {
            System.arraycopy(l.weight, 0, out, o, l.weight.length);
            o += l.weight.length;
            System.arraycopy(l.bias, 0, out, o, l.out);
            o += l.out;
        }
        return out;
    }

    /** Floats {@link #flat} gives for layers of these widths ({@code widths[i]→widths[i+1]}). */
    public static int flatSize(int[] widths) {
        int n = 0;
        for (int i = 0; i + 1 < widths.length; i++) {
            n += widths[i] * widths[i + 1] + widths[i + 1];
        }
        return n;
    }

    /** The inverse of {@link #flat} for ReLU layers of these widths. */
    public static List<DenseLayer> fromFlat(int[] widths, float[] flat) {
        return fromFlat(widths, flat, null);
    }

    /**
     * The inverse of {@link #flat} for layers of these widths with these activations, one per
     * layer (null: ReLU after each).
     */
    public static List<DenseLayer> fromFlat(int[] widths, float[] flat, List<Activation> activations) {
        if (flat.length != flatSize(widths)) {
            throw new IllegalArgumentException("head layers: expected " + flatSize(widths) + " floats for widths "
                    + java.util.Arrays.toString(widths) + ", got " + flat.length);
        }
        if (activations != null && activations.size() != widths.length - 1) {
            throw new IllegalArgumentException("head layers: " + activations.size() + " activations for "
                    + (widths.length - 1) + " layers");
        }
        List<DenseLayer> out = new java.util.ArrayList<>();
        int o = 0;
        for (int i = 0; i + 1 < widths.length; i++) {
            int in = widths[i];
            int w = widths[i + 1];
            float[] weight = java.util.Arrays.copyOfRange(flat, o, o + in * w);
            o += in * w;
            float[] bias = java.util.Arrays.copyOfRange(flat, o, o + w);
            o += w;
            out.add(new DenseLayer(in, w, weight, bias, activations == null ? Activation.RELU : activations.get(i)));
        }
        return out;
    }
}
