package dev.selfheal.model;

/**
 * The {@link VectorKernel} for a backbone whose width it cannot block (an imported model's, e.g.
 * 32 or 24 where a block is 64 wide): every frozen layer (the backbone's, and an MLP head's hidden
 * ones) is padded with zero units up to the next width it can block, and every adapter with zero
 * rows and columns to match. A padded unit has zero weights and bias, so it is ReLU(0) = 0 after
 * each layer, feeds nothing into the next layer or the adapter and has a zero head weight: the
 * probabilities are the unpadded model's, computed on whole vectors.
 */
final class PaddedKernel implements ScoringKernel {
    private final AdapterShape shape;
    private final AdapterShape padded;
    private final VectorKernel inner;

    PaddedKernel(FrozenWeights frozen, AdapterShape shape, Standardizer standardizer, float[] shadow) {
        int blockWidth = 4 * VectorKernel.lanes();
        int hp = padded(frozen.hidden(), blockWidth);
        this.shape = shape;
        // A full-width adapter is padded to full width too, so it takes the kernel's blocked path
        // (the narrow path's one dot product per output costs ~2x at W = 32); its padded units
        // have zero weights and bias, so tanh(0) = 0 and a zero column of A2 add nothing.
        this.padded = shape.isFull() ? AdapterShape.full(hp) : new AdapterShape(hp, shape.width());
        this.inner = new VectorKernel(pad(frozen, blockWidth), padded, standardizer, pad(shadow, shape, padded));
    }

    private static int padded(int width, int blockWidth) {
        return (width + blockWidth - 1) / blockWidth * blockWidth;
    }

    /** Every layer's output padded with zero units to a multiple of {@code blockWidth}, the head's input too. */
    static FrozenWeights pad(FrozenWeights f, int blockWidth) {
        int d = f.inputDim();
        int bw = f.backboneWidth();
        int bp = padded(bw, blockWidth);
        float[] w1 = new float[bp * d];
        System.arraycopy(f.w1(), 0, w1, 0, bw * d);
        java.util.List<LinearRelu> layers = new java.util.ArrayList<>();
        for (LinearRelu l : f.headLayers()) {
            int ip = padded(l.in(), blockWidth);
            int op = padded(l.out(), blockWidth);
            layers.add(new LinearRelu(ip, op, padMatrix(l.weight(), l.out(), l.in(), op, ip),
                    java.util.Arrays.copyOf(l.bias(), op)));
        }
        int hp = padded(f.hidden(), blockWidth);
        return new FrozenWeights(d, hp, w1, java.util.Arrays.copyOf(f.b1(), bp), padMatrix(f.w2(), bw, bw, bp, bp),
                java.util.Arrays.copyOf(f.b2(), bp), java.util.Arrays.copyOf(f.headW(), hp), f.headB().clone(), null,
                layers);
    }

    /** An {@code (out,in)} matrix as {@code (outP,inP)}, zero outside the original. */
    private static float[] padMatrix(float[] w, int out, int in, int outP, int inP) {
        float[] p = new float[outP * inP];
        for (int o = 0; o < out; o++) {
            System.arraycopy(w, o * in, p, o * inP, in);
        }
        return p;
    }

    /** A flat adapter of {@code from} as one of {@code to} (no narrower): zero for the new units. */
    static float[] pad(float[] adapter, AdapterShape from, AdapterShape to) {
        Adapter a = new Adapter(from, adapter);
        int h = from.hidden();
        int hp = to.hidden();
        int w = from.width();
        int wp = to.width();
        float[] out = new float[to.size()];
        out[0] = a.scale();
        for (int o = 0; o < w; o++) {
            System.arraycopy(adapter, from.w1Offset() + o * h, out, to.w1Offset() + o * hp, h);
        }
        System.arraycopy(adapter, from.b1Offset(), out, to.b1Offset(), w);
        for (int o = 0; o < h; o++) {
            System.arraycopy(adapter, from.w2Offset() + o * w, out, to.w2Offset() + o * wp, w);
        }
        System.arraycopy(adapter, from.b2Offset(), out, to.b2Offset(), h);
        return out;
    }

    @Override
    public Weights prepare(float[] adapter) {
        return inner.prepare(pad(adapter, shape, padded));
    }

    @Override
    public void update(Weights target, float[] adapter) {
        inner.update(target, pad(adapter, shape, padded));
    }

    @Override
    public void setShadow(float[] adapter) {
        inner.setShadow(pad(adapter, shape, padded));
    }

    @Override
    public void score(float[][] rawRows, int n, Weights[] served, float[] p, float[] pShadow) {
        inner.score(rawRows, n, served, p, pShadow);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void close() {
        inner.close();
    }
}
