package dev.selfheal.rules;

import java.util.Locale;
import java.util.Optional;

/** What a rule says about a row when its condition holds. */
public enum Verdict {
    FRAUD,
    NORMAL;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Verdict> ofWord(String word) {
        for (Verdict v : values()) {
            if (v.word().equalsIgnoreCase(word)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
