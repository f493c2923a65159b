package dev.selfheal.healer;

/**
 * The remedies our default profile adds to the reference heal (docs/healing.md), each switchable so the
 * zoo can measure what it is worth. {@link #reference()} turns them all off.
 *
 * @param recalibrate          undo a moved feature at the input, from the drift detector's
 *                             measurement of its recent mean and spread (no labels needed)
 * @param recalibrateWindow    recent batches whose moments define "now"
 * @param minShiftSigmas       a feature is recalibrated when its recent mean moved at least this
 *                             many training standard deviations ...
 * @param maxStdRatio          ... or its spread changed by more than this factor
 * @param platt                re-fit the output probabilities (Platt scaling) on recent labelled rows
 * @param plattPool            most recent labelled training rows kept for that fit
 * @param rulesOnCalibrated    evaluate domain rules on recalibrated features (a rule's threshold is
 *                             in the units the feature had when the rule was written)
 * @param labelGate            refuse to learn from a batch whose labels disagree with a healthy
 *                             served model far more than usual (suspected label corruption)
 * @param labelGateMargin      "far more than usual": this much above the recent disagreement rate
 * @param labelGateConceptLevel level of the test that releases suspect labels as a changed concept
 *                             when a fit on the inputs predicts them better than the served model
 *                             ({@link LearnableDisagreement}); 0 = suspect labels are never learned
 * @param labelGatePool        judge batches with too few labelled rows for the gate together, once
 *                             they hold enough: with scarce labels the only way a changed concept
 *                             shows (their labels are learned from as they come; a changed concept
 *                             makes the fits forget the labels from before it)
 * @param labelGatePoolLikelihood with pooled labels, also call a pool suspect when its disagreement
 *                             is above the usual rate beyond chance, and a changed concept when the
 *                             inputs explain it beyond a refit of the served score (a likelihood
 *                             ratio; {@link LearnableDisagreement#inputsBeyondScore}), both at the
 *                             concept level: a boundary that moved a little
 * @param adapterHeal          also run the gradient heal on the adapter when labels allow it
 * @param minLabelled          labelled rows a supervised heal needs
 * @param validateOnAccuracyOnly judge candidates on held-back accuracy (expected cost) alone
 * @param healthMinRows        labelled rows one health-window entry needs (fewer are pooled with
 *                             the next batches'), so a handful of labels cannot trigger a rollback
 * @param rescoreTargets       before a rollback, re-score every candidate target on the recent
 *                             held-back rows and roll back only to one that does better than the
 *                             served adapter there
 * @param rescoreLevel         ... and with a lower held-back log loss, paired by row, at this level
 *                             (one-sided z-test; 1 = any accuracy gain will do)
 * @param costFp               cost of a false alarm, for the decision threshold
 * @param costFn               cost of a missed fraud
 */
public record HealingStrategy(boolean recalibrate, int recalibrateWindow, double minShiftSigmas, double maxStdRatio,
                              boolean platt, int plattPool, boolean rulesOnCalibrated, boolean labelGate,
                              double labelGateMargin, double labelGateConceptLevel, boolean labelGatePool,
                              boolean labelGatePoolLikelihood,
                              boolean adapterHeal, int minLabelled, boolean validateOnAccuracyOnly, int healthMinRows,
                              boolean rescoreTargets, double rescoreLevel, double costFp, double costFn)
        implements java.io.Serializable {

    public HealingStrategy {
        if (recalibrateWindow < 1) {
            throw new IllegalArgumentException("recalibrate.window must be >= 1, got " + recalibrateWindow);
        }
        if (!(labelGateConceptLevel >= 0 && labelGateConceptLevel < 0.5)) {
            throw new IllegalArgumentException("labels.gate-concept-level must be in [0, 0.5), got "
                    + labelGateConceptLevel);
        }
        if (!(rescoreLevel > 0 && rescoreLevel <= 1)) {
            throw new IllegalArgumentException("rollback.rescore-level must be in (0, 1], got " + rescoreLevel);
        }
        if (!(costFp > 0) || !(costFn > 0)) {
            throw new IllegalArgumentException("decision costs must be positive, got " + costFp + ", " + costFn);
        }
    }

    /** The published reference heal: none of our remedies, validation on accuracy and F1. */
    public static HealingStrategy reference() {
        Builder b = new Builder();
        b.recalibrateWindow = 3;
        b.minShiftSigmas = 0.5;
        b.maxStdRatio = 1.5;
        b.plattPool = 300;
        b.labelGateMargin = 0.2;
        b.adapterHeal = true;
        b.rescoreLevel = 1.0;
        b.costFp = 1;
        b.costFn = 1;
        return b.build();
    }

    /** Our default: the reference plus recalibration, Platt, the label gate and guarded rollbacks. */
    public static HealingStrategy selfheal() {
        Builder b = reference().toBuilder();
        b.recalibrate = true;
        b.platt = true;
        b.rulesOnCalibrated = true;
        b.labelGate = true;
        b.labelGateConceptLevel = 1e-3;
        b.labelGatePool = true;
        b.labelGatePoolLikelihood = true;
        b.minLabelled = 20;
        b.validateOnAccuracyOnly = true;
        b.healthMinRows = 20;
        b.rescoreTargets = true;
        b.rescoreLevel = 0.05;
        return b.build();
    }

    /** The same strategy with another {@code rollback.rescore-level}. */
    public HealingStrategy withRescoreLevel(double level) {
        Builder b = toBuilder();
        b.rescoreLevel = level;
        return b.build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Field-for-field twin of the record, so strategies are built by name; {@link #build()} validates. */
    public static final class Builder {
        public boolean recalibrate;
        public int recalibrateWindow;
        public double minShiftSigmas;
        public double maxStdRatio;
        public boolean platt;
        public int plattPool;
        public boolean rulesOnCalibrated;
        public boolean labelGate;
        public double labelGateMargin;
        public double labelGateConceptLevel;
        public boolean labelGatePool;
        public boolean labelGatePoolLikelihood;
        public boolean adapterHeal;
        public int minLabelled;
        public boolean validateOnAccuracyOnly;
        public int healthMinRows;
        public boolean rescoreTargets;
        public double rescoreLevel;
        public double costFp;
        public double costFn;

        public Builder() {}

        private Builder(HealingStrategy s) {
            recalibrate = s.recalibrate;
            recalibrateWindow = s.recalibrateWindow;
            minShiftSigmas = s.minShiftSigmas;
            maxStdRatio = s.maxStdRatio;
            platt = s.platt;
            plattPool = s.plattPool;
            rulesOnCalibrated = s.rulesOnCalibrated;
            labelGate = s.labelGate;
            labelGateMargin = s.labelGateMargin;
            labelGateConceptLevel = s.labelGateConceptLevel;
            labelGatePool = s.labelGatePool;
            labelGatePoolLikelihood = s.labelGatePoolLikelihood;
            adapterHeal = s.adapterHeal;
            minLabelled = s.minLabelled;
            validateOnAccuracyOnly = s.validateOnAccuracyOnly;
            healthMinRows = s.healthMinRows;
            rescoreTargets = s.rescoreTargets;
            rescoreLevel = s.rescoreLevel;
            costFp = s.costFp;
            costFn = s.costFn;
        }

        public HealingStrategy build() {
            return new HealingStrategy(recalibrate, recalibrateWindow, minShiftSigmas, maxStdRatio, platt, plattPool,
                    rulesOnCalibrated, labelGate, labelGateMargin, labelGateConceptLevel, labelGatePool,
                    labelGatePoolLikelihood, adapterHeal, minLabelled, validateOnAccuracyOnly, healthMinRows,
                    rescoreTargets, rescoreLevel, costFp, costFn);
        }
    }

    /** The Bayes decision threshold on calibrated probabilities for these costs. */
    public double decisionThreshold() {
        return costFp / (costFp + costFn);
    }

    public boolean usesCalibration() {
        return recalibrate || platt;
    }
}
