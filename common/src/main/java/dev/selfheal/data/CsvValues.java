package dev.selfheal.data;

/**
 * Strict conversions of single text fields, shared by the CSV transaction and label parsers and by
 * the JSON and Avro parsers for values that arrive as text. {@code where} names the kind of field in
 * messages ("column " for CSV, "key " for JSON, "field " for Avro); the short forms are the CSV ones.
 */
final class CsvValues {
    /** Larger magnitudes are almost certainly sentinels or unit errors, and overflow float sums. */
    static final double MAX_MAGNITUDE = 1e30;
    private static final int SHOWN_CHARS = 40;
    static final String COLUMN = "column ";

    private CsvValues() {}

    /** 0, 1, or {@link Transaction#NO_LABEL} for an empty field. */
    static int optionalLabel(String column, String text) {
        return optionalLabel(COLUMN, column, text);
    }

    static int optionalLabel(String where, String column, String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return Transaction.NO_LABEL;
        }
        return label(where, column, s);
    }

    static int label(String column, String text) {
        return label(COLUMN, column, text);
    }

    static int label(String where, String column, String text) {
        String s = text.strip();
        if (s.equals("0")) {
            return 0;
        }
        if (s.equals("1")) {
            return 1;
        }
        throw new FieldRejection(DeadLetterReason.BAD_LABEL,
                where + column + ": " + shown(text) + " is not 0 or 1");
    }

    static long timestamp(String column, String text) {
        return timestamp(COLUMN, column, text);
    }

    static long timestamp(String where, String column, String text) {
        try {
            long ts = Long.parseLong(text.strip());
            if (ts >= 0) {
                return ts;
            }
        } catch (NumberFormatException e) {
            // falls through to the rejection below
        }
        throw new FieldRejection(DeadLetterReason.BAD_TS,
                where + column + ": " + shown(text) + " is not epoch milliseconds (a whole number >= 0)");
    }

    /** 0 (unknown) for an empty field. */
    static int batch(String column, String text) {
        return batch(COLUMN, column, text);
    }

    static int batch(String where, String column, String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            int batch = Integer.parseInt(s);
            if (batch >= 0) {
                return batch;
            }
        } catch (NumberFormatException e) {
            // falls through to the rejection below
        }
        throw new FieldRejection(DeadLetterReason.BAD_BATCH,
                where + column + ": " + shown(text) + " is not a batch number (a whole number >= 0)");
    }

    /**
     * A decimal number as written by any CSV producer. Java-only spellings that
     * {@link Float#parseFloat} would also take (hex floats, "1f", "1d") are refused, so a file
     * means the same here as in any other tool.
     */
    static float feature(String column, String text) {
        return feature(COLUMN, column, text);
    }

    /**
     * The same for the field of {@code line} from {@code from} up to {@code to}: a plain decimal is
     * read where it stands, anything else is copied out and judged as above.
     */
    static float feature(String column, String line, int from, int to) {
        int a = from;
        int b = to;
        while (a < b && Character.isWhitespace(line.charAt(a))) {
            a++;
        }
        while (b > a && Character.isWhitespace(line.charAt(b - 1))) {
            b--;
        }
        float fast = a < b ? DecimalFloat.tryFast(line, a, b) : Float.NaN;
        if (Math.abs(fast) <= MAX_MAGNITUDE) {
            return fast;
        }
        return feature(column, line.substring(from, to));
    }

    static float feature(String where, String column, String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new FieldRejection(DeadLetterReason.MISSING_VALUE, where + column + " is empty");
        }
        // The fast path takes plain decimals only, so what it answers needs no spelling check.
        float fast = DecimalFloat.tryFast(s);
        if (Math.abs(fast) <= MAX_MAGNITUDE) {
            return inRange(where, column, text, fast);
        }
        if (!isDecimalSpelling(s)) {
            if (isNonFiniteSpelling(s)) {
                throw nonFinite(where, column, text);
            }
            throw notANumber(where, column, text);
        }
        float x;
        try {
            x = Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw notANumber(where, column, text);
        }
        return inRange(where, column, text, x);
    }

    private static float inRange(String where, String column, String text, float x) {
        if (Float.isInfinite(x) || Math.abs(x) > MAX_MAGNITUDE) {
            throw new FieldRejection(DeadLetterReason.OUT_OF_RANGE,
                    where + column + ": " + shown(text) + " is outside ±1e30");
        }
        return x;
    }

    /**
     * A feature that arrived as a number (JSON, Avro) rather than as text: NaN is not finite, an
     * infinity (a literal too large for a double) and anything beyond ±1e30 out of range, as for
     * text. {@code shown} is how the input wrote it, for the message.
     */
    static float number(String where, String column, double x, String shown) {
        if (Double.isNaN(x)) {
            throw nonFinite(where, column, shown);
        }
        if (Double.isInfinite(x) || Math.abs(x) > MAX_MAGNITUDE) {
            throw new FieldRejection(DeadLetterReason.OUT_OF_RANGE,
                    where + column + ": " + shown(shown) + " is outside ±1e30");
        }
        return (float) x;
    }

    static FieldRejection nonFinite(String where, String column, String shown) {
        return new FieldRejection(DeadLetterReason.NON_FINITE, where + column + ": " + shown(shown) + " is not finite");
    }

    static FieldRejection notANumber(String where, String column, String text) {
        return new FieldRejection(DeadLetterReason.NON_NUMERIC,
                where + column + ": " + shown(text) + " is not a number");
    }

    private static boolean isDecimalSpelling(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    static boolean isNonFiniteSpelling(String s) {
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity");
    }

    /** Quotes a value for a message, cut short so one huge field cannot bloat the dead letters. */
    static String shown(String text) {
        return "'" + cut(text, SHOWN_CHARS) + "'";
    }

    /**
     * A message on one line: control characters (a record's strings may hold line ends, unlike a
     * CSV line) are written as escapes. Used by the JSON and Avro parsers.
     */
    static String oneLine(String message) {
        for (int i = 0; i < message.length(); i++) {
            if (message.charAt(i) < 0x20) {
                StringBuilder b = new StringBuilder(message.length() + 8);
                for (int j = 0; j < message.length(); j++) {
                    char c = message.charAt(j);
                    switch (c) {
                        case '\n' -> b.append("\\n");
                        case '\r' -> b.append("\\r");
                        case '\t' -> b.append("\\t");
                        default -> {
                            if (c < 0x20) {
                                b.append(String.format("\\u%04x", (int) c));
                            } else {
                                b.append(c);
                            }
                        }
                    }
                }
                return b.toString();
            }
        }
        return message;
    }

    static String cut(String text, int maxChars) {
        return text.length() <= maxChars ? text : text.substring(0, maxChars) + "...";
    }
}
