package dev.selfheal.math;

/** Cholesky factorisation and solves of symmetric positive-definite systems given by their lower triangle. */
public final class Cholesky {
    private Cholesky() {}

    /** The lower factor L with A = L·Lᵀ, or null when A is not positive definite. */
    public static double[][] lower(double[][] a) {
        int k = a.length;
        double[][] l = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int m = 0; m < j; m++) {
                    s -= l[i][m] * l[j][m];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    /** x with A·x = b, or null when A is not positive definite. */
    public static double[] solve(double[][] a, double[] b) {
        double[][] l = lower(a);
        if (l == null) {
            return null;
        }
        int k = b.length;
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int m = 0; m < i; m++) {
                s -= l[i][m] * y[m];
            }
            y[i] = s / l[i][i];
        }
        double[] x = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = y[i];
            for (int m = i + 1; m < k; m++) {
                s -= l[m][i] * x[m];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }
}
