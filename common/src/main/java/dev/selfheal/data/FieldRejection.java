package dev.selfheal.data;

/**
 * Thrown inside the line parsers when a field is bad, and turned into a dead letter at the top of
 * {@code parse}; it never escapes them. No stack trace: bad input is expected, not exceptional.
 */
final class FieldRejection extends RuntimeException {
    final DeadLetterReason reason;

    FieldRejection(DeadLetterReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }
}
