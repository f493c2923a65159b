package dev.selfheal.scenario;

/**
 * A second way fraud looks: a share of the fraud rows draws V14 from {@code v14} and feature
 * {@code feature} from {@code law}, and every other feature as the first mode does.
 *
 * @param share share of fraud rows from this mode, 0 for none
 */
public record FraudMode(double share, Gaussian v14, int feature, Gaussian law) {

    public FraudMode {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("a fraud mode's share must be in [0, 1], got " + share);
        }
        if (feature < 0 || feature >= ScenarioGenerator.FEATURE_NAMES.size() || feature == ScenarioGenerator.V14) {
            throw new IllegalArgumentException("a fraud mode's second feature must be a column other than V14, got "
                    + feature);
        }
    }

    /** No second mode. */
    public static FraudMode none() {
        return new FraudMode(0.0, Population.CLEAN_NORMAL_V14, ScenarioGenerator.NEW_MODE_FEATURE,
                new Gaussian(0.0, 1.0));
    }

    public boolean present() {
        return share > 0;
    }

    public FraudMode withShare(double s) {
        return new FraudMode(s, v14, feature, law);
    }

    FraudMode withV14ShiftedBy(double delta) {
        return new FraudMode(share, v14.shiftedBy(delta), feature, law);
    }
}
