package dev.selfheal.model;

/**
 * An adapter folded into the head, the working form of {@link VectorKernel}. The head is linear,
 * so {@code headW·(h + s·(A2·t + a2)) + hb = headW·h + hb + s·(v·t + c)} with {@code v = A2ᵀ·headW}
 * and {@code c = headW·a2}: the adapter's second 64×64 layer collapses into one vector, halving the
 * adapter's multiply-adds (exact in real arithmetic; float rounding differs by ~1e-7). The first
 * layer is kept transposed, {@code (in,out)}, so the kernel reads whole output rows as vectors.
 * Arrays are overwritten in place on every update.
 */
final class FoldedAdapter implements ScoringKernel.Weights {
    final int hidden;
    /** First Linear, transposed: {@code a1t[i·H + o] = A1[o][i]}. */
    final float[] a1t;
    final float[] a1b;
    /** {@code A2ᵀ·headW}. */
    final float[] v;
    /** {@code headW·a2}. */
    float c;
    float scale;

    FoldedAdapter(int hidden) {
        this.hidden = hidden;
        a1t = new float[hidden * hidden];
        a1b = new float[hidden];
        v = new float[hidden];
    }

    /** Folds a flat adapter ({@link Adapter} layout) with the head's weights, in place. */
    void fold(float[] params, float[] headW) {
        Adapter a = new Adapter(hidden, params);
        int hd = hidden;
        int w1 = a.w1Offset();
        int w2 = a.w2Offset();
        for (int o = 0; o < hd; o++) {
            for (int i = 0; i < hd; i++) {
                a1t[i * hd + o] = params[w1 + o * hd + i];
            }
        }
        System.arraycopy(params, a.b1Offset(), a1b, 0, hd);
        // Sums in double: the folded vector then carries no more rounding than one float store.
        for (int i = 0; i < hd; i++) {
            double s = 0;
            for (int o = 0; o < hd; o++) {
                s += (double) headW[o] * params[w2 + o * hd + i];
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
