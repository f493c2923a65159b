package dev.selfheal.model;

/**
 * Adam as PyTorch defines it (β1 0.9, β2 0.999, ε 1e-8 added after the bias-corrected square root,
 * no weight decay), in plain Java: its state is then ours to checkpoint, which DJL's optimizer state
 * is not.
 */
public final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private Adam() {}

    /** Updates {@code params[offset..offset+grad.length)} in place and returns the advanced state. */
    public static AdamState step(float[] params, int offset, float[] grad, AdamState s, double lr) {
        float[] m = s.m();
        float[] v = s.v();
        long t = s.step() + 1;
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        double stepSize = lr / c1;
        double sqrtC2 = Math.sqrt(c2);
        for (int i = 0; i < grad.length; i++) {
            double g = grad[i];
            m[i] = (float) (BETA1 * m[i] + (1 - BETA1) * g);
            v[i] = (float) (BETA2 * v[i] + (1 - BETA2) * g * g);
            double denom = Math.sqrt(v[i]) / sqrtC2 + EPS;
            params[offset + i] = (float) (params[offset + i] - stepSize * m[i] / denom);
        }
        return new AdamState(m, v, t);
    }

    /**
     * The same update of all of {@code params} in float32 arithmetic, as PyTorch computes it for
     * float32 parameters; results differ from {@link #step} by float rounding only. The heal runs
     * it several times per heal: {@link #step} does its square root and two divisions one element
     * at a time in double (35–180 µs per step over the 8,321 adapter floats), whereas this loop,
     * with no double conversions, no offset and no re-read of what it stored, is vectorised by C2
     * (a few µs). Model training keeps {@link #step}, so a model trains to the same weights as
     * before.
     */
    public static AdamState stepFloat32(float[] params, float[] grad, AdamState s, double lr) {
        float[] m = s.m();
        float[] v = s.v();
        if (params.length != grad.length || m.length != grad.length || v.length != grad.length) {
            throw new IllegalArgumentException("parameters, gradient and Adam state differ in length");
        }
        long t = s.step() + 1;
        float b1 = (float) BETA1;
        float b2 = (float) BETA2;
        float oneMinusB1 = (float) (1 - BETA1);
        float oneMinusB2 = (float) (1 - BETA2);
        float eps = (float) EPS;
        float stepSize = (float) (lr / (1 - Math.pow(BETA1, t)));
        float sqrtC2 = (float) Math.sqrt(1 - Math.pow(BETA2, t));
        for (int i = 0; i < grad.length; i++) {
            float g = grad[i];
            float mi = b1 * m[i] + oneMinusB1 * g;
            float vi = b2 * v[i] + oneMinusB2 * g * g;
            m[i] = mi;
            v[i] = vi;
            float denom = (float) Math.sqrt(vi) / sqrtC2 + eps;
            params[i] -= stepSize * mi / denom;
        }
        return new AdamState(m, v, t);
    }
}
