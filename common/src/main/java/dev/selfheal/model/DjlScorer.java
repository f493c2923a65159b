package dev.selfheal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * Scores micro-batches with the served (healed) adapter and the frozen shadow adapter side by side,
 * computing the backbone once: the chain's two layers, or a user's TorchScript module
 * ({@link DjlBackbone}), which makes this the only engine for a backbone of any other architecture. Weights live in native arrays owned by this object; adapter updates
 * overwrite them in place ({@code NDArray.set}) rather than reloading parameters, which would
 * leave DJL's parameter store pointing at released arrays. No array requires a gradient, so no
 * autograd graph is recorded, whatever the thread's grad mode. Not thread-safe: one per task.
 */
public final class DjlScorer implements AutoCloseable {
    private final NDManager manager;
    private final Standardizer standardizer;
    private final int hidden;
    private final AdapterShape shape;
    private final int dim;
    private final DjlBackbone backbone;
    private final NDArray headWt;
    private final NDArray headB;
    private final AdapterArrays served;
    private final AdapterArrays shadow;
    private float[] standardized = new float[0];

    /** Scores with adapters of {@code shape} (the model's): served and shadow share it. */
    public DjlScorer(FrozenWeights frozen, AdapterShape shape, Standardizer standardizer, float[] servedAdapter,
                     float[] shadowAdapter) {
        if (shape.hidden() != frozen.hidden()) {
            throw new IllegalArgumentException("adapter for hidden width " + shape.hidden() + ", the backbone's is "
                    + frozen.hidden());
        }
        DjlBootstrap.init();
        NativeWarnings.absorbDeprecationWarning();
        this.standardizer = standardizer;
        this.hidden = frozen.hidden();
        this.shape = shape;
        this.dim = frozen.inputDim();
        this.manager = NDManager.newBaseManager();
        DjlBackbone b = null;
        try {
            b = DjlBackbone.of(frozen, manager);
            backbone = b;
            headWt = manager.create(frozen.headW(), new Shape(hidden, 1));
            headB = manager.create(frozen.headB(), new Shape(1));
            served = new AdapterArrays(manager, shape, servedAdapter);
            shadow = new AdapterArrays(manager, shape, shadowAdapter);
        } catch (RuntimeException e) {
            if (b != null) {
                b.close();
            }
            manager.close();
            throw e;
        }
    }

    /** A scorer of full-width adapters. */
    public DjlScorer(FrozenWeights frozen, Standardizer standardizer, float[] servedAdapter, float[] shadowAdapter) {
        this(frozen, AdapterShape.full(frozen.hidden()), standardizer, servedAdapter, shadowAdapter);
    }

    public AdapterShape shape() {
        return shape;
    }

    /** Replaces the served adapter's weights in place. */
    public void setServed(float[] adapter) {
        served.set(adapter);
    }

    public void setShadow(float[] adapter) {
        shadow.set(adapter);
    }

    /**
     * Scores the first {@code n} raw rows; writes the served model's probabilities to {@code p} and
     * the shadow's to {@code pShadow} (either may be null to skip it).
     */
    public void score(float[][] rawRows, int n, float[] p, float[] pShadow) {
        if (n == 0) {
            return;
        }
        if (standardized.length < n * dim) {
            standardized = new float[Math.max(n * dim, standardized.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            standardizer.apply(rawRows[i], standardized, i * dim);
        }
        scoreStandardized(standardized, n, p, pShadow);
    }

    /** As {@link #score} for rows already standardised, row-major in {@code x}. */
    public void scoreStandardized(float[] x, int n, float[] p, float[] pShadow) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray h = backbone.hidden(sub, x, n);
            if (p != null) {
                copy(Activation.sigmoid(Layers.logits(served.apply(h), headWt, headB)), p, n);
            }
            if (pShadow != null) {
                copy(Activation.sigmoid(Layers.logits(shadow.apply(h), headWt, headB)), pShadow, n);
            }
        }
    }

    private static void copy(NDArray a, float[] dst, int n) {
        float[] v = a.toFloatArray();
        System.arraycopy(v, 0, dst, 0, n);
    }

    static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[r * cols + c];
            }
        }
        return t;
    }

    @Override
    public void close() {
        try {
            backbone.close();
        } finally {
            manager.close();
        }
    }

    /** One adapter's weights as native arrays, linear weights stored transposed for the matMul. */
    private static final class AdapterArrays {
        private final AdapterShape shape;
        private final NDArray scale;
        private final NDArray a1t;
        private final NDArray a1b;
        private final NDArray a2t;
        private final NDArray a2b;

        AdapterArrays(NDManager m, AdapterShape shape, float[] params) {
            this.shape = shape;
            int hd = shape.hidden();
            int w = shape.width();
            Adapter a = new Adapter(shape, params);
            scale = m.create(new float[] {a.scale()}, new Shape(1));
            a1t = m.create(new float[hd * w], new Shape(hd, w));
            a1b = m.create(new float[w], new Shape(w));
            a2t = m.create(new float[w * hd], new Shape(w, hd));
            a2b = m.create(new float[hd], new Shape(hd));
            set(params);
        }

        void set(float[] params) {
            Adapter a = new Adapter(shape, params);
            int hd = shape.hidden();
            int w = shape.width();
            int hw = hd * w;
            scale.set(new float[] {a.scale()});
            // Stored (out,in); the matMul takes (in,out).
            a1t.set(transpose(java.util.Arrays.copyOfRange(params, a.w1Offset(), a.w1Offset() + hw), w, hd));
            a1b.set(java.util.Arrays.copyOfRange(params, a.b1Offset(), a.b1Offset() + w));
            a2t.set(transpose(java.util.Arrays.copyOfRange(params, a.w2Offset(), a.w2Offset() + hw), hd, w));
            a2b.set(java.util.Arrays.copyOfRange(params, a.b2Offset(), a.b2Offset() + hd));
        }

        NDArray apply(NDArray h) {
            return Layers.adapter(h, scale, a1t, a1b, a2t, a2b);
        }
    }
}
