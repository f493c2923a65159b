package dev.selfheal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The frozen backbone as DJL computes it, for the scorer and the heal alike: standardised rows
 * {@code (n,d)} → {@code h} {@code (n,H)}. A Linear/ReLU chain is two matMuls on arrays this holds;
 * a TorchScript module is the user's own, loaded by this object (one per owner, and owners are one
 * per task: modules are not thread-safe) and run in inference mode, each call's arrays in their own
 * sub-manager. An MLP head's hidden layers follow either: more matMuls after a chain, and after a
 * module the same layers in Java on its output, so that the {@code h} kept for reuse (below) is
 * already the adapter's input; or, when the adapter sits at the logit, the user's head module
 * ({@link FrozenModules}).
 *
 * <p>A module's {@code h} comes back as an ordinary array made from its values, never the module's
 * own output: that is an inference tensor, which a heal's graph could not save for backward, and
 * copying it out is what guarantees that nothing ever trains through the user's module. The last
 * call's input and {@code h} are kept: HEAL scores the same rows with many candidate adapters, and
 * each then costs the adapter and head alone, not another pass through the module.
 */
final class DjlBackbone implements AutoCloseable {
    /** Inputs larger than this many floats are not kept for reuse. */
    private static final int REUSE_LIMIT = 1 << 20;

    private final int dim;
    private final int hidden;
    /** The head's hidden layers after a chain, transposed {@code (in,out)} and their biases. */
    private final NDArray[] headLayers;
    private final NDArray w1t;
    private final NDArray b1;
    private final NDArray w2t;
    private final NDArray b2;
    private final FrozenModules module;
    private float[] lastInput = new float[0];
    private float[] lastHidden;

    private DjlBackbone(FrozenWeights f, NDArray[] chain, NDArray[] headLayers, FrozenModules module) {
        this.dim = f.inputDim();
        this.hidden = f.hidden();
        this.headLayers = headLayers;
        this.w1t = chain == null ? null : chain[0];
        this.b1 = chain == null ? null : chain[1];
        this.w2t = chain == null ? null : chain[2];
        this.b2 = chain == null ? null : chain[3];
        this.module = module;
    }

    /**
     * The backbone of {@code f}; a chain's arrays live on {@code manager}, a module is loaded here.
     *
     * @throws IllegalArgumentException with one line when a module cannot be loaded
     */
    static DjlBackbone of(FrozenWeights f, NDManager manager) {
        int d = f.inputDim();
        int bw = f.backboneWidth();
        if (f.isModule()) {
            return new DjlBackbone(f, null, null, FrozenModules.load(f));
        }
        NDArray[] layers = new NDArray[2 * f.headLayers().size()];
        for (int l = 0; l < f.headLayers().size(); l++) {
            LinearRelu layer = f.headLayers().get(l);
            layers[2 * l] = manager.create(DjlScorer.transpose(layer.weight(), layer.out(), layer.in()),
                    new Shape(layer.in(), layer.out()));
            layers[2 * l + 1] = manager.create(layer.bias(), new Shape(layer.out()));
        }
        return new DjlBackbone(f, new NDArray[] {
                manager.create(DjlScorer.transpose(f.w1(), bw, d), new Shape(d, bw)),
                manager.create(f.b1(), new Shape(bw)),
                manager.create(DjlScorer.transpose(f.w2(), bw, bw), new Shape(bw, bw)),
                manager.create(f.b2(), new Shape(bw))}, layers, null);
    }

    /**
     * {@code h} of the first {@code n} rows of {@code x} (standardised, row-major), as an array of
     * {@code m}.
     *
     * @throws IllegalArgumentException with one line when the module fails or returns another shape
     */
    NDArray hidden(NDManager m, float[] x, int n) {
        if (module == null) {
            NDArray in = m.create(FloatBuffer.wrap(x, 0, n * dim), new Shape(n, dim));
            NDArray h = Layers.backbone(in, w1t, b1, w2t, b2);
            for (int l = 0; l < headLayers.length; l += 2) {
                h = Activation.relu(h.matMul(headLayers[l]).add(headLayers[l + 1]));
            }
            return h;
        }
        return m.create(moduleHidden(x, n), new Shape(n, hidden));
    }

    private float[] moduleHidden(float[] x, int n) {
        int len = n * dim;
        if (lastHidden != null && lastInput.length == len && Arrays.equals(lastInput, 0, len, x, 0, len)) {
            return lastHidden;
        }
        float[] in = Arrays.copyOf(x, len);
        float[] h = module.hidden(in, n);
        if (len <= REUSE_LIMIT) {
            lastInput = in;
            lastHidden = h;
        }
        return h;
    }

    @Override
    public void close() {
        if (module != null) {
            module.close();
        }
    }
}
