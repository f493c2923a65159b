package dev.selfheal.heal;

import java.util.Arrays;

/**
 * Stored form of a {@link HealthWindow}: its size and the scores it holds, oldest first (both
 * arrays have the same length, at most {@code size}).
 */
public record HealthWindowState(int size, double[] accuracy, double[] f1) {

    public static HealthWindowState empty(int size) {
        return new HealthWindowState(size, new double[0], new double[0]);
    }

    // Records compare arrays by identity; a state read back from Flink is equal by content.
    @Override
    public boolean equals(Object o) {
        return o instanceof HealthWindowState s
                && size == s.size
                && Arrays.equals(accuracy, s.accuracy)
                && Arrays.equals(f1, s.f1);
    }

    @Override
    public int hashCode() {
        return (size * 31 + Arrays.hashCode(accuracy)) * 31 + Arrays.hashCode(f1);
    }

    @Override
    public String toString() {
        return "HealthWindowState{size=" + size + ", accuracy=" + Arrays.toString(accuracy)
                + ", f1=" + Arrays.toString(f1) + "}";
    }
}
