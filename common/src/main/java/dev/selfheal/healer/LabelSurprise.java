package dev.selfheal.healer;

/**
 * Whether labels contradict the served model's own probabilities: a calibrated model's log loss on
 * a row has mean H(p) (the entropy of its prediction) and variance p(1−p)·logit(p)², so the excess
 * of the observed loss over H(p), summed over rows and divided by its standard error, is a z-score
 * near 0 whatever the fraud share or the model's sharpness. A changed fraud pattern (confident
 * "normal" on rows labelled fraud) drives it far up. The state is {@code {excess, variance, rows}}
 * accumulated since the last reset.
 */
public final class LabelSurprise {
    private static final double EPS = 1e-6;

    private LabelSurprise() {}

    public static double[] add(double[] state, float[] p, int[] y) {
        double[] s = state == null || state.length != 3 ? new double[3] : state.clone();
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(1 - EPS, Math.max(EPS, p[i]));
            double entropy = -(q * Math.log(q) + (1 - q) * Math.log(1 - q));
            double loss = y[i] == 1 ? -Math.log(q) : -Math.log(1 - q);
            double l = Math.log(q / (1 - q));
            s[0] += loss - entropy;
            s[1] += q * (1 - q) * l * l;
            s[2] += 1;
        }
        return s;
    }

    public static double z(double[] state) {
        if (state == null || state.length != 3 || state[2] == 0) {
            return 0;
        }
        return state[0] / Math.sqrt(state[1] + EPS);
    }

    public static int rows(double[] state) {
        return state == null || state.length != 3 ? 0 : (int) state[2];
    }
}
