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
        DriftConfig d = new DriftConfig(new FidiConfig(c.get(Settings.FIDI_WINDOW), c.get(Settings.FIDI_WARMUP),
                c.get(Settings.FIDI_THRESHOLD)), DriftConfig.DEFAULTS.psiThreshold(), DriftConfig.DEFAULTS.alpha());
        HealConfig h = new HealConfig(c.get(Settings.HEAL_STEPS), c.get(Settings.HEAL_LR), c.get(Settings.HEAL_ALPHA),
                c.get(Settings.HEAL_LAMBDA), c.get(Settings.HEAL_ENTROPY));
        return new HealerConfig(d, c.get(Settings.CONFLICT_PROB), c.get(Settings.CONFLICT_MIN), h,
                c.get(Settings.HEAL_COOLDOWN), "manual".equals(c.get(Settings.HEAL_APPROVAL)),
                c.get(Settings.VALIDATE_HOLDBACK), c.get(Settings.VALIDATE_POOL), c.get(Settings.VALIDATE_MIN_SAMPLES),
                c.get(Settings.VALIDATE_TOLERANCE), c.get(Settings.VALIDATE_MAX_NORM),
                c.get(Settings.VALIDATE_MAX_LOSS_INCREASE), c.get(Settings.HEALTH_WINDOW),
                c.get(Settings.ROLLBACK_F1_DROP), c.get(Settings.ROLLBACK_ACC_DROP),
                c.get(Settings.REGISTRY_MAX_SNAPSHOTS), c.get(Settings.SHADOW_VERSION), c.get(Settings.PENDING_MAX),
                c.get(Settings.PENDING_TTL_BATCHES), strategy(c), inputPath(c), signals(c), repair(c));
    }

    /** The label-free concept signals: on in our profile, off in the reference's unless set explicitly. */
    public static SignalConfig signals(JobConfig c) {
        boolean profileOn = !"reference".equals(c.get(Settings.PROFILE));
        return new SignalConfig(pick(c, Settings.SIGNALS, profileOn), c.get(Settings.SIGNALS_WINDOW),
                c.get(Settings.SIGNALS_FALSE_ALARM_RATE), c.get(Settings.SIGNALS_MIN_ROWS));
    }

    /** Lineage repair: on in our profile, off in the reference's unless set explicitly. */
    public static RepairConfig repair(JobConfig c) {
        boolean profileOn = !"reference".equals(c.get(Settings.PROFILE));
        return new RepairConfig(pick(c, Settings.REPAIR, profileOn), RepairConfig.parseSteps(c.get(Settings.REPAIR_STEPS)),
                c.get(Settings.REPAIR_ANCESTORS));
    }

    /** The input-path remedy: on in our profile, off in the reference's unless set explicitly. */
    public static InputPathConfig inputPath(JobConfig c) {
        boolean profileOn = !"reference".equals(c.get(Settings.PROFILE));
        return new InputPathConfig(pick(c, Settings.INPUT_PATH, profileOn), c.get(Settings.INPUT_PATH_WINDOW),
                c.get(Settings.INPUT_PATH_MIN_ROWS), c.get(Settings.INPUT_PATH_LAMBDA),
                c.get(Settings.INPUT_PATH_SQUARES), c.get(Settings.INPUT_PATH_SIGNIFICANCE),
                c.get(Settings.INPUT_PATH_ACCEPT_Z), c.get(Settings.INPUT_PATH_FOLDS));
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
        HealingStrategy p = "reference".equals(c.get(Settings.PROFILE)) ? HealingStrategy.reference()
                : HealingStrategy.selfheal();
        return new HealingStrategy(
                pick(c, Settings.RECALIBRATE, p.recalibrate()),
                pick(c, Settings.RECALIBRATE_WINDOW, p.recalibrateWindow()),
                pick(c, Settings.RECALIBRATE_MIN_SHIFT, p.minShiftSigmas()),
                pick(c, Settings.RECALIBRATE_MAX_STD_RATIO, p.maxStdRatio()),
                pick(c, Settings.PLATT, p.platt()),
                pick(c, Settings.PLATT_POOL, p.plattPool()),
                pick(c, Settings.RULES_ON_CALIBRATED, p.rulesOnCalibrated()),
                pick(c, Settings.LABEL_GATE, p.labelGate()),
                pick(c, Settings.LABEL_GATE_MARGIN, p.labelGateMargin()),
                pick(c, Settings.HEAL_ADAPTER, p.adapterHeal()),
                pick(c, Settings.HEAL_MIN_LABELLED, p.minLabelled()),
                c.isExplicit(Settings.VALIDATE_METRIC) ? "accuracy".equals(c.get(Settings.VALIDATE_METRIC))
                        : p.validateOnAccuracyOnly(),
                pick(c, Settings.HEALTH_MIN_ROWS, p.healthMinRows()),
                pick(c, Settings.RESCORE_TARGETS, p.rescoreTargets()),
                pick(c, Settings.RESCORE_LEVEL, p.rescoreLevel()),
                pick(c, Settings.COST_FP, p.costFp()),
                pick(c, Settings.COST_FN, p.costFn()));
    }

    private static <T> T pick(JobConfig c, Setting<T> s, T profileValue) {
        return c.isExplicit(s) ? c.get(s) : profileValue;
    }
}
