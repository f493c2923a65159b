package dev.selfheal.data;

import java.util.Objects;

/**
 * The outcome of parsing one line or record: a value, a rejection (a dead letter, with a reason and
 * the raw input), or — for label streams — a skipped header line, which is neither. The raw input of
 * a binary record (Avro, or JSON that is not UTF-8) is kept base64-encoded ({@link #rawIsBase64()}).
 */
public final class ParseResult<T> {
    private final T value;
    private final DeadLetterReason reason;
    private final String message;
    private final String raw;
    private final long lineNumber;
    private final boolean rawIsBase64;

    private ParseResult(T value, DeadLetterReason reason, String message, String raw, long lineNumber,
                        boolean rawIsBase64) {
        this.value = value;
        this.reason = reason;
        this.message = message;
        this.raw = raw;
        this.lineNumber = lineNumber;
        this.rawIsBase64 = rawIsBase64;
    }

    private ParseResult(T value, DeadLetterReason reason, String message, String raw, long lineNumber) {
        this(value, reason, message, raw, lineNumber, false);
    }

    public static <T> ParseResult<T> ok(T value, String raw, long lineNumber) {
        return new ParseResult<>(Objects.requireNonNull(value), null, null, raw, lineNumber);
    }

    public static <T> ParseResult<T> rejected(DeadLetterReason reason, String message, String raw, long lineNumber) {
        return new ParseResult<>(null, Objects.requireNonNull(reason), message, raw, lineNumber);
    }

    /**
     * A rejected binary record: its first {@code maxBytes} bytes are kept, base64-encoded (dead
     * letters are text).
     */
    public static <T> ParseResult<T> rejectedBinary(DeadLetterReason reason, String message, byte[] bytes, int offset,
                                                    int length, int maxBytes, long lineNumber) {
        String raw = java.util.Base64.getEncoder().encodeToString(
                java.util.Arrays.copyOfRange(bytes, offset, offset + Math.min(length, maxBytes)));
        return new ParseResult<>(null, Objects.requireNonNull(reason), message, raw, lineNumber, true);
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

    /**
     * The input line (shortened for {@link DeadLetterReason#LINE_TOO_LONG}); base64 when
     * {@link #rawIsBase64()}. Binary parsers leave it null on accepted records.
     */
    public String raw() {
        return raw;
    }

    public boolean rawIsBase64() {
        return rawIsBase64;
    }

    public long lineNumber() {
        return lineNumber;
    }

    /** @throws IllegalStateException unless {@link #rejected()} */
    public DeadLetter deadLetter() {
        if (reason == null) {
            throw new IllegalStateException("not rejected: " + this);
        }
        return new DeadLetter(lineNumber, reason.code(), message, raw, rawIsBase64 ? DeadLetter.BASE64 : null);
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
