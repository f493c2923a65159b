package dev.selfheal.data;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The common JSON transaction read straight from its bytes, with no parser object, token or string
 * per number: one flat object whose keys are plain ASCII, whose id, key and model are plain ASCII
 * strings, ts, batch and labels plain non-negative whole numbers, and features JSON numbers that
 * {@link DecimalFloat}'s exact fast path reads, in range. For anything else (escapes, other text,
 * null, true, nested values, a key twice, a feature missing or out of range, a blank id, bad JSON)
 * it answers null and {@link JsonTransactionParser} reads the record with Jackson, whose answers and
 * dead letters remain the contract: a shortcut that, for every record it reads, gives the transaction
 * Jackson's path gives (JsonTransactionParserTest checks the two against each other). Keeps scratch
 * state: one per thread.
 */
final class FlatJson {
    private static final int ID = -1;
    private static final int KEY = -2;
    private static final int TS = -3;
    private static final int BATCH = -4;
    private static final int LABEL = -5;
    private static final int TRUE_LABEL = -6;
    private static final int MODEL = -7;
    /** Whole numbers longer than this may not fit a long (ts) as Jackson reads it: left to Jackson. */
    private static final int MAX_TS_DIGITS = 18;
    private static final int MAX_INT_DIGITS = 9;

    private final int features;
    private final byte[][] keys;
    private final int[] slots;
    /** The key index seen at each position of the last record (producers keep one order): tried first. */
    private final int[] lastKeyAt;
    /** Generation stamps: a key whose stamp is this record's was seen before in it. */
    private final int[] seenIn;
    private int generation;
    private final ByteSlice number = new ByteSlice();

    /** @param slots key → feature position, or the negative reserved slot of JsonTransactionParser */
    FlatJson(int features, Map<String, Integer> slots) {
        this.features = features;
        this.keys = new byte[slots.size()][];
        this.slots = new int[slots.size()];
        int k = 0;
        for (Map.Entry<String, Integer> e : slots.entrySet()) {
            keys[k] = e.getKey().getBytes(StandardCharsets.UTF_8);
            this.slots[k] = e.getValue();
            k++;
        }
        this.lastKeyAt = new int[2 * keys.length];
        java.util.Arrays.fill(lastKeyAt, -1);
        this.seenIn = new int[keys.length];
    }

    /** The record's transaction before defaults and the model check, or null: read it with Jackson. */
    Transaction read(byte[] b, int offset, int length) {
        int end = offset + length;
        if (++generation == Integer.MAX_VALUE) {
            java.util.Arrays.fill(seenIn, 0);
            generation = 1;
        }
        int i = ws(b, offset, end);
        if (i >= end || b[i] != '{') {
            return null;
        }
        Transaction t = ReservedFields.blank(features);
        int seenFeatures = 0;
        int position = 0;
        i = ws(b, i + 1, end);
        while (true) {
            if (i >= end || b[i] != '"') {
                return null; // also an empty object: its features are missing
            }
            int keyStart = i + 1;
            int keyEnd = plainStringEnd(b, keyStart, end);
            if (keyEnd < 0) {
                return null;
            }
            int k = key(b, keyStart, keyEnd - keyStart, position++);
            i = ws(b, keyEnd + 1, end);
            if (i >= end || b[i] != ':') {
                return null;
            }
            i = ws(b, i + 1, end);
            if (i >= end) {
                return null;
            }
            if (k < 0) {
                i = skipScalar(b, i, end);
            } else {
                if (seenIn[k] == generation) {
                    return null; // twice: Jackson's path says which
                }
                seenIn[k] = generation;
                int slot = slots[k];
                if (slot >= 0) {
                    int e = numberEnd(b, i, end);
                    if (e < 0) {
                        return null;
                    }
                    float x = DecimalFloat.tryFast(number.of(b, i, e - i));
                    if (!(Math.abs(x) <= CsvValues.MAX_MAGNITUDE)) { // NaN too: not vouched for
                        return null;
                    }
                    t.features[slot] = x;
                    seenFeatures++;
                    i = e;
                } else {
                    i = reserved(slot, t, b, i, end);
                }
            }
            if (i < 0) {
                return null;
            }
            i = ws(b, i, end);
            if (i >= end) {
                return null;
            }
            if (b[i] == ',') {
                i = ws(b, i + 1, end);
            } else if (b[i] == '}') {
                return ws(b, i + 1, end) == end && seenFeatures == features ? t : null;
            } else {
                return null;
            }
        }
    }

    /** Reads a reserved field's value into {@code t}; the index after it, or -1. */
    private static int reserved(int slot, Transaction t, byte[] b, int i, int end) {
        switch (slot) {
            case ID, KEY, MODEL -> {
                if (b[i] != '"') {
                    return -1;
                }
                int e = plainStringEnd(b, i + 1, end);
                if (e < 0) {
                    return -1;
                }
                String s = new String(b, i + 1, e - i - 1, StandardCharsets.ISO_8859_1); // ASCII only, checked
                if (slot == ID) {
                    if (s.isBlank()) {
                        return -1;
                    }
                    t.id = s;
                } else if (slot == KEY) {
                    t.key = s;
                } else {
                    t.model = s;
                }
                return e + 1;
            }
            case TS, BATCH -> {
                int e = wholeEnd(b, i, end, slot == TS ? MAX_TS_DIGITS : MAX_INT_DIGITS);
                if (e < 0) {
                    return -1;
                }
                long v = 0;
                for (int j = i; j < e; j++) {
                    v = v * 10 + (b[j] - '0');
                }
                if (slot == TS) {
                    t.ts = v;
                } else {
                    t.batch = (int) v;
                }
                return e;
            }
            case LABEL, TRUE_LABEL -> {
                int e = wholeEnd(b, i, end, 1);
                if (e < 0 || b[i] > '1') {
                    return -1;
                }
                if (slot == LABEL) {
                    t.label = b[i] - '0';
                } else {
                    t.trueLabel = b[i] - '0';
                }
                return e;
            }
            default -> throw new IllegalStateException("slot " + slot);
        }
    }

    private int key(byte[] b, int start, int length, int position) {
        if (position < lastKeyAt.length) {
            int k = lastKeyAt[position];
            if (k >= 0 && equal(keys[k], b, start, length)) {
                return k;
            }
        }
        for (int k = 0; k < keys.length; k++) {
            if (equal(keys[k], b, start, length)) {
                if (position < lastKeyAt.length) {
                    lastKeyAt[position] = k;
                }
                return k;
            }
        }
        return -1;
    }

    private static boolean equal(byte[] key, byte[] b, int start, int length) {
        if (key.length != length) {
            return false;
        }
        for (int j = 0; j < length; j++) {
            if (key[j] != b[start + j]) {
                return false;
            }
        }
        return true;
    }

    private static int ws(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** The closing quote of a string of printable ASCII without escapes starting at {@code i}, or -1. */
    private static int plainStringEnd(byte[] b, int i, int end) {
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c == '\\' || c < 0x20) { // an escape, a control character, or (negative) a non-ASCII byte
                return -1;
            }
        }
        return -1;
    }

    /** The end of a JSON number at {@code i} (-?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?), or -1. */
    static int numberEnd(byte[] b, int i, int end) {
        if (i < end && b[i] == '-') {
            i++;
        }
        int digits = digitsEnd(b, i, end);
        if (digits == i || (b[i] == '0' && digits > i + 1)) {
            return -1; // no digit, or a leading zero
        }
        i = digits;
        if (i < end && b[i] == '.') {
            int f = digitsEnd(b, i + 1, end);
            if (f == i + 1) {
                return -1;
            }
            i = f;
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int x = digitsEnd(b, i, end);
            if (x == i) {
                return -1;
            }
            i = x;
        }
        return i;
    }

    /** The end of a whole number >= 0 of at most {@code maxDigits} digits, not followed by a fraction or exponent; or -1. */
    private static int wholeEnd(byte[] b, int i, int end, int maxDigits) {
        int e = digitsEnd(b, i, end);
        if (e == i || e - i > maxDigits || (b[i] == '0' && e > i + 1)) {
            return -1;
        }
        if (e < end && (b[e] == '.' || b[e] == 'e' || b[e] == 'E')) {
            return -1;
        }
        return e;
    }

    private static int digitsEnd(byte[] b, int i, int end) {
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /** An ignored key's value: a plain string, a number, true, false or null; -1 for anything else. */
    private static int skipScalar(byte[] b, int i, int end) {
        byte c = b[i];
        if (c == '"') {
            int e = plainStringEnd(b, i + 1, end);
            return e < 0 ? -1 : e + 1;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return numberEnd(b, i, end);
        }
        for (byte[] literal : LITERALS) {
            if (equal(literal, b, i, Math.min(literal.length, end - i))) {
                return i + literal.length;
            }
        }
        return -1;
    }

    private static final byte[][] LITERALS = {"true".getBytes(StandardCharsets.US_ASCII),
            "false".getBytes(StandardCharsets.US_ASCII), "null".getBytes(StandardCharsets.US_ASCII)};

    /** A reusable view of part of a byte array, as the characters of an ASCII number. */
    private static final class ByteSlice implements CharSequence {
        private byte[] bytes;
        private int offset;
        private int length;

        ByteSlice of(byte[] bytes, int offset, int length) {
            this.bytes = bytes;
            this.offset = offset;
            this.length = length;
            return this;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            return (char) bytes[offset + index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(bytes, offset + start, end - start, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
    }
}
