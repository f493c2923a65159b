package dev.selfheal.drift;

import java.util.Objects;

/**
 * Knobs of {@link DriftMonitor}.
 *
 * @param fidi the heal trigger's settings
 * @param psiThreshold a feature counts as drifted only above this PSI ("major" shift by convention)
 * @param alpha ... and only when its KS p-value is below this. Both are required because at ~100
 *     rows per batch PSI alone is noisy and KS alone flags shifts too small to matter
 */
public record DriftConfig(FidiConfig fidi, double psiThreshold, double alpha) implements java.io.Serializable {

    public static final DriftConfig DEFAULTS = new DriftConfig(FidiConfig.DEFAULTS, 0.25, 0.01);

    public DriftConfig {
        Objects.requireNonNull(fidi, "fidi");
        if (!(psiThreshold > 0) || Double.isInfinite(psiThreshold)) {
            throw new IllegalArgumentException("drift.psi-threshold must be a finite number > 0, was " + psiThreshold);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("drift.alpha must be in (0, 1), was " + alpha);
        }
    }
}
