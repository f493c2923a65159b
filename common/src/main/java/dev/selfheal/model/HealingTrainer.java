package dev.selfheal.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * The heal: a few Adam steps on the adapter alone, DJL computing the adapter's gradient. Inputs are
 * never mutated: the current adapter and optimiser state are copied, so a rejected candidate leaves
 * no trace.
 *
 * <p>Why a step looks the way it does (measurements: docs/adr/005-heal-step-in-few-djl-calls.md):
 * each DJL call and each node of the autograd graph costs tens of µs of JNI and bookkeeping whatever its size, so a step makes as few
 * as it can. The backbone is frozen, so its output for the batch (and the head applied to it) is
 * computed once per heal, outside any gradient recording; a user's TorchScript backbone runs once
 * per heal too, and the adapter trains on a copy of its output ({@link DjlBackbone}). The adapter is one flat leaf split into
 * its five tensors, fed to PyTorch's linear in the stored {@code (out,in)} layout (no transposes),
 * so its gradient is read back in one copy, already in the vector's order. The head is folded into
 * the adapter's second layer ({@link Layers#foldedBranch}). The loss depends on each row's logit
 * alone, so it and its slope are computed in Java ({@link HealLoss}) and DJL differentiates
 * {@code Σ z·∂L/∂z}, whose gradient is the loss's. Adam runs in float32 ({@link Adam#stepFloat32}).
 * A test checks candidates against the plain formulation (the whole loss as an NDArray expression,
 * every layer every step, Adam in double) to float rounding. Head and backbone enter the graph as
 * constants and cannot change.
 */
public final class HealingTrainer implements AdapterTrainer {
    private final FrozenWeights frozen;
    private final Standardizer standardizer;
    private final NDManager manager;
    private final DjlBackbone backbone;
    private final NDArray headW;
    private final NDArray headB;

    public HealingTrainer(FrozenWeights frozen, Standardizer standardizer) {
        DjlBootstrap.init();
        NativeWarnings.absorbDeprecationWarning();
        this.frozen = frozen;
        this.standardizer = standardizer;
        this.manager = NDManager.newBaseManager();
        int hd = frozen.hidden();
        DjlBackbone b = null;
        try {
            b = DjlBackbone.of(frozen, manager);
            backbone = b;
            headW = manager.create(frozen.headW(), new Shape(1, hd));
            headB = manager.create(frozen.headB(), new Shape(1));
        } catch (RuntimeException e) {
            if (b != null) {
                b.close();
            }
            manager.close();
            throw e;
        }
    }

    /**
     * Heals an adapter of any width over this backbone: its layout comes from {@code current}'s
     * shape, and the optimiser state must be sized like its vector.
     */
    @Override
    public HealResult heal(Adapter current, AdamState optimizer, HealBatch batch, HealConfig config) {
        if (batch.size() == 0) {
            throw new IllegalArgumentException("cannot heal on an empty batch");
        }
        AdapterShape shape = current.shape();
        checkShape(shape);
        float[] params = current.params().clone();
        AdamState state = optimizer.copy();
        HealLoss loss = new HealLoss(batch, config);
        float[] z = new float[batch.size()];
        float[] slope = new float[batch.size()];
        float[] grad = new float[params.length];
        double before = Double.NaN;
        double after;
        try (NDManager sub = manager.newSubManager()) {
            NDArray h = hidden(sub, batch);
            float[] headOfH = Layers.headLogits(h, headW, headB).toFloatArray();
            for (int s = 0; s < config.steps(); s++) {
                double value = lossAndGradient(sub, h, headOfH, shape, params, loss, z, slope, grad);
                if (s == 0) {
                    before = value;
                }
                state = Adam.stepFloat32(params, grad, state, config.learningRate());
            }
            logits(sub, h, headOfH, shape, params, z);
            after = loss.value(z, null);
        }
        return new HealResult(new Adapter(shape, params), state, before, after, loss.positiveWeight(),
                config.steps());
    }

    /**
     * Pays, on the calling thread, the one-off cost of a thread's first gradient pass, so that the
     * first heal after a task starts or restores costs what later ones do. Measured here: the first
     * heal on a new thread often took 14–35 ms against 1–4 ms after (not always: some new threads
     * paid nothing), also with a trainer already warm on another thread, so not the JIT; native
     * first-use costs on the thread (PyTorch's thread-local state, the thread's allocator arena) are
     * the likely cause, not pinned down. Runs a throwaway two-step heal of {@code adapter} on
     * {@code rows} arbitrary rows (as many as a heal batch, so it runs at a heal's sizes); nothing
     * is kept.
     *
     * @return the milliseconds it took
     */
    public double warmUpThisThread(Adapter adapter, int rows) {
        long started = System.nanoTime();
        int n = Math.max(2, rows);
        java.util.Random random = new java.util.Random(n);
        float[][] x = new float[n][frozen.inputDim()];
        int[] labels = new int[n];
        int[] ruleLabels = new int[n];
        boolean[] conflicts = new boolean[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            labels[i] = i % 2;
            ruleLabels[i] = (i / 2) % 2;
            conflicts[i] = labels[i] != ruleLabels[i];
        }
        heal(adapter, AdamState.fresh(adapter.params().length), new HealBatch(x, labels, ruleLabels, conflicts),
                HealConfig.reference().withSteps(2));
        return (System.nanoTime() - started) / 1e6;
    }

    /** The heal loss of an adapter on a batch, without changing anything. */
    public double loss(Adapter adapter, HealBatch batch, HealConfig config) {
        checkShape(adapter.shape());
        try (NDManager sub = manager.newSubManager()) {
            NDArray h = hidden(sub, batch);
            float[] z = new float[batch.size()];
            logits(sub, h, Layers.headLogits(h, headW, headB).toFloatArray(), adapter.shape(), adapter.params(), z);
            return new HealLoss(batch, config).value(z, null);
        }
    }

    private void checkShape(AdapterShape shape) {
        if (shape.hidden() != frozen.hidden()) {
            throw new IllegalArgumentException("adapter for hidden width " + shape.hidden() + ", the backbone's is "
                    + frozen.hidden());
        }
    }

    /**
     * The frozen backbone's output for the batch: constant through the heal, so computed once. For
     * a user's TorchScript backbone it is a copy of the module's output, so the steps train the
     * adapter on it and never reach the module.
     */
    private NDArray hidden(NDManager m, HealBatch batch) {
        return backbone.hidden(m, standardizer.applyAll(batch.rows(), batch.size()), batch.size());
    }

    /**
     * One step's loss at {@code params}, its gradient written to {@code grad}. The logits
     * {@code z = headOfH + s·f} are put together in Java from the branch {@code f} DJL computes;
     * DJL then differentiates {@code s·Σ f·∂L/∂z}, which has the loss's gradient ({@code headOfH}
     * is constant).
     */
    private double lossAndGradient(NDManager m, NDArray h, float[] headOfH, AdapterShape shape, float[] params,
                                   HealLoss loss, float[] z, float[] slope, float[] grad) {
        GradientLock.get().lock();
        try (NDManager step = m.newSubManager()) {
            // Results of ops on h belong to h's manager: lend it to this step so they go with it.
            h.tempAttach(step);
            NDArray p = step.create(params, new Shape(params.length));
            p.setRequiresGradient(true);
            double value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList a = p.split(splits(shape));
                NDArray f = branch(h, shape, a);
                combine(f.toFloatArray(), params[0], headOfH, z);
                value = loss.value(z, slope);
                gc.backward(step.create(slope, new Shape(1, z.length)).matMul(f).mul(a.get(0)));
            }
            p.getGradient().toByteBuffer().asFloatBuffer().get(grad);
            return value;
        } finally {
            GradientLock.get().unlock();
        }
    }

    /** Logits into {@code z}, without gradient recording (nothing in this graph requires one). */
    private void logits(NDManager m, NDArray h, float[] headOfH, AdapterShape shape, float[] params, float[] z) {
        try (NDManager sub = m.newSubManager()) {
            h.tempAttach(sub);
            NDArray f = branch(h, shape, sub.create(params, new Shape(params.length)).split(splits(shape)));
            combine(f.toFloatArray(), params[0], headOfH, z);
        }
    }

    /** Where the flat vector splits into scale, A1, a1, A2, a2. */
    private static long[] splits(AdapterShape shape) {
        return new long[] {shape.w1Offset(), shape.b1Offset(), shape.w2Offset(), shape.b2Offset()};
    }

    private NDArray branch(NDArray h, AdapterShape shape, NDList adapter) {
        int hd = shape.hidden();
        int w = shape.width();
        return Layers.foldedBranch(h, headW, adapter.get(1).reshape(w, hd), adapter.get(2),
                adapter.get(3).reshape(hd, w), adapter.get(4));
    }

    /** {@code z = headOfH + s·f}, rounded as PyTorch's mul then add would round it. */
    private static void combine(float[] f, float scale, float[] headOfH, float[] z) {
        for (int i = 0; i < z.length; i++) {
            z[i] = scale * f[i] + headOfH[i];
        }
    }

    @Override
    public void close() {
        try {
            backbone.close();
        } finally {
            manager.close();
        }
    }
}
