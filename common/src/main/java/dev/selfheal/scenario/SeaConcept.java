package dev.selfheal.scenario;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The SEA concept: {@code amount}, {@code hour} and {@code velocity} uniform on [0, 10], fraud
 * when {@code amount + hour} exceeds the threshold; {@code velocity} is noise.
 */
public record SeaConcept(double threshold) implements Concept {
    public static final String FAMILY = "sea";
    public static final List<String> FEATURE_NAMES = List.of("amount", "hour", "velocity");
    /** Every feature is uniform on [0, RANGE]. */
    public static final double RANGE = 10.0;

    public SeaConcept {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite");
        }
    }

    @Override
    public List<String> featureNames() {
        return FEATURE_NAMES;
    }

    @Override
    public float[] draw(SplittableRandom rng) {
        float[] x = new float[FEATURE_NAMES.size()];
        for (int j = 0; j < x.length; j++) {
            x[j] = (float) (rng.nextDouble() * RANGE);
        }
        return x;
    }

    @Override
    public boolean fraud(float[] x) {
        return (double) x[0] + x[1] > threshold;
    }

    /** P(U1 + U2 > t) for U1, U2 independent uniform on [0, L]: the sum's density is a triangle on [0, 2L]. */
    @Override
    public double share() {
        double t = threshold;
        double l = RANGE;
        if (t <= 0) {
            return 1.0;
        }
        if (t >= 2 * l) {
            return 0.0;
        }
        return t <= l ? 1 - t * t / (2 * l * l) : (2 * l - t) * (2 * l - t) / (2 * l * l);
    }

    @Override
    public String family() {
        return FAMILY;
    }
}
