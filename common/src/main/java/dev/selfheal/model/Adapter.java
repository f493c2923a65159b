package dev.selfheal.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The trainable residual adapter {@code h + s·(Linear(H→H) tanh Linear(H→H))(h)}, as one flat
 * float32 vector in DJL's parameter order: {@code scale}, first Linear weight {@code (out,in)} and
 * bias, second Linear weight and bias. Healing changes only this; a flat vector is what the codec,
 * the registry and the broadcast carry.
 */
public final class Adapter {
    public static final float INITIAL_SCALE = 0.1f;

    private final int hidden;
    private final float[] params;

    public Adapter(int hidden, float[] params) {
        if (params.length != size(hidden)) {
            throw new IllegalArgumentException("adapter for hidden=" + hidden + " needs " + size(hidden)
                    + " floats, got " + params.length);
        }
        this.hidden = hidden;
        this.params = params;
    }

    /** Number of floats of an adapter over a hidden width: 1 + 2·(H·H + H). */
    public static int size(int hidden) {
        return 1 + 2 * (hidden * hidden + hidden);
    }

    /** Hidden width implied by a flat vector's length, or -1 when the length fits no width. */
    public static int hiddenFor(int length) {
        int h = (int) Math.round((-2 + Math.sqrt(4 + 8.0 * (length - 1))) / 4);
        return h > 0 && size(h) == length ? h : -1;
    }

    /** PyTorch's default Linear initialisation, from a seeded generator (no torch RNG involved). */
    public static Adapter initial(int hidden, SplittableRandom rng) {
        float[] p = new float[size(hidden)];
        p[0] = INITIAL_SCALE;
        Init.linear(rng, p, 1, hidden, hidden);
        Init.linear(rng, p, 1 + hidden * hidden + hidden, hidden, hidden);
        return new Adapter(hidden, p);
    }

    public int hidden() {
        return hidden;
    }

    /** The live vector; callers that keep it must {@link #copy()} first. */
    public float[] params() {
        return params;
    }

    public float scale() {
        return params[0];
    }

    public int w1Offset() {
        return 1;
    }

    public int b1Offset() {
        return 1 + hidden * hidden;
    }

    public int w2Offset() {
        return b1Offset() + hidden;
    }

    public int b2Offset() {
        return w2Offset() + hidden * hidden;
    }

    public Adapter copy() {
        return new Adapter(hidden, params.clone());
    }

    public boolean allFinite() {
        for (float v : params) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Adapter a && a.hidden == hidden && Arrays.equals(a.params, params);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(params);
    }
}
