package dev.selfheal.model;

import java.util.Arrays;

/**
 * A one-hidden-layer part of the {@link InputPath}: {@code Σ_k out_k·relu(bias_k + Σ_j weight_kj·c_j)}
 * on the clamped standardised inputs {@code c}. The linear and square terms add one function of
 * each input; a concept that depends on inputs together (a salary band that depends on the age
 * band, a box, a corner) is none of those, and a few rectified units express it. Zero {@code out}
 * is the identity. Immutable: the arrays given are copied, and the accessors return the copies.
 */
public final class HiddenUnits {
    /**
     * Units of every such part; fixed, so that a served vector's length still tells its tails apart
     * (a part of {@code 16·(d + 2)} floats never has an output link's length).
     */
    public static final int UNITS = 16;

    /** Unit-major: unit k's weights at {@code [k·d, (k + 1)·d)}, as the tail and the export hold them. */
    private final float[] weight;
    private final float[] bias;
    private final float[] out;
    /** The same weights input-major, so scoring adds one input's column to all units in one loop. */
    private final float[] byInput;

    /**
     * @param weight unit-major, {@code 16·d} floats
     * @param bias   one per unit
     * @param out    one per unit: its weight in the logit
     */
    public HiddenUnits(float[] weight, float[] bias, float[] out) {
        if (bias.length != UNITS || out.length != UNITS || weight.length % UNITS != 0 || weight.length == 0) {
            throw new IllegalArgumentException("hidden units: need " + UNITS + " units, got weights "
                    + weight.length + ", biases " + bias.length + ", outputs " + out.length);
        }
        this.weight = weight.clone();
        this.bias = bias.clone();
        this.out = out.clone();
        int d = weight.length / UNITS;
        byInput = new float[weight.length];
        for (int k = 0; k < UNITS; k++) {
            for (int j = 0; j < d; j++) {
                byInput[j * UNITS + k] = weight[k * d + j];
            }
        }
    }

    public float[] weight() {
        return weight.clone();
    }

    public float[] bias() {
        return bias.clone();
    }

    public float[] out() {
        return out.clone();
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

    /**
     * What the units add to the logit of a row whose clamped standardised inputs are {@code c}, in
     * float: SCORE's per-row form, one input's column added to every unit at a time.
     */
    public double apply(float[] c) {
        float[] a = bias.clone();
        for (int j = 0; j < c.length; j++) {
            float cj = c[j];
            int col = j * UNITS;
            for (int k = 0; k < UNITS; k++) {
                a[k] += byInput[col + k] * cj;
            }
        }
        double sum = 0;
        for (int k = 0; k < UNITS; k++) {
            if (a[k] > 0) {
                sum += out[k] * a[k];
            }
        }
        return sum;
    }

    /** {@link #apply(float[])} in double, for the fit's own predictions. */
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
