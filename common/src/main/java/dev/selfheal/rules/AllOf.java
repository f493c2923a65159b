package dev.selfheal.rules;

import java.util.List;
import java.util.stream.Collectors;

/** Conditions joined by {@code and}. */
public record AllOf(List<Condition> parts) implements Condition {

    public AllOf {
        parts = List.copyOf(parts);
        if (parts.size() < 2) {
            throw new IllegalArgumentException("'and' needs at least two conditions");
        }
    }

    @Override
    public boolean test(float[] row) {
        for (Condition part : parts) {
            if (!part.test(row)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String text() {
        // Only an 'or' inside an 'and' needs parentheses: 'and' already binds tighter.
        return parts.stream()
                .map(p -> p instanceof AnyOf ? "(" + p.text() + ")" : p.text())
                .collect(Collectors.joining(" and "));
    }
}
