package dev.selfheal.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.List;

/**
 * {@link ScoringKernel} on Java's Vector API (incubator module {@code jdk.incubator.vector}; the
 * JVM needs {@code --add-modules jdk.incubator.vector}, see {@link ScoringKernels}). Why it beats a
 * DJL call at every batch size: no native-call overhead (~28 µs per DJL call), no per-call arrays,
 * the adapter's second layer folded into the head ({@link FoldedAdapter}: ~13k instead of ~21k
 * multiply-adds per record for served + shadow), and the backbone computed once per row for both.
 *
 * <p>Blocking: four rows at a time against four vectors of output columns, i.e. 16 accumulators
 * held in registers while one weight row (four vector loads) is reused by four rows, so the loop
 * is bound by multiply-adds rather than loads. A row left over, or a row whose served adapter
 * differs from its block's, takes the one-row path. tanh is computed in-kernel from a polynomial
 * {@code exp} (absolute error ~1e-7), since a per-lane {@code Math.tanh} would cost more than the
 * matrix work. Checked against DJL to 1e-5 by {@code VectorKernelTest}.
 *
 * <p>Each frozen layer has its own activation (an imported chain's may be Tanh, LeakyReLU, none,
 * …): ReLU, the common case, stays fused into the stores of a layer's output block, as a floor of
 * 0; any other runs over the layer's stored outputs once they are written ({@link VectorActivations}).
 * A layer that gives back its input exactly (the identity a chain whose second layer is not square
 * holds in selfheal's layout) is not run at all.
 *
 * <p>The adapter's first layer is blocked the same way when its width W is a multiple of four
 * vectors (the full width always is, as the backbone's must be). A narrower adapter cannot fill
 * four vectors of outputs, so it takes one dot product over H per output ({@link #narrow1}; four
 * rows of one adapter share each row of A1 in {@link #narrow4}): at W = 8, 512 multiply-adds per
 * row beside the backbone's 4,736. What a narrow adapter saves is memory (2 KB folded instead of
 * 16 KB per model), which is what limits scoring the rows of many models in one batch.
 */
final class VectorKernel implements ScoringKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int BLOCK = 4;

    private final int d;
    private final int hd;
    private final Standardizer standardizer;
    private final AdapterShape shape;
    /** Whether adapters take the blocked path or the narrow one (see the class comment). */
    private final boolean blockedAdapter;
    /** Adapter width rounded up to whole vectors: the length of a folded adapter's padded arrays. */
    private final int paddedWidth;
    /**
     * The frozen layers that give {@code h}, each transposed {@code (in,out)}: a chain's layers as
     * {@link FrozenWeights#runLayers()} gives them (the backbone's, then the head's hidden layers
     * when the head is an MLP: one longer chain).
     */
    private final float[][] wts;
    private final float[][] biases;
    /** {@code widths[0]} = d; {@code widths[l + 1]} = layer l's output width; the last is H. */
    private final int[] widths;
    /**
     * Per layer, the floor its outputs are clamped at as they are stored: 0 is ReLU, fused into the
     * store at no cost; −∞ leaves them as they are, for {@link #post} or no activation.
     */
    private final float[] floors;
    /** Per layer, the activation (and LayerNorm) run over its stored outputs, or null (ReLU alone, none). */
    private final Activation[] post;
    private final float[] headW;
    private final float headB;
    private final FoldedAdapter shadow;
    // Scratch for one block of rows; small enough to stay in L1.
    private final float[] x;
    /** Each layer's output for one block; the last is {@link #h}. */
    private final float[][] acts;
    private final float[] h;
    /** Adapter pre-activations of one block, before tanh: a row every {@link #paddedWidth} floats. */
    private final float[] pre;
    private final float[] base = new float[BLOCK];
    private final float[] dots = new float[BLOCK];

    VectorKernel(FrozenWeights frozen, AdapterShape shape, Standardizer standardizer, float[] shadowAdapter) {
        this(runLayers(frozen), frozen.headW(), frozen.headB()[0], shape, standardizer, shadowAdapter);
    }

    /**
     * A kernel for the chain {@code layers} (their input width is the model's d), then the head
     * {@code Linear(H→1)}.
     */
    VectorKernel(List<DenseLayer> layers, float[] headW, float headB, AdapterShape shape, Standardizer standardizer,
                 float[] shadowAdapter) {
        if (!fits(layers)) {
            throw new IllegalArgumentException("vector kernel needs layer widths that are multiples of " + 4 * L
                    + ", got " + layers.stream().map(l -> Integer.toString(l.out())).toList() + " after the input");
        }
        int n = layers.size();
        this.hd = layers.get(n - 1).out();
        if (shape.hidden() != hd) {
            throw new IllegalArgumentException("adapter for hidden width " + shape.hidden() + ", the backbone's is "
                    + hd);
        }
        this.d = layers.get(0).in();
        this.standardizer = standardizer;
        this.shape = shape;
        this.blockedAdapter = shape.width() % (4 * L) == 0;
        this.paddedWidth = (shape.width() + L - 1) / L * L;
        this.wts = new float[n][];
        this.biases = new float[n][];
        this.widths = new int[n + 1];
        this.floors = new float[n];
        this.post = new Activation[n];
        widths[0] = d;
        for (int l = 0; l < n; l++) {
            DenseLayer layer = layers.get(l);
            wts[l] = DjlScorer.transpose(layer.weight(), layer.out(), layer.in());
            biases[l] = layer.bias().clone();
            widths[l + 1] = layer.out();
            Activation a = layer.activation();
            // a LayerNorm needs the whole row stored before it, so its layer's ReLU runs after it
            boolean fused = a.kind() == Activation.Kind.RELU && !a.normed();
            floors[l] = fused ? 0f : Float.NEGATIVE_INFINITY;
            post[l] = fused || a.equals(Activation.IDENTITY) ? null : a;
        }
        this.headW = headW.clone();
        this.headB = headB;
        this.shadow = (FoldedAdapter) prepare(shadowAdapter);
        this.x = new float[BLOCK * d];
        this.acts = new float[n][];
        for (int l = 0; l < n; l++) {
            acts[l] = new float[BLOCK * widths[l + 1]];
        }
        this.h = acts[n - 1];
        this.pre = new float[BLOCK * paddedWidth];
    }

    private static List<DenseLayer> runLayers(FrozenWeights frozen) {
        frozen.requireChain("the vector kernel");
        return frozen.runLayers();
    }

    /** Whether this machine's vector shape can block a hidden layer of this width. */
    static boolean fits(int hidden) {
        return hidden > 0 && hidden % (4 * L) == 0;
    }

    /** Whether it can block every layer of {@code frozen} it runs (the backbone's, the head's hidden ones). */
    static boolean fits(FrozenWeights frozen) {
        return fits(frozen.runLayers());
    }

    /** Whether it can block every layer's output. */
    static boolean fits(List<DenseLayer> layers) {
        return !layers.isEmpty() && layers.stream().allMatch(l -> fits(l.out()));
    }

    /** Lanes per vector on this machine (16 with AVX-512). */
    static int lanes() {
        return L;
    }

    @Override
    public Weights prepare(float[] adapter) {
        FoldedAdapter a = new FoldedAdapter(shape, blockedAdapter, paddedWidth);
        a.fold(adapter, headW);
        return a;
    }

    @Override
    public void update(Weights target, float[] adapter) {
        ((FoldedAdapter) target).fold(adapter, headW);
    }

    @Override
    public void setShadow(float[] adapter) {
        shadow.fold(adapter, headW);
    }

    /**
     * Two copies of one loop, one per adapter path, chosen once per call: with both paths in one
     * method C2 inlined past its budget and left Vector API calls out, which then ran as slow,
     * allocating Java code (measured at batch 256: a full-width kernel went from 0.23 to 0.41 µs
     * and 768 bytes allocated per record). Each copy is too large to be inlined here, so each is
     * compiled alone, as the single loop was before narrow adapters existed.
     */
    @Override
    public void score(float[][] rows, int n, Weights[] served, float[] p, float[] pShadow) {
        if (blockedAdapter) {
            scoreBlocked(rows, n, served, p, pShadow);
        } else {
            scoreNarrow(rows, n, served, p, pShadow);
        }
    }

    /** {@link #score} with full-width (blocked) adapters. */
    private void scoreBlocked(float[][] rows, int n, Weights[] served, float[] p, float[] pShadow) {
        int i = 0;
        for (; i + BLOCK <= n; i += BLOCK) {
            for (int r = 0; r < BLOCK; r++) {
                standardizer.apply(rows[i + r], x, r * d);
            }
            layers4();
            for (int r = 0; r < BLOCK; r++) {
                base[r] = dot(h, r * hd, headW) + headB;
            }
            if (pShadow != null) {
                adapter4(shadow, h, dots);
                for (int r = 0; r < BLOCK; r++) {
                    pShadow[i + r] = sigmoid(base[r] + shadow.scale * (dots[r] + shadow.c));
                }
            }
            if (p != null) {
                FoldedAdapter a = (FoldedAdapter) served[i];
                if (served[i + 1] == a && served[i + 2] == a && served[i + 3] == a) {
                    adapter4(a, h, dots);
                    for (int r = 0; r < BLOCK; r++) {
                        p[i + r] = sigmoid(base[r] + a.scale * (dots[r] + a.c));
                    }
                } else {
                    for (int r = 0; r < BLOCK; r++) {
                        FoldedAdapter ar = (FoldedAdapter) served[i + r];
                        p[i + r] = sigmoid(base[r] + ar.scale * (adapter1(ar, h, r * hd) + ar.c));
                    }
                }
            }
        }
        for (; i < n; i++) {
            standardizer.apply(rows[i], x, 0);
            layers1();
            float b = dot(h, 0, headW) + headB;
            if (pShadow != null) {
                pShadow[i] = sigmoid(b + shadow.scale * (adapter1(shadow, h, 0) + shadow.c));
            }
            if (p != null) {
                FoldedAdapter a = (FoldedAdapter) served[i];
                p[i] = sigmoid(b + a.scale * (adapter1(a, h, 0) + a.c));
            }
        }
    }

    /**
     * {@link #scoreBlocked} with narrow adapters: the same loop, {@link #narrow4} and {@link #narrow1}.
     * A copy on purpose: with both adapter paths behind a branch inside one loop, C2 left some Vector
     * API calls uncompiled and the full-width path fell from 0.23 to 0.41 µs per record, allocating
     * per record (measured). One loop per path keeps each path's loop body small enough to compile.
     */
    private void scoreNarrow(float[][] rows, int n, Weights[] served, float[] p, float[] pShadow) {
        int i = 0;
        for (; i + BLOCK <= n; i += BLOCK) {
            for (int r = 0; r < BLOCK; r++) {
                standardizer.apply(rows[i + r], x, r * d);
            }
            layers4();
            for (int r = 0; r < BLOCK; r++) {
                base[r] = dot(h, r * hd, headW) + headB;
            }
            if (pShadow != null) {
                narrow4(shadow, h, dots);
                for (int r = 0; r < BLOCK; r++) {
                    pShadow[i + r] = sigmoid(base[r] + shadow.scale * (dots[r] + shadow.c));
                }
            }
            if (p != null) {
                FoldedAdapter a = (FoldedAdapter) served[i];
                if (served[i + 1] == a && served[i + 2] == a && served[i + 3] == a) {
                    narrow4(a, h, dots);
                    for (int r = 0; r < BLOCK; r++) {
                        p[i + r] = sigmoid(base[r] + a.scale * (dots[r] + a.c));
                    }
                } else {
                    for (int r = 0; r < BLOCK; r++) {
                        FoldedAdapter ar = (FoldedAdapter) served[i + r];
                        p[i + r] = sigmoid(base[r] + ar.scale * (narrow1(ar, h, r * hd) + ar.c));
                    }
                }
            }
        }
        for (; i < n; i++) {
            standardizer.apply(rows[i], x, 0);
            layers1();
            float b = dot(h, 0, headW) + headB;
            if (pShadow != null) {
                pShadow[i] = sigmoid(b + shadow.scale * (narrow1(shadow, h, 0) + shadow.c));
            }
            if (p != null) {
                FoldedAdapter a = (FoldedAdapter) served[i];
                p[i] = sigmoid(b + a.scale * (narrow1(a, h, 0) + a.c));
            }
        }
    }

    /** {@link #h} of the four rows in {@link #x}: every frozen layer in turn. */
    private void layers4() {
        float[] in = x;
        for (int l = 0; l < wts.length; l++) {
            dense4(in, widths[l], wts[l], biases[l], acts[l], widths[l + 1], floors[l]);
            if (post[l] != null) {
                VectorActivations.apply(post[l], acts[l], BLOCK * widths[l + 1], widths[l + 1]);
            }
            in = acts[l];
        }
    }

    /** {@link #h} of the one row in {@link #x}. */
    private void layers1() {
        float[] in = x;
        for (int l = 0; l < wts.length; l++) {
            dense1(in, widths[l], wts[l], biases[l], acts[l], widths[l + 1], floors[l]);
            if (post[l] != null) {
                VectorActivations.apply(post[l], acts[l], widths[l + 1], widths[l + 1]);
            }
            in = acts[l];
        }
    }

    /**
     * {@code out = max(in·wt + bias, floor)} for four rows of width {@code inW}, row-major,
     * {@code outW} wide: ReLU with a floor of 0, the layer's plain output with −∞.
     */
    private void dense4(float[] in, int inW, float[] wt, float[] bias, float[] out, int outW, float floor) {
        final int w = outW;
        final FloatVector f = FloatVector.broadcast(S, floor);
        for (int c0 = 0; c0 < w; c0 += 4 * L) {
            FloatVector bA = FloatVector.fromArray(S, bias, c0);
            FloatVector bB = FloatVector.fromArray(S, bias, c0 + L);
            FloatVector bC = FloatVector.fromArray(S, bias, c0 + 2 * L);
            FloatVector bD = FloatVector.fromArray(S, bias, c0 + 3 * L);
            FloatVector a0 = bA, b0 = bB, c0v = bC, d0 = bD;
            FloatVector a1 = bA, b1v = bB, c1 = bC, d1 = bD;
            FloatVector a2 = bA, b2v = bB, c2 = bC, d2 = bD;
            FloatVector a3 = bA, b3 = bB, c3 = bC, d3 = bD;
            for (int i = 0; i < inW; i++) {
                int k = i * w + c0;
                FloatVector wA = FloatVector.fromArray(S, wt, k);
                FloatVector wB = FloatVector.fromArray(S, wt, k + L);
                FloatVector wC = FloatVector.fromArray(S, wt, k + 2 * L);
                FloatVector wD = FloatVector.fromArray(S, wt, k + 3 * L);
                FloatVector x0 = FloatVector.broadcast(S, in[i]);
                a0 = wA.fma(x0, a0);
                b0 = wB.fma(x0, b0);
                c0v = wC.fma(x0, c0v);
                d0 = wD.fma(x0, d0);
                FloatVector x1 = FloatVector.broadcast(S, in[inW + i]);
                a1 = wA.fma(x1, a1);
                b1v = wB.fma(x1, b1v);
                c1 = wC.fma(x1, c1);
                d1 = wD.fma(x1, d1);
                FloatVector x2 = FloatVector.broadcast(S, in[2 * inW + i]);
                a2 = wA.fma(x2, a2);
                b2v = wB.fma(x2, b2v);
                c2 = wC.fma(x2, c2);
                d2 = wD.fma(x2, d2);
                FloatVector x3 = FloatVector.broadcast(S, in[3 * inW + i]);
                a3 = wA.fma(x3, a3);
                b3 = wB.fma(x3, b3);
                c3 = wC.fma(x3, c3);
                d3 = wD.fma(x3, d3);
            }
            a0.max(f).intoArray(out, c0);
            b0.max(f).intoArray(out, c0 + L);
            c0v.max(f).intoArray(out, c0 + 2 * L);
            d0.max(f).intoArray(out, c0 + 3 * L);
            a1.max(f).intoArray(out, w + c0);
            b1v.max(f).intoArray(out, w + c0 + L);
            c1.max(f).intoArray(out, w + c0 + 2 * L);
            d1.max(f).intoArray(out, w + c0 + 3 * L);
            a2.max(f).intoArray(out, 2 * w + c0);
            b2v.max(f).intoArray(out, 2 * w + c0 + L);
            c2.max(f).intoArray(out, 2 * w + c0 + 2 * L);
            d2.max(f).intoArray(out, 2 * w + c0 + 3 * L);
            a3.max(f).intoArray(out, 3 * w + c0);
            b3.max(f).intoArray(out, 3 * w + c0 + L);
            c3.max(f).intoArray(out, 3 * w + c0 + 2 * L);
            d3.max(f).intoArray(out, 3 * w + c0 + 3 * L);
        }
    }

    /** One row of {@link #dense4}. */
    private void dense1(float[] in, int inW, float[] wt, float[] bias, float[] out, int outW, float floor) {
        final int w = outW;
        final FloatVector f = FloatVector.broadcast(S, floor);
        for (int c0 = 0; c0 < w; c0 += 4 * L) {
            FloatVector a = FloatVector.fromArray(S, bias, c0);
            FloatVector b = FloatVector.fromArray(S, bias, c0 + L);
            FloatVector c = FloatVector.fromArray(S, bias, c0 + 2 * L);
            FloatVector e = FloatVector.fromArray(S, bias, c0 + 3 * L);
            for (int i = 0; i < inW; i++) {
                int k = i * w + c0;
                FloatVector xi = FloatVector.broadcast(S, in[i]);
                a = FloatVector.fromArray(S, wt, k).fma(xi, a);
                b = FloatVector.fromArray(S, wt, k + L).fma(xi, b);
                c = FloatVector.fromArray(S, wt, k + 2 * L).fma(xi, c);
                e = FloatVector.fromArray(S, wt, k + 3 * L).fma(xi, e);
            }
            a.max(f).intoArray(out, c0);
            b.max(f).intoArray(out, c0 + L);
            c.max(f).intoArray(out, c0 + 2 * L);
            e.max(f).intoArray(out, c0 + 3 * L);
        }
    }

    /**
     * {@code dots[r] = v·tanh(h_r·A1ᵀ + a1)} for four rows of {@code h}, with a narrow adapter:
     * {@link #narrow1}'s dot products for four rows at once, each row of {@code A1} loaded once
     * for the four, in four independent accumulators.
     */
    private void narrow4(FoldedAdapter ad, float[] in, float[] out) {
        final int w = shape.width();
        final int pw = paddedWidth;
        float[] a1 = ad.a1;
        for (int o = 0; o < w; o++) {
            int k = o * hd;
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            for (int i = 0; i < hd; i += L) {
                FloatVector a = FloatVector.fromArray(S, a1, k + i);
                s0 = a.fma(FloatVector.fromArray(S, in, i), s0);
                s1 = a.fma(FloatVector.fromArray(S, in, hd + i), s1);
                s2 = a.fma(FloatVector.fromArray(S, in, 2 * hd + i), s2);
                s3 = a.fma(FloatVector.fromArray(S, in, 3 * hd + i), s3);
            }
            float b = ad.a1b[o];
            pre[o] = s0.reduceLanes(VectorOperators.ADD) + b;
            pre[pw + o] = s1.reduceLanes(VectorOperators.ADD) + b;
            pre[2 * pw + o] = s2.reduceLanes(VectorOperators.ADD) + b;
            pre[3 * pw + o] = s3.reduceLanes(VectorOperators.ADD) + b;
        }
        for (int r = 0; r < BLOCK; r++) {
            for (int o = w; o < pw; o++) {
                pre[r * pw + o] = 0f;
            }
        }
        for (int r = 0; r < BLOCK; r++) {
            out[r] = tanhDot(pre, r * pw, ad.v, pw);
        }
    }

    /**
     * {@code v·tanh(h·A1ᵀ + a1)} for the row of {@code in} at {@code off}, with a narrow adapter:
     * each pre-activation one dot product of the row with a row of {@code A1} (stored
     * {@code (out,in)}), H wide in whole vectors. The padding lanes get 0, so that with v's zero
     * padding they add exactly nothing.
     */
    private float narrow1(FoldedAdapter ad, float[] in, int off) {
        final int w = shape.width();
        float[] a1 = ad.a1;
        for (int o = 0; o < w; o++) {
            int k = o * hd;
            FloatVector s = FloatVector.zero(S);
            for (int i = 0; i < hd; i += L) {
                s = FloatVector.fromArray(S, a1, k + i).fma(FloatVector.fromArray(S, in, off + i), s);
            }
            pre[o] = s.reduceLanes(VectorOperators.ADD) + ad.a1b[o];
        }
        for (int o = w; o < paddedWidth; o++) {
            pre[o] = 0f;
        }
        return tanhDot(pre, 0, ad.v, paddedWidth);
    }

    /**
     * {@code dots[r] = v·tanh(h_r·A1ᵀ + a1)} for four rows of {@code h}. Its accumulation loop is
     * {@link #dense4}'s on purpose: the 16 accumulators live in registers only while they are locals
     * of one loop; a shared helper would have to hand them back through an array, in memory.
     */
    private void adapter4(FoldedAdapter ad, float[] in, float[] out) {
        final int w = shape.width();
        float[] wt = ad.a1;
        for (int c0 = 0; c0 < w; c0 += 4 * L) {
            FloatVector bA = FloatVector.fromArray(S, ad.a1b, c0);
            FloatVector bB = FloatVector.fromArray(S, ad.a1b, c0 + L);
            FloatVector bC = FloatVector.fromArray(S, ad.a1b, c0 + 2 * L);
            FloatVector bD = FloatVector.fromArray(S, ad.a1b, c0 + 3 * L);
            FloatVector a0 = bA, b0 = bB, c0v = bC, d0 = bD;
            FloatVector a1 = bA, b1v = bB, c1 = bC, d1 = bD;
            FloatVector a2 = bA, b2v = bB, c2 = bC, d2 = bD;
            FloatVector a3 = bA, b3 = bB, c3 = bC, d3 = bD;
            for (int i = 0; i < hd; i++) {
                int k = i * w + c0;
                FloatVector wA = FloatVector.fromArray(S, wt, k);
                FloatVector wB = FloatVector.fromArray(S, wt, k + L);
                FloatVector wC = FloatVector.fromArray(S, wt, k + 2 * L);
                FloatVector wD = FloatVector.fromArray(S, wt, k + 3 * L);
                FloatVector x0 = FloatVector.broadcast(S, in[i]);
                a0 = wA.fma(x0, a0);
                b0 = wB.fma(x0, b0);
                c0v = wC.fma(x0, c0v);
                d0 = wD.fma(x0, d0);
                FloatVector x1 = FloatVector.broadcast(S, in[hd + i]);
                a1 = wA.fma(x1, a1);
                b1v = wB.fma(x1, b1v);
                c1 = wC.fma(x1, c1);
                d1 = wD.fma(x1, d1);
                FloatVector x2 = FloatVector.broadcast(S, in[2 * hd + i]);
                a2 = wA.fma(x2, a2);
                b2v = wB.fma(x2, b2v);
                c2 = wC.fma(x2, c2);
                d2 = wD.fma(x2, d2);
                FloatVector x3 = FloatVector.broadcast(S, in[3 * hd + i]);
                a3 = wA.fma(x3, a3);
                b3 = wB.fma(x3, b3);
                c3 = wC.fma(x3, c3);
                d3 = wD.fma(x3, d3);
            }
            a0.intoArray(pre, c0);
            b0.intoArray(pre, c0 + L);
            c0v.intoArray(pre, c0 + 2 * L);
            d0.intoArray(pre, c0 + 3 * L);
            a1.intoArray(pre, w + c0);
            b1v.intoArray(pre, w + c0 + L);
            c1.intoArray(pre, w + c0 + 2 * L);
            d1.intoArray(pre, w + c0 + 3 * L);
            a2.intoArray(pre, 2 * w + c0);
            b2v.intoArray(pre, 2 * w + c0 + L);
            c2.intoArray(pre, 2 * w + c0 + 2 * L);
            d2.intoArray(pre, 2 * w + c0 + 3 * L);
            a3.intoArray(pre, 3 * w + c0);
            b3.intoArray(pre, 3 * w + c0 + L);
            c3.intoArray(pre, 3 * w + c0 + 2 * L);
            d3.intoArray(pre, 3 * w + c0 + 3 * L);
        }
        for (int r = 0; r < BLOCK; r++) {
            out[r] = tanhDot(pre, r * w, ad.v, w);
        }
    }

    /** {@code v·tanh(h·A1ᵀ + a1)} for the row of {@code in} at {@code off}. */
    private float adapter1(FoldedAdapter ad, float[] in, int off) {
        final int w = shape.width();
        float[] wt = ad.a1;
        for (int c0 = 0; c0 < w; c0 += 4 * L) {
            FloatVector a = FloatVector.fromArray(S, ad.a1b, c0);
            FloatVector b = FloatVector.fromArray(S, ad.a1b, c0 + L);
            FloatVector c = FloatVector.fromArray(S, ad.a1b, c0 + 2 * L);
            FloatVector e = FloatVector.fromArray(S, ad.a1b, c0 + 3 * L);
            for (int i = 0; i < hd; i++) {
                int k = i * w + c0;
                FloatVector xi = FloatVector.broadcast(S, in[off + i]);
                a = FloatVector.fromArray(S, wt, k).fma(xi, a);
                b = FloatVector.fromArray(S, wt, k + L).fma(xi, b);
                c = FloatVector.fromArray(S, wt, k + 2 * L).fma(xi, c);
                e = FloatVector.fromArray(S, wt, k + 3 * L).fma(xi, e);
            }
            a.intoArray(pre, c0);
            b.intoArray(pre, c0 + L);
            c.intoArray(pre, c0 + 2 * L);
            e.intoArray(pre, c0 + 3 * L);
        }
        return tanhDot(pre, 0, ad.v, w);
    }

    /**
     * {@code v·tanh(pre[off..off+n))}, n a multiple of the vector length. tanh runs in this one
     * small loop rather than inlined after each accumulator: sixteen inlined copies overran C2's
     * inlining budget, and the Vector API ops left out fell back to slow, allocating Java code
     * (seen as {@code convert0} in JFR).
     */
    private float tanhDot(float[] pre, int off, float[] v, int n) {
        FloatVector s = FloatVector.zero(S);
        for (int c = 0; c < n; c += L) {
            s = tanh(FloatVector.fromArray(S, pre, off + c)).fma(FloatVector.fromArray(S, v, c), s);
        }
        return s.reduceLanes(VectorOperators.ADD);
    }

    /** {@code in[off..off+H)·w}. */
    private float dot(float[] in, int off, float[] w) {
        FloatVector s = FloatVector.zero(S);
        for (int i = 0; i < hd; i += L) {
            s = FloatVector.fromArray(S, in, off + i).fma(FloatVector.fromArray(S, w, i), s);
        }
        return s.reduceLanes(VectorOperators.ADD);
    }

    private static float sigmoid(float z) {
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }

    // tanh(x) = sign(x)·(1 − e)/(1 + e) with e = exp(−2|x|) ∈ (0, 1]: no overflow, and the
    // absolute error stays ~1e-7 near 0 (where 1 − e cancels) as everywhere else.
    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693145752f;
    private static final float LN2_LO = 1.42860677e-6f;
    /** 1.5·2^23: adding it rounds to an integer, which then sits in the low mantissa bits. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final FloatVector NEG_LN2_HI = FloatVector.broadcast(S, -LN2_HI);
    private static final FloatVector NEG_LN2_LO = FloatVector.broadcast(S, -LN2_LO);
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector C2 = FloatVector.broadcast(S, 1f / 2f);
    private static final FloatVector C3 = FloatVector.broadcast(S, 1f / 6f);
    private static final FloatVector C4 = FloatVector.broadcast(S, 1f / 24f);
    private static final FloatVector C5 = FloatVector.broadcast(S, 1f / 120f);
    private static final FloatVector C6 = FloatVector.broadcast(S, 1f / 720f);
    private static final FloatVector C7 = FloatVector.broadcast(S, 1f / 5040f);

    static FloatVector tanh(FloatVector xv) {
        // |x| ≥ 9 gives 1 in float; clamping keeps 2^k a normal number.
        FloatVector z = xv.abs().min(9f).mul(-2f);
        FloatVector shifted = z.mul(LOG2E).add(ROUND);
        FloatVector k = shifted.sub(ROUND);
        FloatVector r = k.fma(NEG_LN2_HI, z);
        r = k.fma(NEG_LN2_LO, r);
        // exp(r) for |r| ≤ ln2/2 by its Taylor series to r^7 (truncation < 1e-8 relative).
        FloatVector q = C7.fma(r, C6);
        q = q.fma(r, C5);
        q = q.fma(r, C4);
        q = q.fma(r, C3);
        q = q.fma(r, C2);
        q = q.fma(r, ONE);
        q = q.fma(r, ONE);
        FloatVector pow2 = shifted.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        FloatVector e = q.mul(pow2);
        FloatVector t = ONE.sub(e).div(e.add(1f));
        // Put x's sign back (t ≥ 0).
        return t.reinterpretAsInts().or(xv.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void close() {
        // Plain Java arrays: nothing native to release.
    }
}
