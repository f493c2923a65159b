package dev.selfheal.scenario;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The reference family of laws (docs/evaluation.md, Scenarios): only V14 separates the classes; every other feature is
 * N(0, 1) for both, except the noise feature f3, which may be offset, and, when a second fraud mode
 * is present, that mode's own feature.
 *
 * @param fraudShare share of fraud rows (counts are made exact: round(share * n))
 * @param normalV14 V14 given the normal class
 * @param fraudV14 V14 given the fraud class (its first mode)
 * @param noiseOffset added to f3 in every row
 * @param flippedLabelShare share of rows whose carried label is flipped (true class kept)
 * @param secondMode a second fraud mode, or {@link FraudMode#none()}
 */
public record Population(double fraudShare, Gaussian normalV14, Gaussian fraudV14, double noiseOffset,
                         double flippedLabelShare, FraudMode secondMode) implements Distribution {

    public static final double CLEAN_FRAUD_SHARE = 0.15;
    public static final Gaussian CLEAN_NORMAL_V14 = new Gaussian(0.0, 1.0);
    public static final Gaussian CLEAN_FRAUD_V14 = new Gaussian(-2.5, 0.8);
    public static final String FAMILY = "reference";

    public Population {
        if (!(fraudShare >= 0 && fraudShare <= 1)) {
            throw new IllegalArgumentException("fraudShare must be in [0, 1], got " + fraudShare);
        }
        if (!(flippedLabelShare >= 0 && flippedLabelShare <= 1)) {
            throw new IllegalArgumentException("flippedLabelShare must be in [0, 1], got " + flippedLabelShare);
        }
        if (!Double.isFinite(noiseOffset)) {
            throw new IllegalArgumentException("noiseOffset must be finite");
        }
        if (secondMode == null) {
            throw new IllegalArgumentException("secondMode must be given (FraudMode.none() for none)");
        }
    }

    /** A law with one fraud mode. */
    public Population(double fraudShare, Gaussian normalV14, Gaussian fraudV14, double noiseOffset,
                      double flippedLabelShare) {
        this(fraudShare, normalV14, fraudV14, noiseOffset, flippedLabelShare, FraudMode.none());
    }

    /** The training distribution, which every scenario of this family starts from. */
    public static Population clean() {
        return new Population(CLEAN_FRAUD_SHARE, CLEAN_NORMAL_V14, CLEAN_FRAUD_V14, 0.0, 0.0);
    }

    /** Moves V14 of every row, as a recalibrated upstream feature would. */
    public Population withV14ShiftedBy(double delta) {
        return new Population(fraudShare, normalV14.shiftedBy(delta), fraudV14.shiftedBy(delta), noiseOffset,
                flippedLabelShare, secondMode.withV14ShiftedBy(delta));
    }

    public Population withNormalV14(Gaussian g) {
        return new Population(fraudShare, g, fraudV14, noiseOffset, flippedLabelShare, secondMode);
    }

    public Population withFraudV14(Gaussian g) {
        return new Population(fraudShare, normalV14, g, noiseOffset, flippedLabelShare, secondMode);
    }

    public Population withFraudShare(double share) {
        return new Population(share, normalV14, fraudV14, noiseOffset, flippedLabelShare, secondMode);
    }

    public Population withNoiseOffset(double offset) {
        return new Population(fraudShare, normalV14, fraudV14, offset, flippedLabelShare, secondMode);
    }

    public Population withFlippedLabelShare(double share) {
        return new Population(fraudShare, normalV14, fraudV14, noiseOffset, share, secondMode);
    }

    public Population withSecondMode(FraudMode mode) {
        return new Population(fraudShare, normalV14, fraudV14, noiseOffset, flippedLabelShare, mode);
    }

    @Override
    public Population withTrueLabels() {
        return withFlippedLabelShare(0.0);
    }

    @Override
    public int secondModeRows(int fraudRows) {
        return (int) Math.round(secondMode.share() * fraudRows);
    }

    /**
     * One standard normal per column, in column order, whatever the row's mode: the files of the
     * laws without a second mode stay the same for a seed as they were before modes existed.
     */
    @Override
    public float[] features(boolean fraud, boolean secondModeRow, SplittableRandom rng) {
        float[] x = new float[ScenarioGenerator.FEATURE_NAMES.size()];
        for (int j = 0; j < x.length; j++) {
            double offset = j == ScenarioGenerator.NOISE_FEATURE ? noiseOffset : 0.0;
            if (j == ScenarioGenerator.V14) {
                Gaussian v14 = !fraud ? normalV14 : secondModeRow ? secondMode.v14() : fraudV14;
                x[j] = (float) v14.sample(rng);
            } else if (fraud && secondModeRow && j == secondMode.feature()) {
                x[j] = (float) (secondMode.law().sample(rng) + offset);
            } else if (j == ScenarioGenerator.NOISE_FEATURE) {
                x[j] = (float) (rng.nextGaussian() + offset);
            } else {
                x[j] = (float) rng.nextGaussian();
            }
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
}
