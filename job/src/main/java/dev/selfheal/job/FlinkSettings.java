package dev.selfheal.job;

import dev.selfheal.job.config.CheckpointSettings;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.MetricsSettings;
import dev.selfheal.job.config.ScoreSettings;
import org.apache.flink.configuration.Configuration;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flink settings the job always runs with: RocksDB with incremental checkpoints, a bounded restart
 * strategy (a failing job must not restart forever), the Prometheus reporter bound to a chosen
 * address, a short buffer timeout. Anything under {@code flink.} in the config file overrides them.
 */
public final class FlinkSettings {
    private FlinkSettings() {}

    public static Configuration of(JobConfig config, Path checkpointDir, Path rocksDbLocalDir, int restartAttempts) {
        return withCheckpointUri(config, checkpointDir == null ? null : checkpointDir.toUri().toString(),
                rocksDbLocalDir, restartAttempts);
    }

    /** @param checkpointDir a checkpoint directory URI (file:///..., s3://...), or null to set none */
    public static Configuration withCheckpointUri(JobConfig config, String checkpointDir, Path rocksDbLocalDir,
            int restartAttempts) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("state.backend.type", "rocksdb");
        m.put("execution.checkpointing.incremental", "true");
        m.put("execution.checkpointing.interval", config.get(CheckpointSettings.INTERVAL_MS) + " ms");
        m.put("execution.checkpointing.tolerable-failed-checkpoints",
                Integer.toString(config.get(CheckpointSettings.TOLERABLE_FAILURES)));
        if (checkpointDir != null) {
            m.put("execution.checkpointing.dir", checkpointDir);
        }
        if (rocksDbLocalDir != null) {
            m.put("state.backend.rocksdb.localdir", rocksDbLocalDir.toString());
        }
        if (restartAttempts > 0) {
            m.put("restart-strategy.type", "fixed-delay");
            m.put("restart-strategy.fixed-delay.attempts", Integer.toString(restartAttempts));
            m.put("restart-strategy.fixed-delay.delay", "200 ms");
        } else {
            m.put("restart-strategy.type", "none");
        }
        m.put("parallelism.default", Integer.toString(config.get(ScoreSettings.PARALLELISM)));
        // Adapters (33 KB, two network buffers) reach scorers without waiting for the 100 ms flusher;
        // no throughput cost was measured (docs/adr/001-unaligned-checkpoints.md).
        m.put("execution.buffer-timeout.interval", "10 ms");
        // Chained operators hand records over without a copy. Safe here: no function keeps a
        // reference to an input past the call except SCORE's buffer and HEAL's state, and both get
        // their records from the network (always fresh objects). Measured in `bench`.
        m.put("pipeline.object-reuse", "true");
        // Backpressure (a slow sink for minutes): an aligned barrier waits behind every full network
        // buffer, holding back checkpoints and everything behind them, adapter updates included.
        // Buffer debloating bounds in-flight data to ~1 s of throughput (memory and barrier delay);
        // unaligned checkpoints from the start let barriers overtake it (measurements:
        // docs/adr/001-unaligned-checkpoints.md). The cost is on recovery: in-flight records are
        // restored before later watermarks, which HEAL's event-time batch closing tolerates — the
        // recovery test (same heals after an injected failure) passes with it. Savepoints stay aligned.
        m.put("taskmanager.network.memory.buffer-debloat.enabled", "true");
        m.put("execution.checkpointing.unaligned.enabled", "true");
        m.put("execution.checkpointing.aligned-checkpoint-timeout", "0 s");
        String port = config.get(MetricsSettings.PROMETHEUS_PORT);
        if (port != null && !port.isBlank()) {
            // Flink's own factory ignores .host and listens on every interface; ours binds the address given.
            m.put("metrics.reporter.prom.factory.class",
                    "org.apache.flink.metrics.prometheus.LoopbackPrometheusReporterFactory");
            m.put("metrics.reporter.prom.port", port);
            m.put("metrics.reporter.prom.host", config.get(MetricsSettings.PROMETHEUS_HOST));
        }
        m.put("rest.bind-address", "127.0.0.1");
        m.put("rest.address", "127.0.0.1");
        m.putAll(config.flinkSettings());
        return Configuration.fromMap(m);
    }
}
