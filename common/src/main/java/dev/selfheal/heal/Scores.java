package dev.selfheal.heal;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Accuracy and F1 of an adapter measured on {@code n} labelled rows it was NOT trained on.
 *
 * <p>Scores measured on the rows an adapter just trained on flatter it; the reference used those
 * for its baseline and rollback target, which is one of the flaws this project fixes. Whoever
 * builds a {@code Scores} is responsible for that property; nothing here can check it.
 */
public record Scores(double accuracy, double f1, int n) {

    /** Not measured yet (e.g. a snapshot recorded before any unseen data arrived). */
    public static final Scores NONE = new Scores(Double.NaN, Double.NaN, 0);

    public Scores {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
    }

    /** True when both metrics are finite and rest on at least one row. */
    @JsonIgnore
    public boolean isMeasured() {
        return n > 0 && Double.isFinite(accuracy) && Double.isFinite(f1);
    }
}
