package dev.selfheal.scenario;

/**
 * The distribution one set or stream batch is drawn from. Only V14 separates the classes; every
 * other feature is N(0, 1) for both, except the noise feature f3, which may be offset.
 *
 * @param fraudShare share of fraud rows (counts are made exact: round(share * n))
 * @param normalV14 V14 given the normal class
 * @param fraudV14 V14 given the fraud class
 * @param noiseOffset added to f3 in every row
 * @param flippedLabelShare share of rows whose carried label is flipped (true class kept)
 */
public record Population(
        double fraudShare, Gaussian normalV14, Gaussian fraudV14, double noiseOffset, double flippedLabelShare) {

    public static final double CLEAN_FRAUD_SHARE = 0.15;
    public static final Gaussian CLEAN_NORMAL_V14 = new Gaussian(0.0, 1.0);
    public static final Gaussian CLEAN_FRAUD_V14 = new Gaussian(-2.5, 0.8);

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
    }

    /** The training distribution, which every scenario starts from. */
    public static Population clean() {
        return new Population(CLEAN_FRAUD_SHARE, CLEAN_NORMAL_V14, CLEAN_FRAUD_V14, 0.0, 0.0);
    }

    /** Moves V14 of both classes, as a recalibrated upstream feature would. */
    public Population withV14ShiftedBy(double delta) {
        return new Population(
                fraudShare, normalV14.shiftedBy(delta), fraudV14.shiftedBy(delta), noiseOffset, flippedLabelShare);
    }

    public Population withNormalV14(Gaussian g) {
        return new Population(fraudShare, g, fraudV14, noiseOffset, flippedLabelShare);
    }

    public Population withFraudShare(double share) {
        return new Population(share, normalV14, fraudV14, noiseOffset, flippedLabelShare);
    }

    public Population withNoiseOffset(double offset) {
        return new Population(fraudShare, normalV14, fraudV14, offset, flippedLabelShare);
    }

    public Population withFlippedLabelShare(double share) {
        return new Population(fraudShare, normalV14, fraudV14, noiseOffset, share);
    }
}
