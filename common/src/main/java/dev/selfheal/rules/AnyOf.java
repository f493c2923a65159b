package dev.selfheal.rules;

import java.util.List;
import java.util.stream.Collectors;

/** Conditions joined by {@code or}. */
public record AnyOf(List<Condition> parts) implements Condition {

    public AnyOf {
        parts = List.copyOf(parts);
        if (parts.size() < 2) {
            throw new IllegalArgumentException("'or' needs at least two conditions");
        }
    }

    @Override
    public boolean test(float[] row) {
        for (Condition part : parts) {
            if (part.test(row)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String text() {
        return parts.stream().map(Condition::text).collect(Collectors.joining(" or "));
    }
}
