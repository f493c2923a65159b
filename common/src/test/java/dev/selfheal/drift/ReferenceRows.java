package dev.selfheal.drift;

import java.util.List;
import java.util.Random;

/** Rows shaped like the reference data (the seed scenario): N(0,1) noise, V14 lower for the 15% fraud. */
final class ReferenceRows {

    static final List<String> NAMES = List.of("f0", "f1", "f2", "f3", "f4", "f5", "f6", "V14", "f8", "f9");
    static final int F3 = 3;
    static final int V14 = 7;

    private ReferenceRows() {}

    static float[][] clean(int n, long seed) {
        Random random = new Random(seed);
        int frauds = (int) Math.round(0.15 * n);
        float[][] rows = new float[n][NAMES.size()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < NAMES.size(); j++) {
                rows[i][j] = (float) random.nextGaussian();
            }
            if (i < frauds) {
                rows[i][V14] = (float) (-2.5 + 0.8 * random.nextGaussian());
            }
        }
        return rows;
    }

    /** A copy with {@code delta} added to one feature of every row. */
    static float[][] shifted(float[][] rows, int feature, float delta) {
        float[][] copy = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
            copy[i][feature] += delta;
        }
        return copy;
    }

    static float[] normal(int n, double mean, double std, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (mean + std * random.nextGaussian());
        }
        return values;
    }
}
