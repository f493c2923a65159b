package dev.selfheal.data;

import java.util.Locale;

/** Why an input line was rejected; {@link #code()} is the stable name written to dead-letter outputs. */
public enum DeadLetterReason {
    EMPTY_LINE,
    LINE_TOO_LONG,
    /** Unterminated quote, or text after a closing quote. */
    MALFORMED,
    COLUMN_COUNT,
    /** The file has an id column but this row's id is empty. */
    MISSING_ID,
    /** A feature value is empty. */
    MISSING_VALUE,
    NON_NUMERIC,
    /** NaN or infinity written as such. */
    NON_FINITE,
    /** A number with |x| > 1e30, or too large for a float. */
    OUT_OF_RANGE,
    BAD_LABEL,
    BAD_TS,
    BAD_BATCH,
    /** A model id the job does not serve ({@code input.models}). */
    UNKNOWN_MODEL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return code();
    }
}
