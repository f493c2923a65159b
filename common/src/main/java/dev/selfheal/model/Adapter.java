package dev.selfheal.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The trainable residual adapter {@code h + s·(Linear(H→W) tanh Linear(W→H))(h)}, as one flat
 * float32 vector in DJL's parameter order ({@link AdapterShape} has the layout): {@code scale},
 * first Linear weight {@code (out,in)} and bias, second Linear weight and bias. Healing changes
 * only this; a flat vector is what the codec, the registry and the broadcast carry.
 */
public final class Adapter {
    public static final float INITIAL_SCALE = 0.1f;

    private final AdapterShape shape;
    private final float[] params;

    public Adapter(AdapterShape shape, float[] params) {
        if (params.length != shape.size()) {
            throw new IllegalArgumentException("adapter for hidden=" + shape.hidden() + ", width=" + shape.width()
                    + " needs " + shape.size() + " floats, got " + params.length);
        }
        this.shape = shape;
        this.params = params;
    }

    /** A full-width adapter (W = H). */
    public Adapter(int hidden, float[] params) {
        this(AdapterShape.full(hidden), params);
    }

    /** Number of floats of a full-width adapter over a hidden width: 1 + 2·(H·H + H). */
    public static int size(int hidden) {
        return AdapterShape.full(hidden).size();
    }

    /** Hidden width implied by a full-width adapter's length, or -1 when the length fits no width. */
    public static int hiddenFor(int length) {
        int h = (int) Math.round((-2 + Math.sqrt(4 + 8.0 * (length - 1))) / 4);
        return h > 0 && size(h) == length ? h : -1;
    }

    /** PyTorch's default Linear initialisation, from a seeded generator (no torch RNG involved). */
    public static Adapter initial(AdapterShape shape, SplittableRandom rng) {
        float[] p = new float[shape.size()];
        p[0] = INITIAL_SCALE;
        Init.linear(rng, p, shape.w1Offset(), shape.hidden(), shape.width());
        Init.linear(rng, p, shape.w2Offset(), shape.width(), shape.hidden());
        return new Adapter(shape, p);
    }

    /** {@link #initial(AdapterShape, SplittableRandom)} of a full-width adapter. */
    public static Adapter initial(int hidden, SplittableRandom rng) {
        return initial(AdapterShape.full(hidden), rng);
    }

    public AdapterShape shape() {
        return shape;
    }

    public int hidden() {
        return shape.hidden();
    }

    /** The bottleneck width W. */
    public int width() {
        return shape.width();
    }

    /** The live vector; callers that keep it must {@link #copy()} first. */
    public float[] params() {
        return params;
    }

    public float scale() {
        return params[0];
    }

    public int w1Offset() {
        return shape.w1Offset();
    }

    public int b1Offset() {
        return shape.b1Offset();
    }

    public int w2Offset() {
        return shape.w2Offset();
    }

    public int b2Offset() {
        return shape.b2Offset();
    }

    public Adapter copy() {
        return new Adapter(shape, params.clone());
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
        return o instanceof Adapter a && a.shape.equals(shape) && Arrays.equals(a.params, params);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(params);
    }
}
