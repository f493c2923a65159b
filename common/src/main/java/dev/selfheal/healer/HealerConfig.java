package dev.selfheal.healer;

import dev.selfheal.drift.DriftConfig;
import dev.selfheal.model.HealConfig;
import dev.selfheal.signals.SignalConfig;

/**
 * Everything HEAL decides with. {@link #reference()} is the published reference method's behaviour plus
 * our fixes to its flaws (validation on held-back data, window reset after a rollback).
 */
public record HealerConfig(
        DriftConfig drift,
        double conflictProb,
        int conflictMin,
        HealConfig heal,
        int cooldownBatches,
        boolean manualApproval,
        double holdbackShare,
        int validationPool,
        int validationMinSamples,
        double validationTolerance,
        double maxNorm,
        double maxLossIncrease,
        int healthWindow,
        double rollbackF1Drop,
        double rollbackAccDrop,
        int maxSnapshots,
        long shadowVersion,
        int pendingMax,
        int pendingTtlBatches,
        HealingStrategy strategy,
        InputPathConfig inputPath,
        SignalConfig signals,
        RepairConfig repair,
        HealerLimits limits) implements java.io.Serializable {

    /** Without the label-free signals and lineage repair (both off). */
    public HealerConfig(DriftConfig drift, double conflictProb, int conflictMin, HealConfig heal, int cooldownBatches,
                        boolean manualApproval, double holdbackShare, int validationPool, int validationMinSamples,
                        double validationTolerance, double maxNorm, double maxLossIncrease, int healthWindow,
                        double rollbackF1Drop, double rollbackAccDrop, int maxSnapshots, long shadowVersion,
                        int pendingMax, int pendingTtlBatches, HealingStrategy strategy, InputPathConfig inputPath) {
        this(drift, conflictProb, conflictMin, heal, cooldownBatches, manualApproval, holdbackShare, validationPool,
                validationMinSamples, validationTolerance, maxNorm, maxLossIncrease, healthWindow, rollbackF1Drop,
                rollbackAccDrop, maxSnapshots, shadowVersion, pendingMax, pendingTtlBatches, strategy, inputPath,
                SignalConfig.off(), RepairConfig.off(), HealerLimits.defaults());
    }

    public HealerConfig {
        if (holdbackShare < 0 || holdbackShare >= 1) {
            throw new IllegalArgumentException("validate.holdback must be in [0,1), got " + holdbackShare);
        }
        if (healthWindow < 1) {
            throw new IllegalArgumentException("health.window must be >= 1, got " + healthWindow);
        }
        signals = signals == null ? SignalConfig.off() : signals;
        repair = repair == null ? RepairConfig.off() : repair;
        limits = limits == null ? HealerLimits.defaults() : limits;
        if (maxSnapshots < 3) {
            throw new IllegalArgumentException("registry.max-snapshots must be >= 3, got " + maxSnapshots);
        }
    }

    public static HealerConfig reference() {
        return new HealerConfig(DriftConfig.DEFAULTS, 0.30, 5, HealConfig.reference(), 0, false, 0.2, 200, 20, 0.02,
                1000, 0.5, 5, 0.08, 0.10, 64, 1, 100_000, 50, HealingStrategy.reference(), InputPathConfig.off());
    }

    /** This configuration with the live overrides a state carries (from `thresholds` commands). */
    public HealerConfig withOverrides(HealerState s) {
        Builder b = toBuilder();
        if (!Double.isNaN(s.overrideFidiThreshold)) {
            b.drift = new DriftConfig(new dev.selfheal.drift.FidiConfig(drift.fidi().window(), drift.fidi().warmup(),
                    s.overrideFidiThreshold), drift.psiThreshold(), drift.alpha());
        }
        if (s.overrideConflictMin >= 0) {
            b.conflictMin = s.overrideConflictMin;
        }
        if (s.overrideHealthWindow > 0) {
            b.healthWindow = s.overrideHealthWindow;
        }
        if (!Double.isNaN(s.overrideRollbackF1Drop)) {
            b.rollbackF1Drop = s.overrideRollbackF1Drop;
        }
        if (!Double.isNaN(s.overrideRollbackAccDrop)) {
            b.rollbackAccDrop = s.overrideRollbackAccDrop;
        }
        return b.build();
    }

    public HealerConfig withStrategy(HealingStrategy st) {
        Builder b = toBuilder();
        b.strategy = st;
        return b.build();
    }

    public HealerConfig withRollback(double f1Drop, double accDrop) {
        Builder b = toBuilder();
        b.rollbackF1Drop = f1Drop;
        b.rollbackAccDrop = accDrop;
        return b.build();
    }

    public HealerConfig withMaxNorm(double max) {
        Builder b = toBuilder();
        b.maxNorm = max;
        return b.build();
    }

    public HealerConfig withInputPath(InputPathConfig p) {
        Builder b = toBuilder();
        b.inputPath = p;
        return b.build();
    }

    public HealerConfig withSignals(SignalConfig c) {
        Builder b = toBuilder();
        b.signals = c;
        return b.build();
    }

    public HealerConfig withRepair(RepairConfig c) {
        Builder b = toBuilder();
        b.repair = c;
        return b.build();
    }

    public HealerConfig withHeal(HealConfig h) {
        Builder b = toBuilder();
        b.heal = h;
        return b.build();
    }

    public HealerConfig withValidationTolerance(double tolerance) {
        Builder b = toBuilder();
        b.validationTolerance = tolerance;
        return b.build();
    }

    public HealerConfig withLimits(HealerLimits l) {
        Builder b = toBuilder();
        b.limits = l;
        return b.build();
    }

    public HealerConfig withMaxSnapshots(int max) {
        Builder b = toBuilder();
        b.maxSnapshots = max;
        return b.build();
    }

    /** A mutable copy: one place that lists every component, for the {@code with} methods above. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Field-for-field twin of the record; {@link #build()} validates as the constructor does. */
    public static final class Builder {
        public DriftConfig drift;
        public double conflictProb;
        public int conflictMin;
        public HealConfig heal;
        public int cooldownBatches;
        public boolean manualApproval;
        public double holdbackShare;
        public int validationPool;
        public int validationMinSamples;
        public double validationTolerance;
        public double maxNorm;
        public double maxLossIncrease;
        public int healthWindow;
        public double rollbackF1Drop;
        public double rollbackAccDrop;
        public int maxSnapshots;
        public long shadowVersion;
        public int pendingMax;
        public int pendingTtlBatches;
        public HealingStrategy strategy;
        public InputPathConfig inputPath;
        public SignalConfig signals;
        public RepairConfig repair;
        public HealerLimits limits;

        private Builder(HealerConfig c) {
            drift = c.drift;
            conflictProb = c.conflictProb;
            conflictMin = c.conflictMin;
            heal = c.heal;
            cooldownBatches = c.cooldownBatches;
            manualApproval = c.manualApproval;
            holdbackShare = c.holdbackShare;
            validationPool = c.validationPool;
            validationMinSamples = c.validationMinSamples;
            validationTolerance = c.validationTolerance;
            maxNorm = c.maxNorm;
            maxLossIncrease = c.maxLossIncrease;
            healthWindow = c.healthWindow;
            rollbackF1Drop = c.rollbackF1Drop;
            rollbackAccDrop = c.rollbackAccDrop;
            maxSnapshots = c.maxSnapshots;
            shadowVersion = c.shadowVersion;
            pendingMax = c.pendingMax;
            pendingTtlBatches = c.pendingTtlBatches;
            strategy = c.strategy;
            inputPath = c.inputPath;
            signals = c.signals;
            repair = c.repair;
            limits = c.limits;
        }

        public HealerConfig build() {
            return new HealerConfig(drift, conflictProb, conflictMin, heal, cooldownBatches, manualApproval,
                    holdbackShare, validationPool, validationMinSamples, validationTolerance, maxNorm, maxLossIncrease,
                    healthWindow, rollbackF1Drop, rollbackAccDrop, maxSnapshots, shadowVersion, pendingMax,
                    pendingTtlBatches, strategy, inputPath, signals, repair, limits);
        }
    }
}
