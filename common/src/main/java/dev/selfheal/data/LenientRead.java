package dev.selfheal.data;

import java.util.List;

/** The rows of a file that parsed, and the lines that did not. */
public record LenientRead(Dataset dataset, List<DeadLetter> deadLetters) {
    public LenientRead {
        deadLetters = List.copyOf(deadLetters);
    }
}
