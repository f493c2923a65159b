package dev.selfheal.rules;

import java.util.Objects;

/**
 * {@code feature operator threshold}, e.g. {@code V14 < -1.5}.
 *
 * @param index the feature's position in the raw row
 * @param threshold kept as a float, like the raw rows: "0.1" in a rule and "0.1" in the CSV then
 *     become the same number, so boundary values behave as written
 */
public record Comparison(String feature, int index, Operator operator, float threshold) implements Condition {

    public Comparison {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(operator, "operator");
        if (index < 0) {
            throw new IllegalArgumentException("feature index must be >= 0, was " + index);
        }
        if (!Float.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, was " + threshold);
        }
    }

    @Override
    public boolean test(float[] row) {
        return operator.test(row[index], threshold);
    }

    @Override
    public String text() {
        return feature + " " + operator.symbol() + " " + number(threshold);
    }

    /** Shortest text that parses back to the same float; "2" rather than "2.0". */
    private static String number(float value) {
        String text = Float.toString(value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }
}
