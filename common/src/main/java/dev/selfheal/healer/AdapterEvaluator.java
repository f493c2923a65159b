package dev.selfheal.healer;

import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ScoringKernel;
import dev.selfheal.model.ScoringKernels;
import dev.selfheal.model.ServedAdapter;

/**
 * Scores rows with any served-adapter vector (reflexive adapter plus optional calibration), for
 * HEAL's evaluations and the experiment report, on a {@link ScoringKernel}: in the job the one
 * SCORE uses ({@code score.kernel}), so HEAL judges a candidate by the probabilities the scorers
 * will serve, and a Vector API evaluation of a few hundred rows costs tens of µs where a DJL call
 * costs about a millisecond of JNI round trips. One kernel handle, overwritten for each call.
 */
public final class AdapterEvaluator implements AutoCloseable {
    private final dev.selfheal.model.Standardizer pathScale;
    private final FraudModel model;
    private final ScoringKernel kernel;
    private final ScoringKernel.Weights handle;
    private ScoringKernel.Weights[] handles = new ScoringKernel.Weights[0];

    /** An evaluator on DJL, the reference engine. */
    public AdapterEvaluator(FraudModel model) {
        this(model, ScoringKernels.DJL);
    }

    /** @param kernel {@code score.kernel}: auto, vector or djl ({@link ScoringKernels}) */
    public AdapterEvaluator(FraudModel model, String kernel) {
        this.model = model;
        this.pathScale = model.inputPathScale();
        float[] deployed = model.adapter().params();
        this.kernel = ScoringKernels.create(kernel, model.frozen(), model.adapterShape(), model.standardizer(),
                deployed);
        try {
            this.handle = this.kernel.prepare(deployed);
        } catch (RuntimeException e) {
            this.kernel.close();
            throw e;
        }
    }

    /** The engine in use: "vector" or "djl". */
    public String kernelName() {
        return kernel.name();
    }

    public float[] probabilities(float[] vector, float[][] rows) {
        float[] p = new float[rows.length];
        if (rows.length == 0) {
            return p;
        }
        ServedAdapter served = ServedAdapter.of(vector, model.adapterShape(), model.features().size());
        kernel.update(handle, served.adapter().params());
        if (handles.length < rows.length) {
            handles = new ScoringKernel.Weights[rows.length];
            java.util.Arrays.fill(handles, handle);
        }
        float[][] in = served.calibration().input(rows);
        kernel.score(in, rows.length, handles, p, null);
        for (int i = 0; i < p.length; i++) {
            p[i] = served.output(p[i], in[i], pathScale);
        }
        return p;
    }

    @Override
    public void close() {
        kernel.close();
    }
}
