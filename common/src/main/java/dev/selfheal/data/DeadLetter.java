package dev.selfheal.data;

/**
 * A rejected input line, as written to the dead-letter output.
 *
 * @param reason a {@link DeadLetterReason#code()}
 */
public record DeadLetter(long lineNumber, String reason, String message, String raw) {}
