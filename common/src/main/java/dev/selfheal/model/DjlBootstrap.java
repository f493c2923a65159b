package dev.selfheal.model;

import java.nio.file.Path;

/**
 * Sets the process-wide DJL switches before any DJL class is loaded. Every entry point (CLI, Flink
 * job main, operators' open()) calls {@link #init()} first: DJL reads these once, in static
 * initialisers, and would otherwise phone home for telemetry and start one intra-op thread per core.
 */
public final class DjlBootstrap {
    private static volatile boolean done;

    private DjlBootstrap() {}

    public static void init() {
        if (done) {
            return;
        }
        synchronized (DjlBootstrap.class) {
            if (done) {
                return;
            }
            setIfAbsent("ai.djl.offline", "true");
            // Flink slots are our parallelism; intra-op threads would oversubscribe the cores.
            setIfAbsent("ai.djl.pytorch.num_threads", "1");
            setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
            setIfAbsent("ai.djl.default_engine", "PyTorch");
            String cache = System.getenv("DJL_CACHE_DIR");
            if (cache == null || cache.isBlank()) {
                cache = Path.of(System.getProperty("java.io.tmpdir"), "selfheal-djl-cache").toString();
            }
            setIfAbsent("DJL_CACHE_DIR", cache);
            setIfAbsent("ENGINE_CACHE_DIR", cache);
            done = true;
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
