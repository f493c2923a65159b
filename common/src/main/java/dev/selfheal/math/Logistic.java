package dev.selfheal.math;

/** The logistic function in double, without overflow for logits of either sign. */
public final class Logistic {
    private Logistic() {}

    /** 1 / (1 + e^−x), computed from e^x for negative x so that e^−x cannot overflow. */
    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}
