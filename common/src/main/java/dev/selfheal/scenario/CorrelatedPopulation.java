package dev.selfheal.scenario;

import dev.selfheal.math.Cholesky;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * A law in which several correlated features carry the fraud signal together, as in real card data,
 * instead of one feature carrying it all. The informative features have unit variance and
 * correlation {@code rho} between every pair, under both classes; normal rows have mean 0 on them,
 * fraud rows mean {@code fraudOffset}. Every other feature is independent N(0, 1) noise.
 *
 * <p>With one covariance for both classes the log-likelihood ratio is linear in the features, so
 * the best classifier thresholds the projection t = μᵀΣ⁻¹x, which is N(0, Δ²) for normal rows and
 * N(Δ², Δ²) for fraud, Δ² = μᵀΣ⁻¹μ (the Mahalanobis separation); {@link Ceiling} integrates that.
 */
public final class CorrelatedPopulation implements Distribution {
    public static final String FAMILY = "correlated";

    private final double fraudShare;
    private final double rho;
    private final int[] informative;
    private final double[] fraudOffset;
    private final double flippedLabelShare;
    private final double[][] cholesky;

    /**
     * @param informative column indices of the informative features
     * @param fraudOffset fraud-class mean on each informative feature, in the same order
     */
    public CorrelatedPopulation(double fraudShare, double rho, int[] informative, double[] fraudOffset,
                                double flippedLabelShare) {
        if (!(fraudShare >= 0 && fraudShare <= 1)) {
            throw new IllegalArgumentException("fraudShare must be in [0, 1], got " + fraudShare);
        }
        if (!(flippedLabelShare >= 0 && flippedLabelShare <= 1)) {
            throw new IllegalArgumentException("flippedLabelShare must be in [0, 1], got " + flippedLabelShare);
        }
        if (informative.length == 0 || informative.length != fraudOffset.length) {
            throw new IllegalArgumentException("need one fraud offset per informative feature, and at least one");
        }
        // Equicorrelation is a valid covariance for -1/(k-1) < rho < 1.
        if (!(rho < 1 && rho > -1.0 / Math.max(1, informative.length - 1))) {
            throw new IllegalArgumentException("rho " + rho + " does not give a covariance for "
                    + informative.length + " features");
        }
        int columns = ScenarioGenerator.FEATURE_NAMES.size();
        boolean[] seen = new boolean[columns];
        for (int j : informative) {
            if (j < 0 || j >= columns || seen[j]) {
                throw new IllegalArgumentException("informative features must be distinct columns, got "
                        + Arrays.toString(informative));
            }
            seen[j] = true;
        }
        this.fraudShare = fraudShare;
        this.rho = rho;
        this.informative = informative.clone();
        this.fraudOffset = fraudOffset.clone();
        this.flippedLabelShare = flippedLabelShare;
        this.cholesky = cholesky(covariance());
    }

    @Override
    public double fraudShare() {
        return fraudShare;
    }

    @Override
    public double flippedLabelShare() {
        return flippedLabelShare;
    }

    public double rho() {
        return rho;
    }

    public int[] informative() {
        return informative.clone();
    }

    public double[] fraudOffset() {
        return fraudOffset.clone();
    }

    /** The same features and correlation, with the fraud mean moved to {@code offset}. */
    public CorrelatedPopulation withFraudOffset(double[] offset) {
        return new CorrelatedPopulation(fraudShare, rho, informative, offset, flippedLabelShare);
    }

    public CorrelatedPopulation withFlippedLabelShare(double share) {
        return new CorrelatedPopulation(fraudShare, rho, informative, fraudOffset, share);
    }

    @Override
    public CorrelatedPopulation withTrueLabels() {
        return withFlippedLabelShare(0.0);
    }

    /** The covariance of the informative features: 1 on the diagonal, rho elsewhere. */
    public double[][] covariance() {
        int k = informative.length;
        double[][] s = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                s[a][b] = a == b ? 1.0 : rho;
            }
        }
        return s;
    }

    /** Δ = sqrt(μᵀΣ⁻¹μ), the classes' separation along the best direction. */
    public double mahalanobis() {
        return Math.sqrt(dotSolved(fraudOffset, fraudOffset));
    }

    /**
     * The cosine, in whitened coordinates, between this law's fraud direction and {@code other}'s:
     * μᵀΣ⁻¹μ' / (Δ·Δ'). A model that learned the other direction keeps this share of its separation.
     */
    public double cosineTo(CorrelatedPopulation other) {
        if (!Arrays.equals(informative, other.informative) || rho != other.rho) {
            throw new IllegalArgumentException("directions compare only over the same features and correlation");
        }
        return dotSolved(fraudOffset, other.fraudOffset) / (mahalanobis() * other.mahalanobis());
    }

    /** One standard normal per column in column order, then x = μ + Lz on the informative ones. */
    @Override
    public float[] features(boolean fraud, boolean secondMode, SplittableRandom rng) {
        int columns = ScenarioGenerator.FEATURE_NAMES.size();
        double[] z = new double[columns];
        for (int j = 0; j < columns; j++) {
            z[j] = rng.nextGaussian();
        }
        float[] x = new float[columns];
        for (int j = 0; j < columns; j++) {
            x[j] = (float) z[j];
        }
        for (int a = 0; a < informative.length; a++) {
            double v = fraud ? fraudOffset[a] : 0.0;
            for (int b = 0; b <= a; b++) {
                v += cholesky[a][b] * z[informative[b]];
            }
            x[informative[a]] = (float) v;
        }
        return x;
    }

    @Override
    public List<String> featureNames() {
        return ScenarioGenerator.FEATURE_NAMES;
    }

    @Override
    public String family() {
        return FAMILY;
    }

    /** For descriptions: "f1 -1.0, f2 +1.0, ...". */
    public String describeOffsets() {
        List<String> names = ScenarioGenerator.FEATURE_NAMES;
        return java.util.stream.IntStream.range(0, informative.length)
                .mapToObj(a -> String.format(java.util.Locale.ROOT, "%s %+.1f", names.get(informative[a]),
                        fraudOffset[a]))
                .collect(Collectors.joining(", "));
    }

    /** uᵀΣ⁻¹v, by solving with the Cholesky factor. */
    private double dotSolved(double[] u, double[] v) {
        double[] a = forward(u);
        double[] b = forward(v);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Solves L y = v (so that yᵀy' = vᵀΣ⁻¹v'). */
    private double[] forward(double[] v) {
        int k = v.length;
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            double s = v[i];
            for (int j = 0; j < i; j++) {
                s -= cholesky[i][j] * y[j];
            }
            y[i] = s / cholesky[i][i];
        }
        return y;
    }

    private static double[][] cholesky(double[][] s) {
        double[][] l = Cholesky.lower(s);
        if (l == null) {
            throw new IllegalArgumentException("covariance is not positive definite");
        }
        return l;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CorrelatedPopulation p && p.fraudShare == fraudShare && p.rho == rho
                && Arrays.equals(p.informative, informative) && Arrays.equals(p.fraudOffset, fraudOffset)
                && p.flippedLabelShare == flippedLabelShare;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(fraudShare, rho, Arrays.hashCode(informative), Arrays.hashCode(fraudOffset),
                flippedLabelShare);
    }

    @Override
    public String toString() {
        return "CorrelatedPopulation[fraudShare=" + fraudShare + ", rho=" + rho + ", fraud offsets " + describeOffsets()
                + ", flippedLabelShare=" + flippedLabelShare + "]";
    }
}
