package dev.selfheal.job.config;

import dev.selfheal.drift.DriftConfig;
import dev.selfheal.drift.FidiConfig;
import dev.selfheal.healer.HealerConfig;
import dev.selfheal.healer.HealerLimits;
import dev.selfheal.healer.HealingStrategy;
import dev.selfheal.healer.InputPathConfig;
import dev.selfheal.healer.RepairConfig;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.HealConfig;
import dev.selfheal.signals.SignalConfig;

/**
 * Maps the job's flat settings onto the healer's typed configuration. The profile is already in the
 * values {@link JobConfig#get} gives, so nothing here depends on which profile runs.
 */
public final class HealerConfigs {
    private HealerConfigs() {}

    public static HealerConfig from(JobConfig c) {
        FidiConfig fidi = new FidiConfig(c.get(DriftSettings.FIDI_WINDOW), c.get(DriftSettings.FIDI_WARMUP),
                c.get(DriftSettings.FIDI_THRESHOLD));
        DriftConfig d = new DriftConfig(fidi, DriftConfig.DEFAULTS.psiThreshold(), DriftConfig.DEFAULTS.alpha());
        HealConfig h = new HealConfig(c.get(HealSettings.STEPS), c.get(HealSettings.LR), c.get(HealSettings.ALPHA),
                c.get(HealSettings.LAMBDA), c.get(HealSettings.ENTROPY));
        return new HealerConfig(d, c.get(DriftSettings.CONFLICT_PROB), c.get(DriftSettings.CONFLICT_MIN), h,
                c.get(HealSettings.COOLDOWN), "manual".equals(c.get(HealSettings.APPROVAL)),
                c.get(ValidateSettings.HOLDBACK), c.get(ValidateSettings.POOL), c.get(ValidateSettings.MIN_SAMPLES),
                c.get(ValidateSettings.TOLERANCE), c.get(ValidateSettings.MAX_NORM),
                c.get(ValidateSettings.MAX_LOSS_INCREASE), c.get(HealthSettings.WINDOW),
                c.get(HealthSettings.ROLLBACK_F1_DROP), c.get(HealthSettings.ROLLBACK_ACC_DROP),
                c.get(RegistrySettings.MAX_SNAPSHOTS), c.get(RegistrySettings.SHADOW_VERSION),
                c.get(LabelSettings.PENDING_MAX), c.get(LabelSettings.TTL_BATCHES), strategy(c), inputPath(c),
                signals(c), repair(c), limits(c));
    }

    /** How much evidence remedies and the label gate need. */
    public static HealerLimits limits(JobConfig c) {
        return new HealerLimits(c.get(CalibrationSettings.PLATT_MIN_POOL),
                c.get(CalibrationSettings.RECALIBRATE_MIN_CHANGE), c.get(LabelSettings.GATE_MIN_ROWS),
                c.get(LabelSettings.GATE_MIN_HISTORY), c.get(LabelSettings.GATE_STABLE_CHANGE));
    }

    /** The label-free concept signals. */
    public static SignalConfig signals(JobConfig c) {
        return new SignalConfig(c.get(SignalSettings.ENABLED), c.get(SignalSettings.WINDOW),
                c.get(SignalSettings.FALSE_ALARM_RATE), c.get(SignalSettings.MIN_ROWS));
    }

    /** Lineage repair and recall. */
    public static RepairConfig repair(JobConfig c) {
        return new RepairConfig(c.get(RepairSettings.ENABLED), RepairConfig.parseSteps(c.get(RepairSettings.STEPS)),
                c.get(RepairSettings.ANCESTORS), c.get(RepairSettings.RECALL), c.get(RepairSettings.RECALL_VERSIONS),
                c.get(RepairSettings.RECALL_LEVEL));
    }

    /** The input-path remedy. */
    public static InputPathConfig inputPath(JobConfig c) {
        return new InputPathConfig(c.get(InputPathSettings.ENABLED), c.get(InputPathSettings.WINDOW),
                c.get(InputPathSettings.MIN_ROWS), c.get(InputPathSettings.LAMBDA), c.get(InputPathSettings.SQUARES),
                c.get(InputPathSettings.SIGNIFICANCE), c.get(InputPathSettings.ACCEPT_Z),
                c.get(InputPathSettings.FOLDS), c.get(InputPathSettings.LINEAR_SHAPES),
                c.get(InputPathSettings.LINK), c.get(InputPathSettings.CROSS_VALIDATED_JUDGE),
                c.get(InputPathSettings.UNITS), c.get(InputPathSettings.NEWER_ROWS));
    }

    /**
     * The configuration as it applies to one model. Without rules the heal loss has no rule term:
     * every row's rule label would read "normal", and the term would pull every score towards it.
     */
    public static HealerConfig forModel(HealerConfig c, FraudModel model) {
        if (model.rules() != null && !model.rules().isBlank()) {
            return c;
        }
        HealConfig h = c.heal();
        return c.withHeal(new HealConfig(h.steps(), h.learningRate(), h.alpha(), 0, h.entropy()));
    }

    /** The remedies and their parameters. */
    public static HealingStrategy strategy(JobConfig c) {
        HealingStrategy.Builder b = new HealingStrategy.Builder();
        b.recalibrate = c.get(CalibrationSettings.RECALIBRATE_ENABLED);
        b.recalibrateWindow = c.get(CalibrationSettings.RECALIBRATE_WINDOW);
        b.minShiftSigmas = c.get(CalibrationSettings.RECALIBRATE_MIN_SHIFT);
        b.maxStdRatio = c.get(CalibrationSettings.RECALIBRATE_MAX_STD_RATIO);
        b.platt = c.get(CalibrationSettings.PLATT_ENABLED);
        b.plattPool = c.get(CalibrationSettings.PLATT_POOL);
        b.rulesOnCalibrated = c.get(CalibrationSettings.RULES_ON_CALIBRATED);
        b.labelGate = c.get(LabelSettings.GATE);
        b.labelGateMargin = c.get(LabelSettings.GATE_MARGIN);
        b.labelGateConceptLevel = c.get(LabelSettings.GATE_CONCEPT_LEVEL);
        b.labelGatePool = c.get(LabelSettings.GATE_POOL);
        b.labelGatePoolLikelihood = c.get(LabelSettings.GATE_POOL_LIKELIHOOD);
        b.adapterHeal = c.get(HealSettings.ADAPTER);
        b.minLabelled = c.get(HealSettings.MIN_LABELLED);
        b.validateOnAccuracyOnly = "accuracy".equals(c.get(ValidateSettings.METRIC));
        b.healthMinRows = c.get(HealthSettings.MIN_ROWS);
        b.rescoreTargets = c.get(HealthSettings.ROLLBACK_RESCORE_TARGETS);
        b.rescoreLevel = c.get(HealthSettings.ROLLBACK_RESCORE_LEVEL);
        b.costFp = c.get(DecisionSettings.COST_FP);
        b.costFn = c.get(DecisionSettings.COST_FN);
        return b.build();
    }
}
