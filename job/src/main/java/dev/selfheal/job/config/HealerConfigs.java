package dev.selfheal.job.config;

import dev.selfheal.drift.DriftConfig;
import dev.selfheal.drift.FidiConfig;
import dev.selfheal.healer.HealerConfig;
import dev.selfheal.model.HealConfig;

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
                c.get(Settings.PENDING_TTL_BATCHES));
    }
}
