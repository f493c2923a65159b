package dev.selfheal.job.config;

/**
 * Checkpoint interval and location. Keys {@code checkpoint.*}.
 */
public final class CheckpointSettings {
    private CheckpointSettings() {}

    public static final Setting<Long> INTERVAL_MS = Setting.longValue("checkpoint.interval-ms", 2000, 100,
            3_600_000, "Checkpoint interval (RocksDB, incremental).");
    public static final Setting<Integer> TOLERABLE_FAILURES = Setting.integer("checkpoint.tolerable-failures", 3, 0,
            1_000, "Failed checkpoints in a row the job rides out before it fails over. A checkpoint can fail "
                    + "now and then for no fault of the job (a task that finishes as it is triggered, such as the "
                    + "empty control input); exactly-once output only waits for the next one.");
    public static final Setting<String> DIR = Setting.text("checkpoint.dir", "",
            "Where `run` keeps checkpoints (file:///... or s3://...); empty = the cluster's "
                    + "execution.checkpointing.dir when the job is submitted to a cluster that sets one, else "
                    + "OUTPUT_DIR/checkpoints.");
}
