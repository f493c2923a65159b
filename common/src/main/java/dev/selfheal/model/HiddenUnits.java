package dev.selfheal.model;

import java.util.Arrays;

/**
 * A one-hidden-layer part of the {@link InputPath}: {@code Σ_k out_k·relu(bias_k + Σ_j weight_kj·c_j)}
 * on the clamped standardised inputs {@code c}. The linear and square terms add one function of
 * each input; a concept that depends on inputs together (a salary band that depends on the age
 * band, a box, a corner) is none of those, and a few rectified units express it. Zero {@code out}
 * is the identity.
 */
public record HiddenUnits(float[] weight, float[] bias, float[] out) {
    /**
     * Units of every such part; fixed, so that a served vector's length still tells its tails apart
     * (a part of {@code 16·(d + 2)} floats never has an output link's length).
     */
    public static final int UNITS = 16;

    public HiddenUnits {
        if (bias.length != UNITS || out.length != UNITS || weight.length % UNITS != 0 || weight.length == 0) {
            throw new IllegalArgumentException("hidden units: need " + UNITS + " units, got weights "
                    + weight.length + ", biases " + bias.length + ", outputs " + out.length);
        }
        weight = weight.clone();
        bias = bias.clone();
        out = out.clone();
    }

    /** Floats the part takes in a served vector for {@code dim} inputs. */
    public static int tailLength(int dim) {
        return UNITS * (dim + 2);
    }

    public int dim() {
        return weight.length / UNITS;
    }

    public boolean isZero() {
        for (float o : out) {
            if (o != 0f) {
                return false;
            }
        }
        return true;
    }

    /** What the units add to the logit of a row whose clamped standardised inputs are {@code c}. */
    public double apply(double[] c) {
        int d = c.length;
        double sum = 0;
        for (int k = 0; k < UNITS; k++) {
            if (out[k] == 0f) {
                continue;
            }
            double a = bias[k];
            int row = k * d;
            for (int j = 0; j < d; j++) {
                a += weight[row + j] * c[j];
            }
            if (a > 0) {
                sum += out[k] * a;
            }
        }
        return sum;
    }

    void writeTail(float[] dst, int offset) {
        System.arraycopy(weight, 0, dst, offset, weight.length);
        System.arraycopy(bias, 0, dst, offset + weight.length, UNITS);
        System.arraycopy(out, 0, dst, offset + weight.length + UNITS, UNITS);
    }

    static HiddenUnits readTail(float[] src, int offset, int dim) {
        int w = UNITS * dim;
        return new HiddenUnits(Arrays.copyOfRange(src, offset, offset + w),
                Arrays.copyOfRange(src, offset + w, offset + w + UNITS),
                Arrays.copyOfRange(src, offset + w + UNITS, offset + w + 2 * UNITS));
    }
}
