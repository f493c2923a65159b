package dev.selfheal.drift;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the model saw of one feature in training: the reference each drift signal compares a batch
 * against. It is stored in the model manifest, so it is plain data that Jackson round-trips.
 * Arrays are copied in and out, so an instance can be shared between threads and operators.
 *
 * @param count number of training values
 * @param mean training mean
 * @param std training population standard deviation
 * @param binEdges the {@value #BINS}−1 inner decile edges; bin {@code i} is
 *     {@code [binEdges[i-1], binEdges[i])}, open at both ends of the line
 * @param binShares share of the training values falling in each of the {@value #BINS} bins. For a
 *     continuous feature this is 0.1 each; it is stored rather than assumed because where values
 *     repeat (a 0/1 flag, a rounded amount) several edges coincide and the bins are far from equal,
 *     and assuming 10% would report drift on the training data itself
 * @param referenceSample sorted sample of at most {@value #MAX_REFERENCE_SAMPLE} training values
 *     (evenly spaced order statistics, so it is deterministic and keeps the minimum and maximum),
 *     for the two-sample KS test
 */
public record FeatureStats(
        String name,
        long count,
        double mean,
        double std,
        double[] binEdges,
        double[] binShares,
        float[] referenceSample) {

    public static final int BINS = 10;
    public static final int MAX_REFERENCE_SAMPLE = 512;

    public FeatureStats {
        Objects.requireNonNull(name, "name");
        if (count < 1) {
            throw new IllegalArgumentException("feature '" + name + "': count must be >= 1, was " + count);
        }
        if (!(std >= 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException(
                    "feature '" + name + "': mean must be finite and std >= 0, were " + mean + ", " + std);
        }
        if (binEdges == null || binEdges.length != BINS - 1) {
            throw new IllegalArgumentException("feature '" + name + "': expected " + (BINS - 1) + " bin edges");
        }
        if (binShares == null || binShares.length != BINS) {
            throw new IllegalArgumentException("feature '" + name + "': expected " + BINS + " bin shares");
        }
        if (referenceSample == null || referenceSample.length == 0
                || referenceSample.length > MAX_REFERENCE_SAMPLE) {
            throw new IllegalArgumentException("feature '" + name + "': reference sample must hold 1.."
                    + MAX_REFERENCE_SAMPLE + " values");
        }
        binEdges = binEdges.clone();
        binShares = binShares.clone();
        referenceSample = referenceSample.clone();
        Arrays.sort(referenceSample);
    }

    /** Summarises the training values of one feature. */
    public static FeatureStats of(String name, float[] values) {
        Moments moments = Moments.of(values);
        float[] sorted = values.clone();
        Arrays.sort(sorted);

        double[] edges = new double[BINS - 1];
        for (int k = 1; k < BINS; k++) {
            edges[k - 1] = quantile(sorted, (double) k / BINS);
        }
        double[] shares = new double[BINS];
        for (float v : sorted) {
            shares[bin(edges, v)]++;
        }
        for (int i = 0; i < BINS; i++) {
            shares[i] /= sorted.length;
        }
        return new FeatureStats(name, moments.count(), moments.mean(), moments.std(), edges, shares,
                evenlySpaced(sorted));
    }

    @Override
    public double[] binEdges() {
        return binEdges.clone();
    }

    @Override
    public double[] binShares() {
        return binShares.clone();
    }

    @Override
    public float[] referenceSample() {
        return referenceSample.clone();
    }

    /** The training median: the middle decile edge. */
    public double median() {
        return binEdges[BINS / 2 - 1];
    }

    /** The PSI bin (0..{@value #BINS}−1) a value falls in. */
    public int bin(double value) {
        return bin(binEdges, value);
    }

    /**
     * How many training standard deviations {@code value} lies from the training mean, signed. A
     * constant training feature (std 0) has no scale: any departure is infinitely many sigmas.
     */
    public double sigmas(double value) {
        double delta = value - mean;
        if (std > 0) {
            return delta / std;
        }
        return delta == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, delta);
    }

    private static int bin(double[] edges, double value) {
        int bin = 0;
        while (bin < edges.length && value >= edges[bin]) {
            bin++;
        }
        return bin;
    }

    /**
     * The q-quantile of sorted values, linear between order statistics (numpy's default), so edges
     * match the usual tools.
     */
    public static double quantile(float[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * ((double) sorted[hi] - sorted[lo]);
    }

    private static float[] evenlySpaced(float[] sorted) {
        if (sorted.length <= MAX_REFERENCE_SAMPLE) {
            return sorted;
        }
        float[] sample = new float[MAX_REFERENCE_SAMPLE];
        double step = (sorted.length - 1) / (double) (MAX_REFERENCE_SAMPLE - 1);
        for (int i = 0; i < sample.length; i++) {
            sample[i] = sorted[(int) Math.round(i * step)];
        }
        return sample;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureStats f
                && name.equals(f.name)
                && count == f.count
                && Double.compare(mean, f.mean) == 0
                && Double.compare(std, f.std) == 0
                && Arrays.equals(binEdges, f.binEdges)
                && Arrays.equals(binShares, f.binShares)
                && Arrays.equals(referenceSample, f.referenceSample);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(name, count, mean, std);
        h = 31 * h + Arrays.hashCode(binEdges);
        h = 31 * h + Arrays.hashCode(binShares);
        return 31 * h + Arrays.hashCode(referenceSample);
    }

    @Override
    public String toString() {
        return "FeatureStats{" + name + ", n=" + count + ", mean=" + mean + ", std=" + std
                + ", edges=" + Arrays.toString(binEdges) + ", sample=" + referenceSample.length + " values}";
    }
}
