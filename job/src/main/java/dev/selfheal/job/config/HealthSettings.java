package dev.selfheal.job.config;

/**
 * The health window of the served adapter and when it is rolled back. Keys {@code health.*} and
 * {@code rollback.*}.
 */
public final class HealthSettings {
    private HealthSettings() {}

    public static final Setting<Integer> WINDOW = Setting.integer("health.window", 5, 1, 10_000,
            "Batches in the health window.");
    public static final Setting<Integer> MIN_ROWS = Setting.integer("health.min-rows", 20, 0, 1_000_000,
            "Labelled rows one health-window entry needs (small batches are pooled); 0 = every batch alone.");
    public static final Setting<Double> ROLLBACK_F1_DROP = Setting.number("rollback.f1-drop", 0.08, 0, 1,
            "Roll back when mean F1 over the health window falls this far below the baseline.");
    public static final Setting<Double> ROLLBACK_ACC_DROP = Setting.number("rollback.acc-drop", 0.10, 0, 1,
            "... or mean accuracy this far.");
    public static final Setting<Boolean> ROLLBACK_RESCORE_TARGETS = Setting.flag("rollback.rescore-targets", true,
            "Before a rollback, re-score candidate targets on recent held-back rows; roll back only to a better one.");
    public static final Setting<Double> ROLLBACK_RESCORE_LEVEL = Setting.number("rollback.rescore-level", 0.05, 1e-9, 1,
            "How sure \"better\" must be: the target's held-back log loss, paired by row with the served "
                    + "adapter's, must be lower at this level (one-sided z-test; 1 = any accuracy gain will do).");
}
