package dev.selfheal.healer;

import dev.selfheal.math.Cholesky;
import dev.selfheal.math.Logistic;
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
    public record Result(double a, double b, InputPath path, int iterations, double lossBefore, double lossAfter) {
        /** The fitted logit of one row. */
        public double logit(double z, double[] u) {
            return a * z + b + path.logitDelta(u);
        }

        /** This fit with {@code units} added to its path, and the mean log loss on {@code rows} after. */
        public Result withUnits(dev.selfheal.model.HiddenUnits units, double[] z, double[][] u, int[] y) {
            InputPath p = path.withUnits(units);
            double sum = 0;
            for (int i = 0; i < z.length; i++) {
                double s = a * z[i] + b + p.logitDelta(u[i]);
                sum += y[i] == 1 ? softplus(-s) : softplus(s);
            }
            return new Result(a, b, p, iterations, lossBefore, sum / Math.max(1, z.length));
        }
    }

    /**
     * @param logits  the network's logit per row (input calibration applied, no output map)
     * @param inputs  the rows standardised as the backbone sees them, {@code [n][d]}
     * @param labels  0 or 1 per row
     * @param lambda  the penalty's strength, in units of one row's log loss
     * @param squares whether the path has square terms (else linear only)
     */
    public static Result fit(double[] logits, double[][] inputs, int[] labels, double lambda, boolean squares) {
        int d = logits.length == 0 ? 0 : inputs[0].length;
        boolean[] all = new boolean[d];
        java.util.Arrays.fill(all, true);
        return fit(logits, inputs, labels, lambda, squares, all, false);
    }

    /**
     * The same fit with the path restricted to the features marked {@code active} (the others keep
     * zero weights), and, if {@code increasing}, the output map's slope held at {@code a ≥ 0}.
     */
    public static Result fit(double[] logits, double[][] inputs, int[] labels, double lambda, boolean squares,
                             boolean[] active, boolean increasing) {
        int n = logits.length;
        int d = active.length;
        int[] cols = activeColumns(active);
        int m = cols.length;
        int k = 2 + (squares ? 2 : 1) * m;
        double[][] f = new double[n][];
        for (int i = 0; i < n; i++) {
            f[i] = features(logits[i], inputs[i], cols, squares, k);
        }
        double[] prior = new double[k];
        prior[0] = 1;
        double[] penalty = new double[k];
        java.util.Arrays.fill(penalty, lambda);
        penalty[1] = lambda * INTERCEPT_PENALTY_SHARE;
        double[] none = new double[k];
        double lossBefore = loss(f, labels, prior, prior, none);
        Newton fit = newton(f, labels, prior, penalty);
        if (increasing && fit.theta()[0] < 0) {
            // The loss is convex, so the best fit with a ≥ 0 lies on a = 0 when the free one does not.
            double[][] g = new double[n][];
            for (int i = 0; i < n; i++) {
                g[i] = f[i].clone();
                g[i][0] = 0;
            }
            f = g;
            prior[0] = 0;
            fit = newton(f, labels, prior, penalty);
        }
        double[] theta = fit.theta();
        int it = fit.iterations();
        float[] lin = new float[d];
        float[] sq = new float[d];
        for (int c = 0; c < m; c++) {
            lin[cols[c]] = (float) theta[2 + c];
            sq[cols[c]] = squares ? (float) theta[2 + m + c] : 0f;
        }
        return new Result(theta[0], theta[1], new InputPath(lin, sq), it,
                lossBefore / Math.max(1, n), loss(f, labels, theta, prior, none) / Math.max(1, n));
    }

    private record Newton(double[] theta, int iterations) {}

    /** Minimises the penalised loss from the prior; convex, so Newton with step halving converges. */
    private static Newton newton(double[][] f, int[] labels, double[] prior, double[] penalty) {
        int k = prior.length;
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
            for (int i = 0; i < f.length; i++) {
                double[] x = f[i];
                double p = Logistic.sigmoid(dot(theta, x));
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
        return new Newton(theta, it);
    }

    private static int[] activeColumns(boolean[] active) {
        int m = 0;
        for (boolean a : active) {
            m += a ? 1 : 0;
        }
        int[] cols = new int[m];
        for (int j = 0, c = 0; j < active.length; j++) {
            if (active[j]) {
                cols[c++] = j;
            }
        }
        return cols;
    }

    private static double[] features(double z, double[] u, int[] cols, boolean squares, int k) {
        double[] x = new double[k];
        x[0] = z;
        x[1] = 1;
        int m = cols.length;
        for (int c = 0; c < m; c++) {
            double v = InputPath.clamp(u[cols[c]]);
            x[2 + c] = v;
            if (squares) {
                x[2 + m + c] = v * v - 1;
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

    /** log(1 + e^v) without overflow. */
    static double softplus(double v) {
        return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    }
}
