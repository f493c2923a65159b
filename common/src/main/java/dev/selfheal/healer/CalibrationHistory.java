package dev.selfheal.healer;

import dev.selfheal.model.Calibration;

import java.util.Arrays;

/**
 * Which input calibration each recent batch called for, kept as plain data in HEAL's state: an
 * entry {@code [fromBatch, scale₁..d, shift₁..d]} each time it changed. The input path is fitted
 * on each labelled row through the calibration of the row's own batch: a label that arrives
 * batches later, after the inputs moved again, must not read as a change of pattern, and neither
 * must a row scored before the calibration caught up with a move.
 */
public final class CalibrationHistory {
    private CalibrationHistory() {}

    /** The state with {@code served} recorded from {@code batch} on, entries before {@code oldestNeeded} dropped. */
    public static double[] record(double[] state, long batch, Calibration served, long oldestNeeded) {
        int d = served.dim();
        int per = 1 + 2 * d;
        double[] s = state == null || state.length % per != 0 ? new double[0] : state;
        int n = s.length / per;
        if (n > 0 && same(s, (n - 1) * per, served)) {
            return prune(s, per, oldestNeeded);
        }
        double[] next = Arrays.copyOf(s, s.length + per);
        int o = s.length;
        next[o] = batch;
        for (int j = 0; j < d; j++) {
            next[o + 1 + j] = served.scale()[j];
            next[o + 1 + d + j] = served.shift()[j];
        }
        return prune(next, per, oldestNeeded);
    }

    /** The input calibration recorded for {@code batch}, or {@code fallback} when not known. */
    public static Calibration at(double[] state, long batch, Calibration fallback) {
        int d = fallback.dim();
        int per = 1 + 2 * d;
        if (state == null || state.length == 0 || state.length % per != 0) {
            return fallback;
        }
        for (int o = state.length - per; o >= 0; o -= per) {
            if (state[o] <= batch) {
                float[] scale = new float[d];
                float[] shift = new float[d];
                for (int j = 0; j < d; j++) {
                    scale[j] = (float) state[o + 1 + j];
                    shift[j] = (float) state[o + 1 + d + j];
                }
                return fallback.withInput(scale, shift);
            }
        }
        return fallback;
    }

    private static boolean same(double[] s, int o, Calibration c) {
        int d = c.dim();
        for (int j = 0; j < d; j++) {
            if ((float) s[o + 1 + j] != c.scale()[j] || (float) s[o + 1 + d + j] != c.shift()[j]) {
                return false;
            }
        }
        return true;
    }

    /** Keeps the newest entry at or before {@code oldestNeeded} and everything after it. */
    private static double[] prune(double[] s, int per, long oldestNeeded) {
        int n = s.length / per;
        int first = 0;
        for (int k = 1; k < n; k++) {
            if (s[k * per] <= oldestNeeded) {
                first = k;
            }
        }
        return first == 0 ? s : Arrays.copyOfRange(s, first * per, s.length);
    }
}
