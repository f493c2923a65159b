package dev.selfheal.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * PyTorch's {@code LayerNorm} over a layer's last dimension, as a copied layer applies it to its
 * Linear output before its activation: {@code (x − mean)/√(var + eps)·weight + bias}, mean and
 * biased variance over the first {@link #units} values of a row. A LayerNorm without
 * {@code elementwise_affine} is held with weight 1 and bias 0 (the same outputs, bit for bit).
 * Beyond {@code units} (the zero units a kernel pads a width with) weight and bias are 0, so those
 * units stay exactly 0 and take no part in the mean or the variance.
 *
 * @param units  the real width it normalises over
 * @param eps    added to the variance
 * @param weight one per unit of the (possibly padded) width
 * @param bias   one per unit of the (possibly padded) width
 */
public record LayerNorm(int units, float eps, float[] weight, float[] bias) {
    public LayerNorm {
        if (units < 1 || weight == null || bias == null || weight.length < units || bias.length != weight.length) {
            throw new IllegalArgumentException("LayerNorm over " + units + " units needs as many weights and biases, got "
                    + (weight == null ? "none" : weight.length) + " and " + (bias == null ? "none" : bias.length));
        }
        if (!(eps >= 0) || !Float.isFinite(eps)) {
            throw new IllegalArgumentException("LayerNorm needs a finite eps >= 0, got " + eps);
        }
        weight = weight.clone();
        bias = bias.clone();
        for (int i = 0; i < weight.length; i++) {
            if (!Float.isFinite(weight[i]) || !Float.isFinite(bias[i])) {
                throw new IllegalArgumentException("LayerNorm needs finite weights and biases");
            }
            if (i >= units && (weight[i] != 0f || bias[i] != 0f)) {
                throw new IllegalArgumentException("LayerNorm: a padded unit needs weight and bias 0");
            }
        }
    }

    /** A LayerNorm without elementwise affine: weight 1, bias 0. */
    public static LayerNorm plain(int units, float eps) {
        float[] w = new float[units];
        Arrays.fill(w, 1f);
        return new LayerNorm(units, eps, w, new float[units]);
    }

    /** The width its weight and bias cover: {@link #units}, or more once padded. */
    public int width() {
        return weight.length;
    }

    @Override
    public float[] weight() {
        return weight.clone();
    }

    @Override
    public float[] bias() {
        return bias.clone();
    }

    /** The weight itself, not a copy: the vector kernel reads it for every block of rows. */
    float[] weightArray() {
        return weight;
    }

    /** The bias itself, not a copy. */
    float[] biasArray() {
        return bias;
    }

    /** This LayerNorm for a layer padded with zero units to {@code width}: the padded units get weight and bias 0. */
    public LayerNorm padded(int width) {
        return width == weight.length ? this : new LayerNorm(units, eps, Arrays.copyOf(weight, width),
                Arrays.copyOf(bias, width));
    }

    /** Normalises {@code row[off .. off + width())} in place, in double: the reference the kernels are checked against. */
    public void apply(double[] row, int off) {
        double mean = 0;
        for (int i = 0; i < units; i++) {
            mean += row[off + i];
        }
        mean /= units;
        double var = 0;
        for (int i = 0; i < units; i++) {
            double d = row[off + i] - mean;
            var += d * d;
        }
        double inv = 1 / Math.sqrt(var / units + eps);
        for (int i = 0; i < weight.length; i++) {
            row[off + i] = i < units ? (row[off + i] - mean) * inv * weight[i] + bias[i] : 0;
        }
    }

    /** Its name as the manifest and the export write it: {@code layer_norm(eps,weight…,bias…)}. */
    public String text() {
        StringBuilder b = new StringBuilder("layer_norm(").append(eps);
        for (int i = 0; i < units; i++) {
            b.append(',').append(weight[i]);
        }
        for (int i = 0; i < units; i++) {
            b.append(',').append(bias[i]);
        }
        return b.append(')').toString();
    }

    /** {@link #text} for a person to read: {@code layer_norm(48)}, not its weights. */
    public String label() {
        return String.format(Locale.ROOT, "layer_norm(%d)", units);
    }

    /** The inverse of {@link #text}: the numbers inside its parentheses, eps then the weights then the biases. */
    static LayerNorm parse(String text) {
        String t = text.strip();
        if (!t.startsWith("layer_norm(") || !t.endsWith(")")) {
            throw new IllegalArgumentException("layer norm " + text + ": expected layer_norm(eps,weights,biases)");
        }
        String[] parts = t.substring("layer_norm(".length(), t.length() - 1).split(",", -1);
        if (parts.length < 3 || parts.length % 2 == 0) {
            throw new IllegalArgumentException("layer norm " + text + ": needs eps and one weight and bias per unit");
        }
        int n = (parts.length - 1) / 2;
        float[] w = new float[n];
        float[] b = new float[n];
        try {
            float eps = Float.parseFloat(parts[0].strip());
            for (int i = 0; i < n; i++) {
                w[i] = Float.parseFloat(parts[1 + i].strip());
                b[i] = Float.parseFloat(parts[1 + n + i].strip());
            }
            return new LayerNorm(n, eps, w, b);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("layer norm " + text + ": a parameter is no number");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerNorm n && n.units == units && Float.compare(n.eps, eps) == 0
                && Arrays.equals(n.weight, weight) && Arrays.equals(n.bias, bias);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * units + Float.hashCode(eps)) + 31 * Arrays.hashCode(weight) + Arrays.hashCode(bias);
    }

    @Override
    public String toString() {
        return label();
    }
}
