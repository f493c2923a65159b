package dev.selfheal.model;

/**
 * An adapter folded into the head, the working form of {@link VectorKernel}. The head is linear,
 * so {@code headW·(h + s·(A2·t + a2)) + hb = headW·h + hb + s·(v·t + c)} with {@code v = A2ᵀ·headW}
 * (length W) and {@code c = headW·a2}: the adapter's second layer collapses into one vector,
 * halving the adapter's multiply-adds (exact in real arithmetic; float rounding differs by ~1e-7).
 *
 * <p>The first layer {@code A1} (W×H) is kept in the layout its kernel path reads: transposed,
 * {@code (in,out)}, when the kernel blocks over output columns (W a multiple of its block width),
 * so whole output rows load as vectors; as stored, {@code (out,in)}, for narrow widths, where the
 * kernel takes one dot product over H per output. {@code a1b} and {@code v} are zero-padded to
 * {@code paddedWidth} (a multiple of the vector length), so tanh and the dot with {@code v} run on
 * whole vectors: a padded lane holds tanh(0)·0 = 0. Arrays are overwritten in place on every update.
 */
final class FoldedAdapter implements ScoringKernel.Weights {
    final AdapterShape shape;
    /** Whether {@link #a1} is transposed {@code (in,out)} (blocked path) or {@code (out,in)}. */
    final boolean transposed;
    /** First Linear: {@code a1[i·W + o] = A1[o][i]} when {@link #transposed}, else {@code a1[o·H + i]}. */
    final float[] a1;
    /** First Linear's bias, zero-padded to the padded width. */
    final float[] a1b;
    /** {@code A2ᵀ·headW}, zero-padded to the padded width. */
    final float[] v;
    /** {@code headW·a2}. */
    float c;
    float scale;

    FoldedAdapter(AdapterShape shape, boolean transposed, int paddedWidth) {
        this.shape = shape;
        this.transposed = transposed;
        a1 = new float[shape.width() * shape.hidden()];
        a1b = new float[paddedWidth];
        v = new float[paddedWidth];
    }

    /** Folds a flat adapter ({@link AdapterShape} layout) with the head's weights, in place. */
    void fold(float[] params, float[] headW) {
        Adapter a = new Adapter(shape, params);
        int hd = shape.hidden();
        int w = shape.width();
        int w1 = a.w1Offset();
        int w2 = a.w2Offset();
        if (transposed) {
            for (int o = 0; o < w; o++) {
                for (int i = 0; i < hd; i++) {
                    a1[i * w + o] = params[w1 + o * hd + i];
                }
            }
        } else {
            System.arraycopy(params, w1, a1, 0, w * hd);
        }
        System.arraycopy(params, a.b1Offset(), a1b, 0, w);
        // Sums in double: the folded vector then carries no more rounding than one float store.
        for (int i = 0; i < w; i++) {
            double s = 0;
            for (int o = 0; o < hd; o++) {
                s += (double) headW[o] * params[w2 + o * w + i];
            }
            v[i] = (float) s;
        }
        double cs = 0;
        for (int o = 0; o < hd; o++) {
            cs += (double) headW[o] * params[a.b2Offset() + o];
        }
        c = (float) cs;
        scale = a.scale();
    }
}
