package dev.selfheal.healer;

import dev.selfheal.math.Cholesky;
import dev.selfheal.model.InputPath;

/**
 * Fits the served model's output map and {@link InputPath} together on labelled rows:
 * {@code z' = a·z + b + Σ_j lin_j·u_j + sq_j·(u_j² − 1)}, where {@code z} is the frozen network's
 * logit and {@code u} the standardised model inputs. With the network fixed this is a logistic
 * regression, so it is convex: Newton's method converges in a few steps, deterministically, in
 * about a millisecond for a thousand rows, with no gradient-step count or learning rate to tune.
 *
 * <p>The penalty {@code λ/2·((a − 1)² + |lin|² + |sq|²)} pulls toward the served network's own
 * answer (a = 1, no path): with few labels the fit stays close to the model, with many it follows
 * them. The loss is the plain log loss, not a class-weighted one: the served probabilities must
 * stay calibrated, because the decision threshold comes from the costs.
 */
public final class InputPathFit {
    private static final int MAX_ITERATIONS = 50;
    /** b is almost free: the fraud share may move far from training's. */
    private static final double INTERCEPT_PENALTY_SHARE = 1e-3;

    private InputPathFit() {}

    /**
     * The fitted map: {@code a}, {@code b} and the path, with the mean log loss (unpenalised) on
     * the rows before (the network's logit as it is) and after.
     */
    public record Result(double a, double b, InputPath path, int iterations, double lossBefore, double lossAfter) {}

    /**
     * @param logits  the network's logit per row (input calibration applied, no output map)
     * @param inputs  the rows standardised as the backbone sees them, {@code [n][d]}
     * @param labels  0 or 1 per row
     * @param lambda  the penalty's strength, in units of one row's log loss
     * @param squares whether the path has square terms (else linear only)
     */
    public static Result fit(double[] logits, double[][] inputs, int[] labels, double lambda, boolean squares) {
        int n = logits.length;
        int d = n == 0 ? 0 : inputs[0].length;
        int k = 2 + (squares ? 2 : 1) * d;
        double[][] f = new double[n][];
        for (int i = 0; i < n; i++) {
            f[i] = features(logits[i], inputs[i], squares, k);
        }
        double[] prior = new double[k];
        prior[0] = 1;
        double[] penalty = new double[k];
        java.util.Arrays.fill(penalty, lambda);
        penalty[1] = lambda * INTERCEPT_PENALTY_SHARE;
        double[] theta = prior.clone();
        double loss = loss(f, labels, theta, prior, penalty);
        int it = 0;
        for (; it < MAX_ITERATIONS; it++) {
            double[] g = new double[k];
            double[][] h = new double[k][k];
            for (int j = 0; j < k; j++) {
                g[j] = penalty[j] * (theta[j] - prior[j]);
                h[j][j] = penalty[j];
            }
            for (int i = 0; i < n; i++) {
                double[] x = f[i];
                double p = sigmoid(dot(theta, x));
                double r = p - labels[i];
                double w = Math.max(p * (1 - p), 1e-12);
                for (int a = 0; a < k; a++) {
                    g[a] += r * x[a];
                    double wa = w * x[a];
                    for (int b = 0; b <= a; b++) {
                        h[a][b] += wa * x[b];
                    }
                }
            }
            double[] step = Cholesky.solve(h, g);
            if (step == null) {
                break;
            }
            double scale = 1;
            double[] next = axpy(theta, -scale, step);
            double nextLoss = loss(f, labels, next, prior, penalty);
            while (!(nextLoss <= loss) && scale > 1e-8) {
                scale /= 2;
                next = axpy(theta, -scale, step);
                nextLoss = loss(f, labels, next, prior, penalty);
            }
            if (!(nextLoss <= loss)) {
                break;
            }
            theta = next;
            double change = loss - nextLoss;
            loss = nextLoss;
            if (maxAbs(step) * scale < 1e-6 || change < 1e-9 * Math.max(1, loss)) {
                it++;
                break;
            }
        }
        float[] lin = new float[d];
        float[] sq = new float[d];
        for (int j = 0; j < d; j++) {
            lin[j] = (float) theta[2 + j];
            sq[j] = squares ? (float) theta[2 + d + j] : 0f;
        }
        double[] none = new double[k];
        return new Result(theta[0], theta[1], new InputPath(lin, sq), it,
                loss(f, labels, prior, prior, none) / Math.max(1, n), loss(f, labels, theta, prior, none) / Math.max(1, n));
    }

    private static double[] features(double z, double[] u, boolean squares, int k) {
        double[] x = new double[k];
        x[0] = z;
        x[1] = 1;
        int d = u.length;
        for (int j = 0; j < d; j++) {
            double v = InputPath.clamp(u[j]);
            x[2 + j] = v;
            if (squares) {
                x[2 + d + j] = v * v - 1;
            }
        }
        return x;
    }

    private static double loss(double[][] f, int[] y, double[] theta, double[] prior, double[] penalty) {
        double sum = 0;
        for (int j = 0; j < theta.length; j++) {
            double t = theta[j] - prior[j];
            sum += penalty[j] * t * t / 2;
        }
        for (int i = 0; i < f.length; i++) {
            double s = dot(theta, f[i]);
            sum += y[i] == 1 ? softplus(-s) : softplus(s);
        }
        return sum;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static double[] axpy(double[] x, double alpha, double[] y) {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = x[j] + alpha * y[j];
        }
        return out;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static double sigmoid(double s) {
        return s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
    }

    /** log(1 + e^v) without overflow. */
    static double softplus(double v) {
        return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    }
}
