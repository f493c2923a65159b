package dev.selfheal.healer;

import dev.selfheal.math.Logistic;
import dev.selfheal.model.HiddenUnits;
import dev.selfheal.model.InputPath;

import java.util.Random;

/**
 * Fits {@link HiddenUnits} on what a fitted logit leaves: {@code s = offset + Σ_k out_k·relu(bias_k +
 * weight_k·c)}, by full-batch Adam on the mean log loss with weight decay. Not convex, so the start
 * is fixed (a seeded draw) and the step count too: the same rows give the same units, which a
 * replayed stream and the golden decisions rely on. Whether the units generalise is for the
 * cross-validation that picks the path's shape to say ({@link InputPathChoice}).
 */
public final class HiddenUnitsFit {
    private static final int STEPS = 200;
    private static final double LEARNING_RATE = 0.02;
    /**
     * Per-parameter decay, against the mean loss: keeps the units small where labels say little.
     * Holdout accuracy was flat from 1e-3 to 1e-2 on loan-approval concepts with 250 and 1,000 rows,
     * and fell beyond; this sits inside that range.
     */
    private static final double DECAY = 4e-3;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final long SEED = 0x5e1f4ea1L;

    private HiddenUnitsFit() {}

    /**
     * @param offsets the logit each row has without the units
     * @param inputs  the rows standardised as the path sees them (clamped here), {@code [n][d]}
     * @param labels  0 or 1 per row
     */
    public static HiddenUnits fit(double[] offsets, double[][] inputs, int[] labels) {
        boolean[] all = new boolean[inputs[0].length];
        java.util.Arrays.fill(all, true);
        return fit(offsets, inputs, labels, all);
    }

    /** The same with the units reading only the inputs marked {@code active} (zero weights on the others). */
    public static HiddenUnits fit(double[] offsets, double[][] inputs, int[] labels, boolean[] active) {
        int n = offsets.length;
        int full = active.length;
        int[] cols = java.util.stream.IntStream.range(0, full).filter(j -> active[j]).toArray();
        int d = cols.length;
        int r = HiddenUnits.UNITS;
        double[] c = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                c[i * d + j] = InputPath.clamp(inputs[i][cols[j]]);
            }
        }
        Random rng = new Random(SEED);
        double[] w = new double[r * d];
        double scale = 1 / Math.sqrt(Math.max(1, d));
        for (int k = 0; k < w.length; k++) {
            w[k] = rng.nextGaussian() * scale;
        }
        double[] b = new double[r];
        double[] v = new double[r];
        for (int k = 0; k < r; k++) {
            v[k] = rng.nextGaussian() * 0.01;
        }
        Adam aw = new Adam(w.length);
        Adam ab = new Adam(r);
        Adam av = new Adam(r);
        double[] act = new double[n * r];
        double[] gw = new double[w.length];
        double[] gb = new double[r];
        double[] gv = new double[r];
        for (int step = 1; step <= STEPS; step++) {
            java.util.Arrays.fill(gw, 0);
            java.util.Arrays.fill(gb, 0);
            java.util.Arrays.fill(gv, 0);
            for (int i = 0; i < n; i++) {
                int ci = i * d;
                int ai = i * r;
                double s = offsets[i];
                for (int k = 0; k < r; k++) {
                    double a = b[k];
                    int wk = k * d;
                    for (int j = 0; j < d; j++) {
                        a += w[wk + j] * c[ci + j];
                    }
                    a = a > 0 ? a : 0;
                    act[ai + k] = a;
                    s += v[k] * a;
                }
                double g = (Logistic.sigmoid(s) - labels[i]) / n;
                for (int k = 0; k < r; k++) {
                    double a = act[ai + k];
                    if (a > 0) {
                        gv[k] += g * a;
                        double gk = g * v[k];
                        gb[k] += gk;
                        int wk = k * d;
                        for (int j = 0; j < d; j++) {
                            gw[wk + j] += gk * c[ci + j];
                        }
                    }
                }
            }
            for (int k = 0; k < w.length; k++) {
                gw[k] += DECAY * w[k];
            }
            for (int k = 0; k < r; k++) {
                gv[k] += DECAY * v[k];
            }
            aw.step(w, gw, step);
            ab.step(b, gb, step);
            av.step(v, gv, step);
        }
        float[] weights = new float[r * full];
        for (int k = 0; k < r; k++) {
            for (int j = 0; j < d; j++) {
                weights[k * full + cols[j]] = (float) w[k * d + j];
            }
        }
        return new HiddenUnits(weights, toFloats(b), toFloats(v));
    }

    private static float[] toFloats(double[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }

    /** Adam's moment estimates for one parameter array. */
    private static final class Adam {
        private final double[] m;
        private final double[] s;

        Adam(int size) {
            m = new double[size];
            s = new double[size];
        }

        void step(double[] p, double[] g, int t) {
            double c1 = 1 - Math.pow(BETA1, t);
            double c2 = 1 - Math.pow(BETA2, t);
            for (int k = 0; k < p.length; k++) {
                m[k] = BETA1 * m[k] + (1 - BETA1) * g[k];
                s[k] = BETA2 * s[k] + (1 - BETA2) * g[k] * g[k];
                p[k] -= LEARNING_RATE * (m[k] / c1) / (Math.sqrt(s[k] / c2) + 1e-8);
            }
        }
    }
}
