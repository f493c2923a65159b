package dev.selfheal.baseline;

/** A fitted reference model: fraud probabilities for raw rows. */
public interface BaselineModel {
    float[] probabilities(float[][] rows);
}
