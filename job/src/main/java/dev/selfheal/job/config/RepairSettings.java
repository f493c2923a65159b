package dev.selfheal.job.config;

/**
 * Lineage repair before a rollback. Keys {@code repair.*}.
 */
public final class RepairSettings {
    private RepairSettings() {}

    public static final Setting<Boolean> ENABLED = Setting.flag("repair.enabled", true,
            "Lineage repair: when a rollback is due, first try a partial step from the served adapter toward its "
                    + "nearest healthy ancestor, validated like any candidate (the reference profile has it off).");
    public static final Setting<String> STEPS = Setting.text("repair.steps", "0.25,0.5,0.75",
            "Step sizes (each in (0,1)) lineage repair tries toward the ancestor; the full step is the rollback.");
    public static final Setting<Integer> ANCESTORS = Setting.integer("repair.ancestors", 8, 1, 1000,
            "Nearest distinct ancestors of the served adapter lineage repair scores to find the healthiest.");
}
