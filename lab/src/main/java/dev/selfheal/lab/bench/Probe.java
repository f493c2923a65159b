package dev.selfheal.lab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the benchmark's sinks observed in the job that is running now. The bench runs its jobs on
 * an embedded cluster in its own JVM, one at a time, so the sinks can report here directly.
 */
final class Probe {
    /** Latency histogram resolution: 1 ms buckets up to this, the last one open-ended. */
    static final int LATENCY_BUCKETS = 10_000;

    static final AtomicLong outputs = new AtomicLong();
    /** Events a drill's source emitted (see {@link PooledLines}). */
    static final AtomicLong sourced = new AtomicLong();
    static final AtomicLongArray latencyMs = new AtomicLongArray(LATENCY_BUCKETS);
    static final ConcurrentLinkedQueue<Double> healMs = new ConcurrentLinkedQueue<>();
    /** CPU time of HEAL's thread over the same heals (what is left of heal_ms without waiting). */
    static final ConcurrentLinkedQueue<Double> healCpuMs = new ConcurrentLinkedQueue<>();
    static final AtomicLong healBatches = new AtomicLong();
    /** model/version → {largest lag over subtasks so far, subtasks that applied it}. */
    static final Map<String, long[]> applied = new ConcurrentHashMap<>();

    private Probe() {}

    static void reset() {
        outputs.set(0);
        sourced.set(0);
        for (int i = 0; i < LATENCY_BUCKETS; i++) {
            latencyMs.set(i, 0);
        }
        healMs.clear();
        healCpuMs.clear();
        healBatches.set(0);
        applied.clear();
    }

    static void applied(String model, long version, long lagMs) {
        applied.compute(model + "/" + version, (k, v) -> {
            if (v == null) {
                return new long[] {lagMs, 1};
            }
            v[0] = Math.max(v[0], lagMs);
            v[1]++;
            return v;
        });
    }

    /** Propagation lags of the versions that every one of {@code subtasks} applied. */
    static List<Double> propagationMs(int subtasks) {
        List<Double> out = new ArrayList<>();
        for (long[] v : applied.values()) {
            if (v[1] >= subtasks) {
                out.add((double) v[0]);
            }
        }
        return out;
    }

    static long[] latencyHistogram() {
        long[] h = new long[LATENCY_BUCKETS];
        for (int i = 0; i < LATENCY_BUCKETS; i++) {
            h[i] = latencyMs.get(i);
        }
        return h;
    }
}
