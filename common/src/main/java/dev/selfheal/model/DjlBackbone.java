package dev.selfheal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The frozen backbone as DJL computes it, for the scorer and the heal alike: standardised rows
 * {@code (n,d)} → {@code h} {@code (n,H)}. A chain is a matMul and an activation per layer, on arrays this holds;
 * a TorchScript module is the user's own, taken by this object from the copy its thread's owners
 * share ({@link FrozenModules}: modules are not thread-safe) and run in inference mode, each call's
 * arrays in their own sub-manager. An MLP head's hidden layers follow either: more matMuls after a chain, and after a
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
    /**
     * A chain's layers as DJL runs them ({@link FrozenWeights#runLayers()}): each weight transposed
     * {@code (in,out)}, then its bias; null for a module.
     */
    private final NDArray[] layers;
    private final Activation[] activations;
    private final FrozenModules module;
    private float[] lastInput = new float[0];
    private float[] lastHidden;

    private DjlBackbone(FrozenWeights f, NDArray[] layers, Activation[] activations, FrozenModules module) {
        this.dim = f.inputDim();
        this.hidden = f.hidden();
        this.layers = layers;
        this.activations = activations;
        this.module = module;
    }

    /**
     * The backbone of {@code f}; a chain's arrays live on {@code manager}, a module is loaded here.
     *
     * @throws IllegalArgumentException with one line when a module cannot be loaded
     */
    static DjlBackbone of(FrozenWeights f, NDManager manager) {
        if (f.isModule()) {
            return new DjlBackbone(f, null, null, FrozenModules.load(f));
        }
        List<DenseLayer> run = f.runLayers();
        NDArray[] layers = new NDArray[2 * run.size()];
        Activation[] activations = new Activation[run.size()];
        for (int l = 0; l < run.size(); l++) {
            DenseLayer layer = run.get(l);
            layers[2 * l] = manager.create(DjlScorer.transpose(layer.weight(), layer.out(), layer.in()),
                    new Shape(layer.in(), layer.out()));
            layers[2 * l + 1] = manager.create(layer.bias(), new Shape(layer.out()));
            activations[l] = layer.activation();
        }
        return new DjlBackbone(f, layers, activations, null);
    }

    /**
     * {@code h} of the first {@code n} rows of {@code x} (standardised, row-major), as an array of
     * {@code m}.
     *
     * @throws IllegalArgumentException with one line when the module fails or returns another shape
     */
    NDArray hidden(NDManager m, float[] x, int n) {
        if (module == null) {
            NDArray h = m.create(FloatBuffer.wrap(x, 0, n * dim), new Shape(n, dim));
            for (int l = 0; l < activations.length; l++) {
                h = Layers.activation(h.matMul(layers[2 * l]).add(layers[2 * l + 1]), activations[l]);
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
