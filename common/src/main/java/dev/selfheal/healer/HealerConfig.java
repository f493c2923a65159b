package dev.selfheal.healer;

import dev.selfheal.drift.DriftConfig;
import dev.selfheal.model.HealConfig;

/**
 * Everything HEAL decides with. {@link #reference()} is the reference behaviour of DESIGN §3 plus
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
        HealingStrategy strategy) implements java.io.Serializable {

    public HealerConfig {
        if (holdbackShare < 0 || holdbackShare >= 1) {
            throw new IllegalArgumentException("validate.holdback must be in [0,1), got " + holdbackShare);
        }
        if (healthWindow < 1) {
            throw new IllegalArgumentException("health.window must be >= 1, got " + healthWindow);
        }
        if (maxSnapshots < 3) {
            throw new IllegalArgumentException("registry.max-snapshots must be >= 3, got " + maxSnapshots);
        }
    }

    public static HealerConfig reference() {
        return new HealerConfig(DriftConfig.DEFAULTS, 0.30, 5, HealConfig.reference(), 0, false, 0.2, 200, 20, 0.02,
                1000, 0.5, 5, 0.08, 0.10, 64, 1, 100_000, 50, HealingStrategy.reference());
    }

    /** This configuration with the live overrides a state carries (from `thresholds` commands). */
    public HealerConfig withOverrides(HealerState s) {
        DriftConfig d = Double.isNaN(s.overrideFidiThreshold) ? drift
                : new DriftConfig(new dev.selfheal.drift.FidiConfig(drift.fidi().window(), drift.fidi().warmup(),
                        s.overrideFidiThreshold), drift.psiThreshold(), drift.alpha());
        return new HealerConfig(d, conflictProb, s.overrideConflictMin >= 0 ? s.overrideConflictMin : conflictMin, heal,
                cooldownBatches, manualApproval, holdbackShare, validationPool, validationMinSamples,
                validationTolerance, maxNorm, maxLossIncrease,
                s.overrideHealthWindow > 0 ? s.overrideHealthWindow : healthWindow,
                Double.isNaN(s.overrideRollbackF1Drop) ? rollbackF1Drop : s.overrideRollbackF1Drop,
                Double.isNaN(s.overrideRollbackAccDrop) ? rollbackAccDrop : s.overrideRollbackAccDrop,
                maxSnapshots, shadowVersion, pendingMax, pendingTtlBatches, strategy);
    }

    public HealerConfig withStrategy(HealingStrategy st) {
        return new HealerConfig(drift, conflictProb, conflictMin, heal, cooldownBatches, manualApproval, holdbackShare,
                validationPool, validationMinSamples, validationTolerance, maxNorm, maxLossIncrease, healthWindow,
                rollbackF1Drop, rollbackAccDrop, maxSnapshots, shadowVersion, pendingMax, pendingTtlBatches, st);
    }

    public HealerConfig withRollback(double f1Drop, double accDrop) {
        return new HealerConfig(drift, conflictProb, conflictMin, heal, cooldownBatches, manualApproval, holdbackShare,
                validationPool, validationMinSamples, validationTolerance, maxNorm, maxLossIncrease, healthWindow,
                f1Drop, accDrop, maxSnapshots, shadowVersion, pendingMax, pendingTtlBatches, strategy);
    }

    public HealerConfig withHeal(HealConfig h) {
        return new HealerConfig(drift, conflictProb, conflictMin, h, cooldownBatches, manualApproval, holdbackShare,
                validationPool, validationMinSamples, validationTolerance, maxNorm, maxLossIncrease, healthWindow,
                rollbackF1Drop, rollbackAccDrop, maxSnapshots, shadowVersion, pendingMax, pendingTtlBatches, strategy);
    }

    public HealerConfig withValidationTolerance(double tolerance) {
        return new HealerConfig(drift, conflictProb, conflictMin, heal, cooldownBatches, manualApproval, holdbackShare,
                validationPool, validationMinSamples, tolerance, maxNorm, maxLossIncrease, healthWindow,
                rollbackF1Drop, rollbackAccDrop, maxSnapshots, shadowVersion, pendingMax, pendingTtlBatches, strategy);
    }

    public HealerConfig withMaxSnapshots(int max) {
        return new HealerConfig(drift, conflictProb, conflictMin, heal, cooldownBatches, manualApproval, holdbackShare,
                validationPool, validationMinSamples, validationTolerance, maxNorm, maxLossIncrease, healthWindow,
                rollbackF1Drop, rollbackAccDrop, max, shadowVersion, pendingMax, pendingTtlBatches, strategy);
    }
}
