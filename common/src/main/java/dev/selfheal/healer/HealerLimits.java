package dev.selfheal.healer;

/**
 * How much evidence the healer's remedies and its label gate need before they act.
 *
 * @param plattMinPool         labelled rows the Platt pool needs before a refit means anything
 * @param recalibrateMinChange how far (in training deviations) the inputs must have moved from the
 *                             served calibration for a recalibration to be proposed
 * @param gateMinRows          labelled rows the label gate judges at once (smaller batches are
 *                             pooled until they hold as many), or remembers as the usual level
 * @param gateMinHistory       batches of remembered disagreement before the gate judges at all
 * @param gateStableChange     calibration change below which the inputs count as stable, so that
 *                             disagreement with the labels points at the labels
 */
public record HealerLimits(int plattMinPool, double recalibrateMinChange, int gateMinRows, int gateMinHistory,
                           double gateStableChange) implements java.io.Serializable {

    public HealerLimits {
        if (plattMinPool < 2 || gateMinRows < 1 || gateMinHistory < 1) {
            throw new IllegalArgumentException("platt.min-pool must be >= 2, labels.gate-min-rows and "
                    + "labels.gate-min-history >= 1, got " + plattMinPool + ", " + gateMinRows + ", " + gateMinHistory);
        }
        if (!(recalibrateMinChange >= 0) || !(gateStableChange > 0)) {
            throw new IllegalArgumentException("recalibrate.min-change must be >= 0 and labels.gate-stable-change > 0, "
                    + "got " + recalibrateMinChange + ", " + gateStableChange);
        }
    }

    public static HealerLimits defaults() {
        return new HealerLimits(30, 0.1, 20, 3, 0.25);
    }
}
