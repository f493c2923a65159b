package dev.selfheal.model;

/**
 * Adam's moment estimates and step count. Kept across heals (as the reference does) and stored in
 * Flink keyed state, hence plain arrays.
 */
public record AdamState(float[] m, float[] v, long step) {
    public static AdamState fresh(int size) {
        return new AdamState(new float[size], new float[size], 0);
    }

    public AdamState copy() {
        return new AdamState(m.clone(), v.clone(), step);
    }
}
