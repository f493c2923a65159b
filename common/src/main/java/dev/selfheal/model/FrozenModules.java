package dev.selfheal.model;

/**
 * The frozen part of a model whose backbone is a user's TorchScript module, run through DJL:
 * standardised rows {@code (n,d)} → {@code h} {@code (n,H)}, the adapter's input. After the
 * backbone module come an MLP head's hidden layers (in Java), or, when the adapter sits at the
 * logit, the user's head module, whose output becomes a logit: {@code log(p/(1-p))} with {@code p}
 * clamped to [{@value #CLAMP}, 1 − {@value #CLAMP}] for a probability head (a float32 sigmoid
 * saturates at 0 and 1, whose logits are infinite), the value itself for a logit head. The
 * served head {@code sigmoid(1·z + 0)} then gives the user's probability back within the clamp.
 * The modules are shared with the model's other owners on the thread that loads them
 * ({@link ThreadModules}); called from another thread, an instance loads a copy of its own, so
 * no module is ever called from two threads. Not thread-safe itself: one per owner.
 */
public final class FrozenModules implements AutoCloseable {
    /** Smallest distance from 0 and 1 a head's probability is taken at, to keep its logit finite. */
    public static final double CLAMP = 1e-7;

    private final FrozenWeights frozen;
    private final Thread thread;
    private final ThreadModules.Loaded shared;
    /** Loaded on first use from another thread than {@link #thread}, closed with this. */
    private ThreadModules.Loaded own;
    private boolean closed;

    private FrozenModules(FrozenWeights frozen, ThreadModules.Loaded shared) {
        this.frozen = frozen;
        this.thread = Thread.currentThread();
        this.shared = shared;
    }

    /**
     * The modules of {@code f}, which must have a TorchScript backbone: those the calling thread
     * has loaded for another owner, else loaded now.
     *
     * @throws IllegalArgumentException with one line when a module cannot be loaded
     */
    public static FrozenModules load(FrozenWeights f) {
        if (!f.isModule()) {
            throw new IllegalArgumentException("the model's backbone is a Linear/ReLU chain, not a TorchScript module");
        }
        return new FrozenModules(f, ThreadModules.acquire(f));
    }

    /** Whether this and {@code other} share loaded modules on the thread they were loaded on. */
    boolean sharesWith(FrozenModules other) {
        return shared == other.shared;
    }

    private ThreadModules.Loaded modules() {
        if (closed) {
            throw new IllegalStateException("the model's TorchScript modules are closed");
        }
        if (Thread.currentThread() == thread) {
            return shared;
        }
        if (own == null) {
            own = ThreadModules.Loaded.of(frozen);
        }
        return own;
    }

    /**
     * {@code h} of the first {@code n} rows of {@code x} (standardised, row-major), row-major.
     *
     * @throws IllegalArgumentException with one line when a module fails or returns another shape
     */
    public float[] hidden(float[] x, int n) {
        int d = frozen.inputDim();
        float[] in = x.length == n * d ? x : java.util.Arrays.copyOf(x, n * d);
        ThreadModules.Loaded modules = modules();
        TorchScriptModule head = modules.head();
        TorchScriptModule.Tensor t = modules.backbone().forward(in, n, d);
        int bw = frozen.backboneWidth();
        if (t.rank() != 2 || t.shape()[0] != n || (head == null && t.shape()[1] != bw)) {
            throw new IllegalArgumentException("the model's TorchScript backbone returned shape " + t.shapeText()
                    + " for " + n + " rows; the model expects [" + n + ", " + (head == null ? bw : "width") + "]");
        }
        if (head == null) {
            return frozen.headHidden(t.values(), n);
        }
        TorchScriptModule.Tensor y = head.forward(t.values(), n, (int) t.shape()[1]);
        boolean oneColumn = y.rank() == 2 && y.shape()[0] == n && y.shape()[1] == 1;
        if (!oneColumn && !(y.rank() == 1 && y.shape()[0] == n)) {
            throw new IllegalArgumentException("the model's TorchScript head returned shape " + y.shapeText() + " for "
                    + n + " rows; the model expects one value per row");
        }
        float[] z = new float[n];
        TorchScriptImport.HeadOutput kind = frozen.headModule().output();
        for (int i = 0; i < n; i++) {
            z[i] = logit(y.values()[i], kind);
        }
        return z;
    }

    /** The logit of a head's output: itself for a logit head, the clamped {@code log(p/(1-p))} of a probability. */
    public static float logit(float v, TorchScriptImport.HeadOutput kind) {
        if (kind == TorchScriptImport.HeadOutput.LOGIT) {
            return v;
        }
        double p = Math.min(1 - CLAMP, Math.max(CLAMP, v));
        return (float) Math.log(p / (1 - p));
    }

    /** Lets go of the shared modules (the thread's last owner closes them) and closes a copy of its own. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (own != null) {
                own.close();
            }
        } finally {
            ThreadModules.release(thread, frozen, shared);
        }
    }
}
