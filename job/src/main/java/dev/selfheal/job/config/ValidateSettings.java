package dev.selfheal.job.config;

/**
 * How a candidate adapter is judged before it is served. Keys {@code validate.*}.
 */
public final class ValidateSettings {
    private ValidateSettings() {}

    public static final Setting<String> METRIC = Setting.choice("validate.metric", "accuracy",
            "What a candidate must not lose on held-back rows: accuracy (expected cost), or accuracy and F1.",
            "accuracy", "accuracy+f1");
    public static final Setting<Double> HOLDBACK = Setting.number("validate.holdback", 0.2, 0, 0.9,
            "Share of labelled rows held back from training to judge candidates on (deterministic by id).");
    public static final Setting<Integer> POOL = Setting.integer("validate.pool", 200, 1, 1_000_000,
            "Most recent held-back rows kept for validation.");
    public static final Setting<Integer> MIN_SAMPLES = Setting.integer("validate.min-samples", 20, 0,
            1_000_000, "Fewer held-back rows than this: the comparison is skipped (and says so).");
    public static final Setting<Double> TOLERANCE = Setting.number("validate.tolerance", 0.02, 0, 1,
            "A candidate worse than the current adapter by more than this (accuracy or F1) is rejected.");
    public static final Setting<Double> MAX_NORM = Setting.positive("validate.max-norm", 1000, 1e12,
            "Largest allowed L2 norm of an adapter.");
    public static final Setting<Double> MAX_LOSS_INCREASE = Setting.number("validate.max-loss-increase", 0.5,
            0, 1e9, "A heal whose loss on its own batch rises by more than this is rejected.");
}
