package dev.selfheal.job.config;

/**
 * What HEAL sees and how the gradient heal of the adapter runs. Keys {@code heal.*}; also
 * {@code sample.rate} and {@code batch.size}, which keep keys of their own: they decide which rows
 * reach HEAL and in what batches.
 */
public final class HealSettings {
    private HealSettings() {}

    public static final Setting<Double> SAMPLE_RATE = Setting.positive("sample.rate", 1.0, 1.0,
            "Share of transactions PROFILE forwards to HEAL (deterministic by id).");
    public static final Setting<Integer> BATCH_SIZE = Setting.integer("batch.size", 100, 1, 1_000_000,
            "Rows per heal batch when the input has no batch column.");
    public static final Setting<Integer> STEPS = Setting.integer("heal.steps", 5, 1, 10_000,
            "Adam steps per heal, on the adapter only.");
    public static final Setting<Integer> THREAD_PRIORITY = Setting.integer("heal.thread-priority", 5, 1, 10,
            "Opt-in: Java priority of HEAL's task thread, so a heal does not wait behind the scorers for a core "
                    + "under full load; 5 (the default) leaves the thread as Flink made it. The OS sees it only "
                    + "when the TaskManager JVM runs with -XX:ThreadPriorityPolicy=1 (Linux: priority p is nice 5-p; "
                    + "above 5 also needs root or CAP_SYS_NICE). HEAL logs and exports (heal_thread_nice) what it got.");
    public static final Setting<Double> LR = Setting.positive("heal.lr", 0.003, 10,
            "Adam learning rate of a heal (optimizer state is kept across heals).");
    public static final Setting<Double> ALPHA = Setting.number("heal.alpha", 0.70, 0, 1,
            "Weight of the labelled BCE term; (1-alpha)*lambda weighs the rule term.");
    public static final Setting<Double> LAMBDA = Setting.number("heal.lambda", 0.80, 0, 100,
            "Weight of the rule (weak supervision) term inside (1-alpha).");
    public static final Setting<Double> ENTROPY = Setting.number("heal.entropy", 0.03, 0, 100,
            "Weight of the entropy term.");
    public static final Setting<Integer> COOLDOWN = Setting.integer("heal.cooldown", 0, 0, 1_000_000,
            "Batches to wait after a heal before the next one.");
    public static final Setting<String> APPROVAL = Setting.choice("heal.approval", "auto",
            "auto: accepted candidates are served at once; manual: they wait for an approve command.",
            "auto", "manual");
    public static final Setting<Boolean> ADAPTER = Setting.flag("heal.adapter", true,
            "Run the gradient heal on the adapter (the reference's only remedy).");
    public static final Setting<Integer> MIN_LABELLED = Setting.integer("heal.min-labelled", 20, 0, 1_000_000,
            "Labelled rows a supervised heal needs (0 = the reference: heal on rules and entropy alone).");
}
