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
}
