package dev.selfheal.rules;

import java.util.Objects;

/** {@code condition => verdict}. */
public record Rule(Condition condition, Verdict verdict) {

    public Rule {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(verdict, "verdict");
    }

    public boolean fires(float[] row) {
        return condition.test(row);
    }

    public String text() {
        return condition.text() + " => " + verdict.word();
    }
}
