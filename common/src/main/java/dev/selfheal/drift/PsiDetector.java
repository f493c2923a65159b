package dev.selfheal.drift;

/**
 * Population Stability Index of a batch against a feature's training deciles:
 * PSI = Σ (a − e)·ln(a / e) over the {@value FeatureStats#BINS} bins, a the batch's share and e the
 * training share. Conventional reading: below 0.1 stable, 0.1–0.25 moderate, above 0.25 major.
 *
 * <p>Mind the sample size: for a batch of n rows from the training distribution PSI is about
 * 9/n on average (≈0.09 at 100 rows), so thresholds below ~0.2 fire on noise at that batch size.
 */
public final class PsiDetector {

    /** Floor for a share, so an empty bin costs a large but finite amount instead of ln(0). */
    public static final double DEFAULT_EPSILON = 1e-4;

    private final double epsilon;

    public PsiDetector() {
        this(DEFAULT_EPSILON);
    }

    public PsiDetector(double epsilon) {
        if (!(epsilon > 0 && epsilon < 0.1)) {
            throw new IllegalArgumentException("epsilon must be in (0, 0.1), was " + epsilon);
        }
        this.epsilon = epsilon;
    }

    public double psi(FeatureStats reference, float[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values for PSI of '" + reference.name() + "'");
        }
        int[] counts = new int[FeatureStats.BINS];
        for (float v : values) {
            counts[reference.bin(v)]++;
        }
        double[] expected = reference.binShares();
        double psi = 0;
        for (int i = 0; i < counts.length; i++) {
            double a = Math.max((double) counts[i] / values.length, epsilon);
            double e = Math.max(expected[i], epsilon);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }
}
