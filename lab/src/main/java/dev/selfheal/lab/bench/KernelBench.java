package dev.selfheal.lab.bench;

import dev.selfheal.model.Adapter;
import dev.selfheal.model.ForwardPass;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ScoringKernel;
import dev.selfheal.model.ScoringKernels;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scoring kernel alone, in this thread (no Flink): healed + shadow forward pass of micro-batches
 * of raw rows, µs per record. Time is this thread's CPU time, not wall time: on a shared machine
 * other processes take the core away for whole milliseconds, which would be counted as kernel time.
 * Each figure is the median of {@link #REPEATS} windows after a warm-up that lets C2 compile the
 * kernel (interpreted, the Vector API is a thousand times slower).
 */
final class KernelBench {
    static final int[] BATCHES = {1, 8, 64, 256, 1024};
    private static final int REPEATS = 7;
    private static final int POOL = 1 << 14;

    private final FraudModel model;
    private final float[][] rows;
    private final float[] healed;
    private final double windowSeconds;

    KernelBench(BenchSetup setup, double windowSeconds) {
        this.model = setup.model();
        this.rows = setup.featureRows(POOL);
        // A healed adapter that differs from the shadow, as in a running job.
        this.healed = model.adapter().params().clone();
        for (int i = 1; i < healed.length; i += 7) {
            healed[i] *= 1.1f;
        }
        this.windowSeconds = windowSeconds;
    }

    /** Batch size → µs per record for the {@code kind} kernel ("vector" or "djl"). */
    Map<Integer, Double> usPerRecord(String kind, boolean withShadow) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        try (ScoringKernel k = ScoringKernels.create(kind, model.frozen(), model.adapterShape(), model.standardizer(),
                model.adapter().params())) {
            ScoringKernel.Weights w = k.prepare(healed);
            for (int b : BATCHES) {
                measure(k, w, b, withShadow); // warm-up of every path (blocks, tails) before any figure
            }
            for (int b : BATCHES) {
                out.put(b, measure(k, w, b, withShadow));
            }
        }
        return out;
    }

    private double measure(ScoringKernel k, ScoringKernel.Weights w, int batch, boolean withShadow) {
        ScoringKernel.Weights[] served = new ScoringKernel.Weights[batch];
        Arrays.fill(served, w);
        float[][] window = new float[batch][];
        float[] p = new float[batch];
        float[] ps = withShadow ? new float[batch] : null;
        int[] cursor = {0};
        Runnable call = () -> {
            if (cursor[0] + batch > rows.length) {
                cursor[0] = 0;
            }
            System.arraycopy(rows, cursor[0], window, 0, batch);
            cursor[0] += batch;
            k.score(window, batch, served, p, ps);
        };
        timed(call, batch, windowSeconds); // warm-up
        double[] us = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            us[r] = timed(call, batch, windowSeconds / 2);
        }
        Arrays.sort(us);
        return us[REPEATS / 2];
    }

    /** Plain scalar Java ({@link ForwardPass}), healed + shadow, one record at a time: µs per record. */
    double scalarUsPerRecord() {
        float[] x = new float[model.frozen().inputDim()];
        Adapter shadow = model.adapter();
        Adapter healedAdapter = new Adapter(model.adapterShape(), healed);
        double[] sink = {0};
        int[] cursor = {0};
        Runnable call = () -> {
            float[] row = rows[cursor[0]++ & (POOL - 1)];
            model.standardizer().apply(row, x, 0);
            sink[0] += ForwardPass.probability(model.frozen(), healedAdapter, x)
                    + ForwardPass.probability(model.frozen(), shadow, x);
        };
        timed(call, 1, windowSeconds);
        double[] us = new double[3];
        for (int r = 0; r < us.length; r++) {
            us[r] = timed(call, 1, windowSeconds / 2);
        }
        Arrays.sort(us);
        if (sink[0] == 42) {
            System.out.print(""); // keeps the results live
        }
        return us[1];
    }

    /** Runs {@code call} for about {@code seconds} of this thread's CPU; CPU µs per record. */
    static double timed(Runnable call, int recordsPerCall, double seconds) {
        long budget = (long) (seconds * 1e9);
        long start = CPU.getCurrentThreadCpuTime();
        long calls = 0;
        long now;
        do {
            for (int i = 0; i < 16; i++) {
                call.run();
            }
            calls += 16;
            now = CPU.getCurrentThreadCpuTime();
        } while (now - start < budget);
        return (now - start) / 1e3 / (calls * (double) recordsPerCall);
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
}
