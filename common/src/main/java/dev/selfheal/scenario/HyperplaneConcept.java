package dev.selfheal.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The hyperplane concept: six independent N(0, 1) features, fraud when w·x exceeds an offset, w
 * the unit vector along a given direction. w·x is then N(0, 1) whatever the direction, so the
 * fraud share is P(Z > offset) under every concept of the family.
 */
public final class HyperplaneConcept implements Concept {
    public static final String FAMILY = "hyperplane";
    public static final List<String> FEATURE_NAMES =
            List.of("amount", "hour", "merchant_risk", "distance", "velocity", "age");

    private final double[] w;
    private final double offset;
    /** Computed once: rows drawn by rejection ask for it per row. */
    private final double share;

    /** @param direction any non-zero vector, one entry per column; it is normalised */
    public HyperplaneConcept(double[] direction, double offset) {
        if (direction.length != FEATURE_NAMES.size()) {
            throw new IllegalArgumentException("need one direction entry per column (" + FEATURE_NAMES.size()
                    + "), got " + direction.length);
        }
        double norm = Math.sqrt(Arrays.stream(direction).map(v -> v * v).sum());
        if (!(norm > 0) || !Double.isFinite(norm) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("need a finite non-zero direction and a finite offset");
        }
        this.w = Arrays.stream(direction).map(v -> v / norm).toArray();
        this.offset = offset;
        this.share = new Gaussian(0, 1).upperTail(offset);
    }

    /** The unit normal w. */
    public double[] normal() {
        return w.clone();
    }

    public double offset() {
        return offset;
    }

    @Override
    public List<String> featureNames() {
        return FEATURE_NAMES;
    }

    @Override
    public float[] draw(SplittableRandom rng) {
        float[] x = new float[w.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = (float) rng.nextGaussian();
        }
        return x;
    }

    @Override
    public boolean fraud(float[] x) {
        double s = 0;
        for (int j = 0; j < w.length; j++) {
            s += w[j] * x[j];
        }
        return s > offset;
    }

    @Override
    public double share() {
        return share;
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HyperplaneConcept h && Arrays.equals(h.w, w) && h.offset == offset;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(w) + Double.hashCode(offset);
    }

    @Override
    public String toString() {
        return "HyperplaneConcept[w=" + Arrays.toString(w) + ", offset=" + offset + "]";
    }
}
