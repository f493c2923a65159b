package dev.selfheal.job.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key the job understands, with defaults and descriptions. The defaults are
 * the reference's (DESIGN §3) unless a line says otherwise; a profile may override them.
 */
public final class Settings {
    private Settings() {}

    // Where things are (for `run`; `demo` and `experiment` set them themselves)
    public static final Setting<String> MODEL_DIR = Setting.text("model.dir", "",
            "Model directory written by `train` (manifest.json and weight files).");
    public static final Setting<String> INPUT_TRANSACTIONS = Setting.text("input.transactions", "",
            "Transactions: a CSV file or directory of them, read in order, or generator:SCENARIO[:SEED[:COUNT]].");
    public static final Setting<Double> INPUT_RATE = Setting.number("input.rate", 0, 0, 1e9,
            "Events per second for the generator source (input.transactions: generator:SCENARIO[:SEED[:COUNT]]); 0 = unthrottled.");
    public static final Setting<String> INPUT_LABELS = Setting.text("input.labels", "",
            "Labels arriving later (id,label[,ts]); empty = labels from the transactions' label column.");
    public static final Setting<String> INPUT_CONTROL = Setting.text("input.control", "",
            "Control commands (JSON lines): a file path, or socket:HOST:PORT; empty = none.");
    public static final Setting<String> OUTPUT_DIR = Setting.text("output.dir", "",
            "Directory for scored events, metrics, audit events and dead letters (exactly-once file sinks).");
    public static final Setting<String> PROMETHEUS_PORT = Setting.text("metrics.prometheus.port", "9249-9260",
            "Port (or range) of the Prometheus reporter; empty disables it.");
    public static final Setting<String> PROMETHEUS_HOST = Setting.text("metrics.prometheus.host", "127.0.0.1",
            "Address the Prometheus reporter binds to.");

    // Streaming and scoring
    public static final Setting<Integer> PARALLELISM = Setting.integer("parallelism", 2, 1, 1024,
            "Parallelism of PROFILE, SCORE and HEAL.");
    public static final Setting<Integer> SCORE_BATCH_SIZE = Setting.integer("score.batch-size", 256, 1, 65536,
            "Records per DJL call in SCORE; a micro-batch is flushed when full.");
    public static final Setting<Long> SCORE_FLUSH_MS = Setting.longValue("score.flush-ms", 5, 1, 60_000,
            "A partial micro-batch is flushed after this many ms, bounding scoring latency.");
    public static final Setting<String> SCORE_KERNEL = Setting.choice("score.kernel", "auto",
            "SCORE's engine: vector (Java Vector API; needs the JVM flag --add-modules jdk.incubator.vector), "
                    + "djl (the reference), auto (vector when the JVM has the module, else djl).",
            "auto", "vector", "djl");
    public static final Setting<Double> SAMPLE_RATE = Setting.positive("sample.rate", 1.0, 1.0,
            "Share of transactions PROFILE forwards to HEAL (deterministic by id).");
    public static final Setting<Integer> BATCH_SIZE = Setting.integer("batch.size", 100, 1, 1_000_000,
            "Rows per heal batch when the input has no batch column.");
    public static final Setting<Long> CHECKPOINT_INTERVAL_MS = Setting.longValue("checkpoint.interval-ms", 2000, 100,
            3_600_000, "Checkpoint interval (RocksDB, incremental).");

    // Drift detection
    public static final Setting<String> FIDI_FEATURE = Setting.text("fidi.feature", "",
            "Key feature for the FIDI z-score; empty = the model's key feature.");
    public static final Setting<Integer> FIDI_WINDOW = Setting.integer("fidi.window", 10, 1, 10_000,
            "Batches in the FIDI rolling mean.");
    public static final Setting<Integer> FIDI_WARMUP = Setting.integer("fidi.warmup", 3, 0, 10_000,
            "FIDI counts drift from this batch on.");
    public static final Setting<Double> FIDI_THRESHOLD = Setting.positive("fidi.threshold", 1.0, 1000,
            "Drifting when the FIDI z-score exceeds this.");
    public static final Setting<Double> CONFLICT_PROB = Setting.number("conflict.prob", 0.30, 0, 1,
            "A conflict is a row the model scores below this while a rule says fraud.");
    public static final Setting<Integer> CONFLICT_MIN = Setting.integer("conflict.min", 5, 0, 1_000_000,
            "Heal when at least this many conflicts are in a batch (or when drifting).");

    // Healing
    public static final Setting<Integer> HEAL_STEPS = Setting.integer("heal.steps", 5, 1, 10_000,
            "Adam steps per heal, on the adapter only.");
    public static final Setting<Double> HEAL_LR = Setting.positive("heal.lr", 0.003, 10,
            "Adam learning rate of a heal (optimizer state is kept across heals).");
    public static final Setting<Double> HEAL_ALPHA = Setting.number("heal.alpha", 0.70, 0, 1,
            "Weight of the labelled BCE term; (1-alpha)*lambda weighs the rule term.");
    public static final Setting<Double> HEAL_LAMBDA = Setting.number("heal.lambda", 0.80, 0, 100,
            "Weight of the rule (weak supervision) term inside (1-alpha).");
    public static final Setting<Double> HEAL_ENTROPY = Setting.number("heal.entropy", 0.03, 0, 100,
            "Weight of the entropy term.");
    public static final Setting<Integer> HEAL_COOLDOWN = Setting.integer("heal.cooldown", 0, 0, 1_000_000,
            "Batches to wait after a heal before the next one.");
    public static final Setting<String> HEAL_APPROVAL = Setting.choice("heal.approval", "auto",
            "auto: accepted candidates are served at once; manual: they wait for an approve command.",
            "auto", "manual");

    // Validation of candidates
    public static final Setting<Double> VALIDATE_HOLDBACK = Setting.number("validate.holdback", 0.2, 0, 0.9,
            "Share of labelled rows held back from training to judge candidates on (deterministic by id).");
    public static final Setting<Integer> VALIDATE_POOL = Setting.integer("validate.pool", 200, 1, 1_000_000,
            "Most recent held-back rows kept for validation.");
    public static final Setting<Integer> VALIDATE_MIN_SAMPLES = Setting.integer("validate.min-samples", 20, 0,
            1_000_000, "Fewer held-back rows than this: the comparison is skipped (and says so).");
    public static final Setting<Double> VALIDATE_TOLERANCE = Setting.number("validate.tolerance", 0.02, 0, 1,
            "A candidate worse than the current adapter by more than this (accuracy or F1) is rejected.");
    public static final Setting<Double> VALIDATE_MAX_NORM = Setting.positive("validate.max-norm", 1000, 1e12,
            "Largest allowed L2 norm of an adapter.");
    public static final Setting<Double> VALIDATE_MAX_LOSS_INCREASE = Setting.number("validate.max-loss-increase", 0.5,
            0, 1e9, "A heal whose loss on its own batch rises by more than this is rejected.");

    // Health and rollback
    public static final Setting<Integer> HEALTH_WINDOW = Setting.integer("health.window", 5, 1, 10_000,
            "Batches in the health window.");
    public static final Setting<Double> ROLLBACK_F1_DROP = Setting.number("rollback.f1-drop", 0.08, 0, 1,
            "Roll back when mean F1 over the health window falls this far below the baseline.");
    public static final Setting<Double> ROLLBACK_ACC_DROP = Setting.number("rollback.acc-drop", 0.10, 0, 1,
            "... or mean accuracy this far.");
    public static final Setting<Integer> REGISTRY_MAX_SNAPSHOTS = Setting.integer("registry.max-snapshots", 64, 3,
            100_000, "Snapshots kept; the current, shadow and best post-heal versions are never evicted.");
    public static final Setting<Long> SHADOW_VERSION = Setting.longValue("shadow.version", 1, 1, Long.MAX_VALUE,
            "Adapter version the shadow scorer runs.");
    public static final Setting<Integer> PENDING_MAX = Setting.integer("labels.pending-max", 100_000, 1, 100_000_000,
            "Most samples kept waiting for their label; the oldest are dropped (and counted) beyond it.");
    public static final Setting<Integer> PENDING_TTL_BATCHES = Setting.integer("labels.ttl-batches", 50, 1, 1_000_000,
            "A sample waits this many heal batches for its label, then expires.");

    public static final List<Setting<?>> ALL = List.of(MODEL_DIR, INPUT_TRANSACTIONS, INPUT_RATE, INPUT_LABELS,
            INPUT_CONTROL, OUTPUT_DIR, PROMETHEUS_PORT, PROMETHEUS_HOST, PARALLELISM, SCORE_BATCH_SIZE, SCORE_FLUSH_MS, SCORE_KERNEL, SAMPLE_RATE,
            BATCH_SIZE, CHECKPOINT_INTERVAL_MS, FIDI_FEATURE, FIDI_WINDOW, FIDI_WARMUP, FIDI_THRESHOLD, CONFLICT_PROB,
            CONFLICT_MIN, HEAL_STEPS, HEAL_LR, HEAL_ALPHA, HEAL_LAMBDA, HEAL_ENTROPY, HEAL_COOLDOWN, HEAL_APPROVAL,
            VALIDATE_HOLDBACK, VALIDATE_POOL, VALIDATE_MIN_SAMPLES, VALIDATE_TOLERANCE, VALIDATE_MAX_NORM,
            VALIDATE_MAX_LOSS_INCREASE, HEALTH_WINDOW, ROLLBACK_F1_DROP, ROLLBACK_ACC_DROP, REGISTRY_MAX_SNAPSHOTS,
            SHADOW_VERSION, PENDING_MAX, PENDING_TTL_BATCHES);

    public static Map<String, Setting<?>> byKey() {
        Map<String, Setting<?>> m = new LinkedHashMap<>();
        for (Setting<?> s : ALL) {
            m.put(s.key(), s);
        }
        return m;
    }
}
