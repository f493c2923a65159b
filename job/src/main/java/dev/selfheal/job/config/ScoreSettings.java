package dev.selfheal.job.config;

/**
 * SCORE's micro-batches, engine and routing. Keys {@code score.*}; also the unprefixed
 * {@code parallelism} of the job's operators, which SCORE's throughput depends on most.
 */
public final class ScoreSettings {
    private ScoreSettings() {}

    public static final Setting<Integer> PARALLELISM = Setting.integer("parallelism", 2, 1, 1024,
            "Parallelism of PROFILE, SCORE and HEAL.");
    public static final Setting<Integer> BATCH_SIZE = Setting.integer("score.batch-size", 256, 1, 65536,
            "Records per kernel call in SCORE; a micro-batch is flushed when full.");
    public static final Setting<Integer> MAX_BATCH_SIZE = Setting.integer("score.max-batch-size", 4096, 1,
            65536, "With many models on a scorer the micro-batch grows from score.batch-size to about four rows per "
                    + "distinct adapter in it, at most this many, so each adapter's weights are loaded once per "
                    + "several rows; at or below score.batch-size, batches stay fixed. score.flush-ms still bounds "
                    + "a row's wait.");
    public static final Setting<Long> FLUSH_MS = Setting.longValue("score.flush-ms", 5, 1, 60_000,
            "A partial micro-batch is flushed after this many ms, bounding scoring latency.");
    public static final Setting<String> KERNEL = Setting.choice("score.kernel", "auto",
            "Engine of SCORE and of HEAL's evaluations (training is DJL's): vector (Java Vector API; needs the "
                    + "JVM flag --add-modules jdk.incubator.vector), djl (the reference), auto (vector when the JVM "
                    + "has the module, else djl). A model whose backbone is an imported TorchScript module that is not "
                    + "a chain of Linear layers is scored by djl whatever this says.",
            "auto", "vector", "djl");
    public static final Setting<String> ROUTE_BY = Setting.choice("score.route-by", "account",
            "How transactions are spread over SCORE's subtasks: account (the key column; even for any number of "
                    + "models) or model (each subtask scores only its share of the models, so with many models "
                    + "their adapters stay in cache; uneven when few models carry most of the traffic).",
            "account", "model");
}
