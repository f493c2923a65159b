package dev.selfheal.baseline;

import dev.selfheal.math.Cholesky;
import dev.selfheal.math.Logistic;

/**
 * Logistic regression on the features and their squares (2d inputs, so it can draw a quadratic
 * boundary such as a ring or a second mode): each feature standardised with the window's own mean
 * and standard deviation, its square taken and standardised the same way, and an L2 penalty of {@code l2}/2·|w|² on the weights (not the intercept),
 * light enough only to keep separable windows finite. Fitted to convergence by Newton's method
 * with a backtracking line search.
 *
 * <p>Unweighted: every row counts once, so p estimates P(fraud | x) under the window's own class
 * mix and p > 0.5 is the accuracy-optimal decision, the figure compared first. A class-balanced fit
 * would trade accuracy for recall; it is not used, so as not to handicap the baseline on accuracy.
 */
public final class LogisticBaseline implements BaselineMethod {
    public static final String NAME = "logistic";
    public static final double DEFAULT_L2 = 1e-3;
    private static final int MAX_ITERATIONS = 100;
    private static final double TOLERANCE = 1e-9;

    private final double l2;

    public LogisticBaseline() {
        this(DEFAULT_L2);
    }

    public LogisticBaseline(double l2) {
        if (!(l2 > 0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("the L2 weight must be positive, got " + l2);
        }
        this.l2 = l2;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A fit costs a few milliseconds: refit before every batch. */
    @Override
    public int refitEvery() {
        return 1;
    }

    @Override
    public Model fit(float[][] rows, int[] labels) {
        int n = rows.length;
        if (n == 0 || n != labels.length) {
            throw new IllegalArgumentException("need one label per row and at least one row");
        }
        int d = rows[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                sd[j] += sq(r[j] - mean[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = scale(sd[j] / n);
        }
        // The squares are of the standardised features (so the fit does not depend on where a
        // feature's zero is), standardised in turn.
        double[] sqMean = new double[d];
        double[] sqSd = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                sqMean[j] += sq((r[j] - mean[j]) / sd[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            sqMean[j] /= n;
        }
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                sqSd[j] += sq(sq((r[j] - mean[j]) / sd[j]) - sqMean[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            sqSd[j] = scale(sqSd[j] / n);
        }
        Standardisation std = new Standardisation(mean, sd, sqMean, sqSd);
        double[][] z = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = std.inputs(rows[i]);
            y[i] = labels[i];
        }
        double[] beta = newton(z, y, 2 * d + 1);
        return new Model(std, beta);
    }

    /** Intercept last: beta[k] multiplies the constant 1. */
    private double[] newton(double[][] z, double[] y, int p) {
        double[] beta = new double[p];
        double loss = loss(z, y, beta);
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] grad = new double[p];
            double[][] hess = new double[p][p];
            int n = z.length;
            for (int i = 0; i < n; i++) {
                double pi = Logistic.sigmoid(dot(beta, z[i]));
                double r = pi - y[i];
                double w = pi * (1 - pi);
                for (int a = 0; a < p; a++) {
                    double za = a < p - 1 ? z[i][a] : 1.0;
                    grad[a] += r * za / n;
                    for (int b = 0; b <= a; b++) {
                        double zb = b < p - 1 ? z[i][b] : 1.0;
                        hess[a][b] += w * za * zb / n;
                    }
                }
            }
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < a; b++) {
                    hess[b][a] = hess[a][b];
                }
                // The intercept is not penalised; a tiny ridge keeps its row invertible when
                // every p is at 0 or 1.
                double ridge = a < p - 1 ? l2 : 1e-10;
                hess[a][a] += ridge;
                if (a < p - 1) {
                    grad[a] += l2 * beta[a];
                }
            }
            double[] step = Cholesky.solve(hess, grad);
            if (step == null) {
                break;
            }
            double t = 1.0;
            double[] next = new double[p];
            double nextLoss;
            while (true) {
                for (int a = 0; a < p; a++) {
                    next[a] = beta[a] - t * step[a];
                }
                nextLoss = loss(z, y, next);
                if (nextLoss <= loss || t < 1e-6) {
                    break;
                }
                t /= 2;
            }
            double moved = 0;
            for (int a = 0; a < p; a++) {
                moved = Math.max(moved, Math.abs(next[a] - beta[a]));
            }
            beta = next.clone();
            boolean converged = loss - nextLoss < TOLERANCE && moved < 1e-6;
            loss = nextLoss;
            if (converged) {
                break;
            }
        }
        return beta;
    }

    private double loss(double[][] z, double[] y, double[] beta) {
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            double m = dot(beta, z[i]);
            // log(1 + e^m) − y·m, written to stay finite for large |m|.
            s += (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m))) - y[i] * m;
        }
        double penalty = 0;
        for (int a = 0; a < beta.length - 1; a++) {
            penalty += beta[a] * beta[a];
        }
        return s / z.length + 0.5 * l2 * penalty;
    }

    /** A constant input carries nothing; unit scale keeps it harmless. */
    private static double scale(double variance) {
        double s = Math.sqrt(variance);
        return s > 1e-12 ? s : 1.0;
    }

    /** The window's statistics: of each feature, and of each standardised feature's square. */
    private record Standardisation(double[] mean, double[] sd, double[] sqMean, double[] sqSd) {
        double[] inputs(float[] row) {
            int d = mean.length;
            double[] z = new double[2 * d];
            for (int j = 0; j < d; j++) {
                double v = (row[j] - mean[j]) / sd[j];
                z[j] = v;
                z[d + j] = (v * v - sqMean[j]) / sqSd[j];
            }
            return z;
        }
    }

    private static double dot(double[] beta, double[] z) {
        double s = beta[beta.length - 1];
        for (int a = 0; a < z.length; a++) {
            s += beta[a] * z[a];
        }
        return s;
    }

    private static double sq(double v) {
        return v * v;
    }

    /** A fitted logistic regression: the window's standardisation and the coefficients. */
    public static final class Model implements BaselineModel {
        private final Standardisation std;
        private final double[] beta;

        private Model(Standardisation std, double[] beta) {
            this.std = std;
            this.beta = beta;
        }

        /** Weights on the standardised inputs (features, then squares), intercept last. */
        public double[] coefficients() {
            return beta.clone();
        }

        @Override
        public float[] probabilities(float[][] rows) {
            float[] p = new float[rows.length];
            for (int i = 0; i < rows.length; i++) {
                p[i] = (float) Logistic.sigmoid(dot(beta, std.inputs(rows[i])));
            }
            return p;
        }
    }
}
