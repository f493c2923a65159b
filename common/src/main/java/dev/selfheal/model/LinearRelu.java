package dev.selfheal.model;

import java.util.List;

/**
 * One frozen layer {@code ReLU(x·Wᵀ + b)}, {@code W} {@code (out,in)} row-major as in PyTorch: a
 * hidden layer of a user's MLP head, which selfheal runs after the backbone and before its adapter
 * (the adapter sits just before the head's last Linear).
 */
public record LinearRelu(int in, int out, float[] weight, float[] bias) {
    public LinearRelu {
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
    }

    /** Floats this layer stores: weight then bias. */
    public int size() {
        return in * out + out;
    }

    /** The layer on {@code n} rows of width {@code in}, row-major. */
    public float[] apply(float[] x, int n) {
        float[] y = new float[n * out];
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                double s = bias[o];
                for (int i = 0; i < in; i++) {
                    s += (double) weight[o * in + i] * x[r * in + i];
                }
                y[r * out + o] = (float) Math.max(0, s);
            }
        }
        return y;
    }

    /** {@code layers} one after the other on {@code n} rows; {@code x} itself when there are none. */
    public static float[] applyAll(List<LinearRelu> layers, float[] x, int n) {
        float[] y = x;
        for (LinearRelu l : layers) {
            y = l.apply(y, n);
        }
        return y;
    }

    /** The layers as one flat vector (each weight then its bias), the layout of {@code head_layers.bin}. */
    public static float[] flat(List<LinearRelu> layers) {
        int n = 0;
        for (LinearRelu l : layers) {
            n += l.size();
        }
        float[] out = new float[n];
        int o = 0;
        for (LinearRelu l : layers) {
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

    /** The inverse of {@link #flat} for layers of these widths. */
    public static List<LinearRelu> fromFlat(int[] widths, float[] flat) {
        if (flat.length != flatSize(widths)) {
            throw new IllegalArgumentException("head layers: expected " + flatSize(widths) + " floats for widths "
                    + java.util.Arrays.toString(widths) + ", got " + flat.length);
        }
        List<LinearRelu> out = new java.util.ArrayList<>();
        int o = 0;
        for (int i = 0; i + 1 < widths.length; i++) {
            int in = widths[i];
            int w = widths[i + 1];
            float[] weight = java.util.Arrays.copyOfRange(flat, o, o + in * w);
            o += in * w;
            float[] bias = java.util.Arrays.copyOfRange(flat, o, o + w);
            o += w;
            out.add(new LinearRelu(in, w, weight, bias));
        }
        return out;
    }
}
