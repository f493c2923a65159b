package dev.selfheal.drift;

/**
 * How one feature of one batch compares with training: enough for a healer to tell which feature
 * moved and how (a location shift, a change of spread, or both).
 *
 * @param mean batch mean
 * @param std batch population std
 * @param trainMean training mean, kept beside the batch mean so a report reads on its own
 * @param meanShiftSigmas (mean − train mean) / train std, signed
 * @param psi Population Stability Index against the training deciles
 * @param ks Kolmogorov–Smirnov D against the training reference sample
 * @param ksPValue asymptotic p-value of that D
 * @param drifted psi above the PSI threshold and ksPValue below alpha
 */
public record FeatureDrift(
        String name,
        double mean,
        double std,
        double trainMean,
        double meanShiftSigmas,
        double psi,
        double ks,
        double ksPValue,
        boolean drifted) {}
