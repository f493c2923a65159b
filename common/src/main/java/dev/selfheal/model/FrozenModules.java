package dev.selfheal.model;

/**
 * The frozen part of a model whose backbone is a user's TorchScript module, run through DJL:
 * standardised rows {@code (n,d)} → {@code h} {@code (n,H)}, the adapter's input. After the
 * backbone module come an MLP head's hidden layers (in Java), or, when the adapter sits at the
 * logit, the user's head module, whose output becomes a logit: {@code log(p/(1-p))} with {@code p}
 * clamped to [{@value #CLAMP}, 1 − {@value #CLAMP}] for a probability head (a float32 sigmoid
 * saturates at 0 and 1, whose logits are infinite), the value itself for a logit head. The
 * served head {@code sigmoid(1·z + 0)} then gives the user's probability back within the clamp.
 * Loads its modules once; not thread-safe (one per owner, as each module is).
 */
public final class FrozenModules implements AutoCloseable {
    /** Smallest distance from 0 and 1 a head's probability is taken at, to keep its logit finite. */
    public static final double CLAMP = 1e-7;

    private final FrozenWeights frozen;
    private final TorchScriptModule backbone;
    private final TorchScriptModule head;

    private FrozenModules(FrozenWeights frozen, TorchScriptModule backbone, TorchScriptModule head) {
        this.frozen = frozen;
        this.backbone = backbone;
        this.head = head;
    }

    /**
     * Loads the modules of {@code f}, which must have a TorchScript backbone.
     *
     * @throws IllegalArgumentException with one line when a module cannot be loaded
     */
    public static FrozenModules load(FrozenWeights f) {
        if (!f.isModule()) {
            throw new IllegalArgumentException("the model's backbone is a Linear/ReLU chain, not a TorchScript module");
        }
        TorchScriptModule b = TorchScriptModule.load(f.backboneModule(), "the model's backbone.pt");
        if (!f.atLogit()) {
            return new FrozenModules(f, b, null);
        }
        try {
            return new FrozenModules(f, b, TorchScriptModule.load(f.headModule().bytes(), "the model's head.pt"));
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    /**
     * {@code h} of the first {@code n} rows of {@code x} (standardised, row-major), row-major.
     *
     * @throws IllegalArgumentException with one line when a module fails or returns another shape
     */
    public float[] hidden(float[] x, int n) {
        int d = frozen.inputDim();
        float[] in = x.length == n * d ? x : java.util.Arrays.copyOf(x, n * d);
        TorchScriptModule.Tensor t = backbone.forward(in, n, d);
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

    @Override
    public void close() {
        try {
            backbone.close();
        } finally {
            if (head != null) {
                head.close();
            }
        }
    }
}
