package dev.selfheal.job.config;

/**
 * Lineage repair before a rollback, and recall of an earlier version the newest labels prefer. Keys
 * {@code repair.*}.
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
    public static final Setting<Boolean> RECALL = Setting.flag("repair.recall", true,
            "Recall: serve an earlier version again when, on the newest labelled rows it never trained on, it "
                    + "decides significantly more rows right than the served version and has the lower log loss (a "
                    + "concept that came back; the reference profile has it off).");
    public static final Setting<Integer> RECALL_VERSIONS = Setting.integer("repair.recall-versions", 8, 1, 1000,
            "Newest distinct earlier versions (heal results, the deployed model, manual snapshots) recall scores.");
    public static final Setting<Double> RECALL_LEVEL = Setting.number("repair.recall-level", 1e-3, 1e-300, 0.49,
            "One-sided level of recall's sign test on the rows only one of the two versions decides right, divided "
                    + "among the versions and row counts tried; it repeats every batch with new labels, hence small.");
}
