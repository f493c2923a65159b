package dev.selfheal.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link VectorKernel} for a backbone whose width it cannot block (an imported model's, e.g.
 * 32 or 24 where a block is 64 wide): every frozen layer it runs (the backbone's, and an MLP
 * head's hidden ones) is padded with zero units up to the next width it can block, and every
 * adapter with zero rows and columns to match. A padded unit has zero weights and bias, so its
 * value is its activation of 0 (0 for most, ½ for a sigmoid), which meets only zero weights: in the
 * next layer, in the adapter and in the head. The probabilities are the unpadded model's, computed
 * on whole vectors.
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
        frozen.requireChain("the vector kernel");
        this.inner = new VectorKernel(pad(frozen.runLayers(), blockWidth), java.util.Arrays.copyOf(frozen.headW(), hp),
                frozen.headB()[0], padded, standardizer, pad(shadow, shape, padded));
    }

    private static int padded(int width, int blockWidth) {
        return (width + blockWidth - 1) / blockWidth * blockWidth;
    }

    /**
     * Every layer's output padded with zero units to a multiple of {@code blockWidth}, and the
     * next layer's input to match; the first layer's input (the features) is left as it is.
     */
    static List<DenseLayer> pad(List<DenseLayer> layers, int blockWidth) {
        List<DenseLayer> out = new ArrayList<>();
        for (DenseLayer l : layers) {
            int ip = out.isEmpty() ? l.in() : padded(l.in(), blockWidth);
            int op = padded(l.out(), blockWidth);
            out.add(new DenseLayer(ip, op, padMatrix(l.weight(), l.out(), l.in(), op, ip),
                    java.util.Arrays.copyOf(l.bias(), op), l.activation().padded(op)));
        }
        return out;
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
