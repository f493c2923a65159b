package dev.selfheal.model;

import java.util.SplittableRandom;

/** Small reference-shaped data for model tests: 10 features, feature 7 informative, 15% fraud. */
final class TinyData {
    final float[][] x;
    final int[] y;

    TinyData(int n, long seed, float v14Shift) {
        SplittableRandom rng = new SplittableRandom(seed);
        x = new float[n][10];
        y = new int[n];
        int frauds = (int) Math.round(n * 0.15);
        for (int i = 0; i < n; i++) {
            y[i] = i < frauds ? 1 : 0;
            for (int j = 0; j < 10; j++) {
                x[i][j] = (float) rng.nextGaussian();
            }
            x[i][7] = y[i] == 1 ? (float) (-2.5 + 0.8 * rng.nextGaussian()) : (float) rng.nextGaussian();
            x[i][7] += v14Shift;
        }
    }
}
