package dev.selfheal.data;

import java.util.Objects;

/**
 * The outcome of parsing one line: a value, a rejection (a dead letter, with a reason and the raw
 * input), or — for label streams — a skipped header line, which is neither.
 */
public final class ParseResult<T> {
    private final T value;
    private final DeadLetterReason reason;
    private final String message;
    private final String raw;
    private final long lineNumber;

    private ParseResult(T value, DeadLetterReason reason, String message, String raw, long lineNumber) {
        this.value = value;
        this.reason = reason;
        this.message = message;
        this.raw = raw;
        this.lineNumber = lineNumber;
    }

    public static <T> ParseResult<T> ok(T value, String raw, long lineNumber) {
        return new ParseResult<>(Objects.requireNonNull(value), null, null, raw, lineNumber);
    }

    public static <T> ParseResult<T> rejected(DeadLetterReason reason, String message, String raw, long lineNumber) {
        return new ParseResult<>(null, Objects.requireNonNull(reason), message, raw, lineNumber);
    }

    public static <T> ParseResult<T> skipped(String raw, long lineNumber) {
        return new ParseResult<>(null, null, null, raw, lineNumber);
    }

    public boolean ok() {
        return value != null;
    }

    /** A line that carries no record and is no error (a header); not a dead letter. */
    public boolean skipped() {
        return value == null && reason == null;
    }

    public boolean rejected() {
        return reason != null;
    }

    /** @throws IllegalStateException unless {@link #ok()} */
    public T value() {
        if (value == null) {
            throw new IllegalStateException("no value: " + this);
        }
        return value;
    }

    /** Null unless {@link #rejected()}. */
    public DeadLetterReason reason() {
        return reason;
    }

    /** Human-readable detail of the rejection; null unless {@link #rejected()}. */
    public String message() {
        return message;
    }

    /** The input line (shortened for {@link DeadLetterReason#LINE_TOO_LONG}). */
    public String raw() {
        return raw;
    }

    public long lineNumber() {
        return lineNumber;
    }

    /** @throws IllegalStateException unless {@link #rejected()} */
    public DeadLetter deadLetter() {
        if (reason == null) {
            throw new IllegalStateException("not rejected: " + this);
        }
        return new DeadLetter(lineNumber, reason.code(), message, raw);
    }

    @Override
    public String toString() {
        if (ok()) {
            return "ParseResult{ok, line " + lineNumber + ", " + value + "}";
        }
        return skipped()
                ? "ParseResult{skipped, line " + lineNumber + "}"
                : "ParseResult{" + reason.code() + ", line " + lineNumber + ": " + message + "}";
    }
}
