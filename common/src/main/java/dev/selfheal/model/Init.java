package dev.selfheal.model;

import java.util.SplittableRandom;

/** PyTorch's default {@code nn.Linear} initialisation: weight and bias uniform in ±1/√fan_in. */
final class Init {
    private Init() {}

    /** Fills a (out × in) weight followed by its bias, starting at {@code offset} of {@code dst}. */
    static void linear(SplittableRandom rng, float[] dst, int offset, int in, int out) {
        double bound = 1.0 / Math.sqrt(in);
        int n = out * in + out;
        for (int i = 0; i < n; i++) {
            dst[offset + i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
    }
}
