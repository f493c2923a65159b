package dev.selfheal.data;

/**
 * A rejected input line or record, as written to the dead-letter output.
 *
 * @param reason      a {@link DeadLetterReason#code()}
 * @param rawEncoding null when {@code raw} is the input's text, {@link #BASE64} when the input was
 *                    binary (Avro records, or JSON bytes that are not UTF-8)
 */
public record DeadLetter(long lineNumber, String reason, String message, String raw, String rawEncoding) {
    public static final String BASE64 = "base64";

    /** A rejected text line. */
    public DeadLetter(long lineNumber, String reason, String message, String raw) {
        this(lineNumber, reason, message, raw, null);
    }
}
