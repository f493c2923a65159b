package dev.selfheal.job.config;

import dev.selfheal.drift.DriftConfig;
import dev.selfheal.drift.FidiConfig;
import dev.selfheal.healer.HealerConfig;
import dev.selfheal.healer.HealingStrategy;
import dev.selfheal.healer.InputPathConfig;
import dev.selfheal.healer.RepairConfig;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.HealConfig;
import dev.selfheal.signals.SignalConfig;

/** Maps the job's flat settings onto the healer's typed configuration. */
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
                signals(c), repair(c));
    }

    /** The label-free concept signals: on in our profile, off in the reference's unless set explicitly. */
    public static SignalConfig signals(JobConfig c) {
        boolean profileOn = !"reference".equals(c.get(ProfileSettings.PROFILE));
        return new SignalConfig(pick(c, SignalSettings.ENABLED, profileOn), c.get(SignalSettings.WINDOW),
                c.get(SignalSettings.FALSE_ALARM_RATE), c.get(SignalSettings.MIN_ROWS));
    }

    /** Lineage repair: on in our profile, off in the reference's unless set explicitly. */
    public static RepairConfig repair(JobConfig c) {
        boolean profileOn = !"reference".equals(c.get(ProfileSettings.PROFILE));
        return new RepairConfig(pick(c, RepairSettings.ENABLED, profileOn),
                RepairConfig.parseSteps(c.get(RepairSettings.STEPS)), c.get(RepairSettings.ANCESTORS));
    }

    /** The input-path remedy: on in our profile, off in the reference's unless set explicitly. */
    public static InputPathConfig inputPath(JobConfig c) {
        boolean profileOn = !"reference".equals(c.get(ProfileSettings.PROFILE));
        return new InputPathConfig(pick(c, InputPathSettings.ENABLED, profileOn), c.get(InputPathSettings.WINDOW),
                c.get(InputPathSettings.MIN_ROWS), c.get(InputPathSettings.LAMBDA),
                c.get(InputPathSettings.SQUARES), c.get(InputPathSettings.SIGNIFICANCE),
                c.get(InputPathSettings.ACCEPT_Z), c.get(InputPathSettings.FOLDS));
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

    /** The profile's remedies, with any explicitly set key taking precedence. */
    public static HealingStrategy strategy(JobConfig c) {
        HealingStrategy p = "reference".equals(c.get(ProfileSettings.PROFILE)) ? HealingStrategy.reference()
                : HealingStrategy.selfheal();
        return new HealingStrategy(
                pick(c, CalibrationSettings.RECALIBRATE_ENABLED, p.recalibrate()),
                pick(c, CalibrationSettings.RECALIBRATE_WINDOW, p.recalibrateWindow()),
                pick(c, CalibrationSettings.RECALIBRATE_MIN_SHIFT, p.minShiftSigmas()),
                pick(c, CalibrationSettings.RECALIBRATE_MAX_STD_RATIO, p.maxStdRatio()),
                pick(c, CalibrationSettings.PLATT_ENABLED, p.platt()),
                pick(c, CalibrationSettings.PLATT_POOL, p.plattPool()),
                pick(c, CalibrationSettings.RULES_ON_CALIBRATED, p.rulesOnCalibrated()),
                pick(c, LabelSettings.GATE, p.labelGate()),
                pick(c, LabelSettings.GATE_MARGIN, p.labelGateMargin()),
                pick(c, HealSettings.ADAPTER, p.adapterHeal()),
                pick(c, HealSettings.MIN_LABELLED, p.minLabelled()),
                c.isExplicit(ValidateSettings.METRIC) ? "accuracy".equals(c.get(ValidateSettings.METRIC))
                        : p.validateOnAccuracyOnly(),
                pick(c, HealthSettings.MIN_ROWS, p.healthMinRows()),
                pick(c, HealthSettings.ROLLBACK_RESCORE_TARGETS, p.rescoreTargets()),
                pick(c, HealthSettings.ROLLBACK_RESCORE_LEVEL, p.rescoreLevel()),
                pick(c, DecisionSettings.COST_FP, p.costFp()),
                pick(c, DecisionSettings.COST_FN, p.costFn()));
    }

    private static <T> T pick(JobConfig c, Setting<T> s, T profileValue) {
        return c.isExplicit(s) ? c.get(s) : profileValue;
    }
}
