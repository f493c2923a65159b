package dev.selfheal.model;

import java.util.Arrays;

/**
 * Two small corrections around the frozen network, learned without touching it: a per-feature
 * affine map on the raw inputs ({@code x' = scale·x + shift}: undoes a feature that moved, as the
 * drift detectors measured it) and a Platt map on the output logit ({@code z' = outScale·z +
 * outShift}: re-fits the probabilities to the class balance and separability seen now). Identity
 * = scales 1, shifts 0.
 */
public record Calibration(float[] scale, float[] shift, float outScale, float outShift) {
    public Calibration {
        if (scale.length != shift.length) {
            throw new IllegalArgumentException("calibration scale and shift differ in length");
        }
        scale = scale.clone();
        shift = shift.clone();
    }

    public static Calibration identity(int dim) {
        float[] s = new float[dim];
        Arrays.fill(s, 1f);
        return new Calibration(s, new float[dim], 1f, 0f);
    }

    /** Floats this takes at the end of a served-adapter vector. */
    public static int tailLength(int dim) {
        return 2 * dim + 2;
    }

    public int dim() {
        return scale.length;
    }

    public boolean inputIsIdentity() {
        for (int j = 0; j < scale.length; j++) {
            if (scale[j] != 1f || shift[j] != 0f) {
                return false;
            }
        }
        return true;
    }

    public boolean isIdentity() {
        return inputIsIdentity() && outScale == 1f && outShift == 0f;
    }

    public Calibration withInput(float[] newScale, float[] newShift) {
        return new Calibration(newScale, newShift, outScale, outShift);
    }

    public Calibration withOutput(float a, float b) {
        return new Calibration(scale, shift, a, b);
    }

    /** The calibrated copy of one raw row. */
    public float[] input(float[] raw) {
        float[] out = new float[raw.length];
        for (int j = 0; j < raw.length; j++) {
            out[j] = scale[j] * raw[j] + shift[j];
        }
        return out;
    }

    public float[][] input(float[][] raw) {
        if (inputIsIdentity()) {
            return raw;
        }
        float[][] out = new float[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = input(raw[i]);
        }
        return out;
    }

    /** Applies the output map to a probability. */
    public float output(float p) {
        if (outScale == 1f && outShift == 0f) {
            return p;
        }
        double q = Math.min(1 - 1e-7, Math.max(1e-7, p));
        double z = Math.log(q / (1 - q));
        return (float) (1 / (1 + Math.exp(-(outScale * z + outShift))));
    }

    void writeTail(float[] dst, int offset) {
        System.arraycopy(scale, 0, dst, offset, scale.length);
        System.arraycopy(shift, 0, dst, offset + scale.length, shift.length);
        dst[offset + 2 * scale.length] = outScale;
        dst[offset + 2 * scale.length + 1] = outShift;
    }

    static Calibration readTail(float[] src, int offset, int dim) {
        return new Calibration(Arrays.copyOfRange(src, offset, offset + dim),
                Arrays.copyOfRange(src, offset + dim, offset + 2 * dim), src[offset + 2 * dim],
                src[offset + 2 * dim + 1]);
    }
}
