package dev.selfheal.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns one JSON object (a Kafka record value or a line of a file) into a {@link Transaction}: the
 * feature names are keys, the reserved keys are those of the CSV contract ({@code id}, {@code key},
 * {@code ts}, {@code batch}, {@code label}, {@code true_label}, {@code model}) with the same defaults,
 * and other keys are ignored. The common flat record is read straight from its bytes by
 * {@link FlatJson}; whatever it declines, by Jackson's streaming parser, also from the bytes, with
 * no tree.
 *
 * <p>A feature may be a JSON number or a string spelled as a CSV decimal ({@code "1.5"}); a missing,
 * null or empty feature is {@code missing_value}, {@code true}, an object or text that is no number
 * {@code non_numeric}, {@code NaN}/{@code Infinity} (bare or quoted) {@code non_finite}, and beyond
 * ±1e30 {@code out_of_range}, as in CSV. A key given twice, text after the object, or anything but an
 * object is {@code malformed}. Never throws on bad input; keeps a little scratch state, so one
 * instance per thread.
 */
public final class JsonTransactionParser implements TransactionDecoder {
    private static final long serialVersionUID = 1L;
    private static final String WHERE = "key ";
    /** Dead letters keep this much of a too-long record, as for CSV lines. */
    static final int RAW_KEPT_BYTES = TransactionParser.RAW_KEPT_CHARS;

    // Jackson's factory is thread-safe and holds the field-name tables that make parsing fast: one per JVM.
    // Bare NaN and Infinity are read so that they get their own reason (non_finite), not "malformed".
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private static final int ID = -1;
    private static final int KEY = -2;
    private static final int TS = -3;
    private static final int BATCH = -4;
    private static final int LABEL = -5;
    private static final int TRUE_LABEL = -6;
    private static final int MODEL = -7;

    private final List<String> features;
    private final ModelAllowList models;
    private final int maxRecordBytes;
    /** Key → feature position, or a negative reserved slot. */
    private final HashMap<String, Integer> slots = new HashMap<>();
    /** Scratch: a view of the parser's buffer, so this parser serves one thread at a time. */
    private transient CharSlice digits;
    /**
     * Scratch: the key seen at each position of the last record and its slot. Producers write their
     * keys in one order, and Jackson hands out the same String instance for the same key, so most
     * lookups are one reference comparison instead of a hash lookup.
     */
    private transient String[] lastKeys;
    private transient Integer[] lastSlots;
    /** Reads the common flat record from its bytes; Jackson reads whatever it declines. */
    private final boolean shortcut;
    private transient FlatJson flat;

    public JsonTransactionParser(List<String> features, ModelAllowList models) {
        this(features, models, TransactionParser.DEFAULT_MAX_LINE_CHARS);
    }

    /** @param maxRecordBytes longer records are rejected unread */
    public JsonTransactionParser(List<String> features, ModelAllowList models, int maxRecordBytes) {
        this(features, models, maxRecordBytes, true);
    }

    /** Every record read by Jackson: the reference the shortcut is tested against. */
    static JsonTransactionParser withoutShortcut(List<String> features, ModelAllowList models) {
        return new JsonTransactionParser(features, models, TransactionParser.DEFAULT_MAX_LINE_CHARS, false);
    }

    private JsonTransactionParser(List<String> features, ModelAllowList models, int maxRecordBytes, boolean shortcut) {
        this.shortcut = shortcut;
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be >= 1, got " + maxRecordBytes);
        }
        this.features = List.copyOf(features);
        this.models = Objects.requireNonNull(models);
        this.maxRecordBytes = maxRecordBytes;
        if (this.features.isEmpty()) {
            throw new IllegalArgumentException("no features to read");
        }
        List<String> reserved = List.of(CsvHeader.ID, CsvHeader.KEY, CsvHeader.TS, CsvHeader.BATCH, CsvHeader.LABEL,
                CsvHeader.TRUE_LABEL, CsvHeader.MODEL);
        for (int i = 0; i < reserved.size(); i++) {
            slots.put(reserved.get(i), -1 - i);
        }
        for (int i = 0; i < this.features.size(); i++) {
            String name = this.features.get(i);
            if (slots.putIfAbsent(name, i) != null) {
                throw new IllegalArgumentException(CsvHeader.RESERVED.contains(name)
                        ? "'" + name + "' is a reserved key and cannot be a feature"
                        : "feature '" + name + "' is listed twice");
            }
        }
    }

    @Override
    public RecordFormat format() {
        return RecordFormat.JSON;
    }

    public List<String> features() {
        return features;
    }

    @Override
    public ParseResult<Transaction> parse(byte[] bytes, int offset, int length, long recordNumber) {
        if (isBlank(bytes, offset, length)) {
            return ParseResult.rejected(DeadLetterReason.EMPTY_LINE, "empty record",
                    new String(bytes, offset, length, StandardCharsets.UTF_8), recordNumber);
        }
        if (length > maxRecordBytes) {
            String start = new String(bytes, offset, Math.min(length, 4 * RAW_KEPT_BYTES), StandardCharsets.UTF_8);
            return ParseResult.rejected(DeadLetterReason.LINE_TOO_LONG, "record has " + length
                    + " bytes, the limit is " + maxRecordBytes, CsvValues.cut(start, RAW_KEPT_BYTES), recordNumber);
        }
        try {
            Transaction t = null;
            if (shortcut) {
                if (flat == null) {
                    flat = new FlatJson(features.size(), slots);
                }
                t = flat.read(bytes, offset, length);
            }
            if (t == null) {
                try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
                    t = read(p);
                }
            }
            return ParseResult.ok(ReservedFields.finish(t, recordNumber, models), null, recordNumber);
        } catch (FieldRejection r) {
            return rejected(r.reason, r.getMessage(), bytes, offset, length, recordNumber);
        } catch (JsonProcessingException e) {
            return rejected(DeadLetterReason.MALFORMED, "not valid JSON: " + oneLine(e.getOriginalMessage()),
                    bytes, offset, length, recordNumber);
        } catch (IOException e) {
            // Reading from a byte array does no I/O; Jackson declares it all the same.
            return rejected(DeadLetterReason.MALFORMED, "not valid JSON: " + oneLine(e.getMessage()), bytes, offset,
                    length, recordNumber);
        }
    }

    /** The record's transaction before defaults and the model check. */
    private Transaction read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new FieldRejection(DeadLetterReason.MALFORMED, "a record must be a JSON object");
        }
        Transaction t = ReservedFields.blank(features.size());
        float[] f = t.features;
        // NaN marks a feature not seen yet: no accepted value is NaN.
        java.util.Arrays.fill(f, Float.NaN);
        int seenReserved = 0;
        int seenFeatures = 0;
        if (lastKeys == null) {
            lastKeys = new String[slots.size() * 2];
            lastSlots = new Integer[lastKeys.length];
        }
        int position = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            Integer slot;
            if (position < lastKeys.length) {
                if (lastKeys[position] == name) {
                    slot = lastSlots[position];
                } else {
                    slot = slots.get(name);
                    lastKeys[position] = name;
                    lastSlots[position] = slot;
                }
                position++;
            } else {
                slot = slots.get(name);
            }
            if (slot == null) {
                p.skipChildren(); // an extra key
                continue;
            }
            int s = slot;
            if (s >= 0) {
                if (!Float.isNaN(f[s])) {
                    throw twice(name);
                }
                f[s] = feature(p, v, name);
                seenFeatures++;
                continue;
            }
            int bit = 1 << -s;
            if ((seenReserved & bit) != 0) {
                throw twice(name);
            }
            seenReserved |= bit;
            switch (s) {
                case ID -> t.id = id(p, v);
                case KEY -> t.key = optionalText(p, v, name);
                case TS -> t.ts = timestamp(p, v);
                case BATCH -> t.batch = batch(p, v);
                case LABEL -> t.label = label(p, v, name);
                case TRUE_LABEL -> t.trueLabel = label(p, v, name);
                case MODEL -> t.model = optionalText(p, v, name);
                default -> throw new IllegalStateException("slot " + s);
            }
        }
        // Jackson has checked the object's structure; what may follow it is only whitespace.
        if (p.nextToken() != null) {
            throw new FieldRejection(DeadLetterReason.MALFORMED, "text after the JSON object");
        }
        if (seenFeatures < f.length) {
            for (int i = 0; i < f.length; i++) {
                if (Float.isNaN(f[i])) {
                    throw new FieldRejection(DeadLetterReason.MISSING_VALUE, WHERE + features.get(i) + " is missing");
                }
            }
        }
        return t;
    }

    private float feature(JsonParser p, JsonToken v, String name) throws IOException {
        switch (v) {
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: {
                // The number's characters are still in the parser's buffer: read them there, through the
                // same exact fast path as CSV, rather than have Jackson make a string of them first.
                if (digits == null) {
                    digits = new CharSlice();
                }
                float x = DecimalFloat.tryFast(digits.of(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()));
                if (Float.isNaN(x)) {
                    x = p.getFloatValue(); // decimal to float directly (as for CSV): through a double it could round twice
                }
                if (Float.isFinite(x) && Math.abs(x) <= CsvValues.MAX_MAGNITUDE) {
                    return x;
                }
                String text = p.getText();
                if (CsvValues.isNonFiniteSpelling(text)) {
                    throw CsvValues.nonFinite(WHERE, name, text);
                }
                return CsvValues.number(WHERE, name, x, text); // throws out_of_range
            }
            case VALUE_STRING:
                return CsvValues.feature(WHERE, name, p.getText());
            case VALUE_NULL:
                throw new FieldRejection(DeadLetterReason.MISSING_VALUE, WHERE + name + " is null");
            default:
                throw CsvValues.notANumber(WHERE, name, v.isStructStart() ? (v == JsonToken.START_OBJECT ? "{...}" : "[...]")
                        : p.getText());
        }
    }

    private static String id(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT) {
            String id = p.getText();
            if (id.isBlank()) {
                throw new FieldRejection(DeadLetterReason.MISSING_ID, WHERE + "id is empty");
            }
            return id;
        }
        if (v == JsonToken.VALUE_NULL) {
            throw new FieldRejection(DeadLetterReason.MISSING_ID, WHERE + "id is null");
        }
        throw new FieldRejection(DeadLetterReason.MISSING_ID, WHERE + "id must be a string or a whole number");
    }

    /** Key and model: text or a number; null or empty takes the default. */
    private static String optionalText(JsonParser p, JsonToken v, String name) throws IOException {
        if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT) {
            return p.getText();
        }
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        throw new FieldRejection(DeadLetterReason.MALFORMED, WHERE + name + " must be a string");
    }

    private static long timestamp(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            long ts = p.getLongValue();
            if (ts >= 0) {
                return ts;
            }
        } else if (v == JsonToken.VALUE_STRING) {
            return CsvValues.timestamp(WHERE, CsvHeader.TS, p.getText());
        }
        throw new FieldRejection(DeadLetterReason.BAD_TS, WHERE + CsvHeader.TS + ": " + shown(p, v)
                + " is not epoch milliseconds (a whole number >= 0)");
    }

    private static int batch(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            int batch = p.getIntValue();
            if (batch >= 0) {
                return batch;
            }
        } else if (v == JsonToken.VALUE_STRING) {
            return CsvValues.batch(WHERE, CsvHeader.BATCH, p.getText());
        } else if (v == JsonToken.VALUE_NULL) {
            return 0;
        }
        throw new FieldRejection(DeadLetterReason.BAD_BATCH, WHERE + CsvHeader.BATCH + ": " + shown(p, v)
                + " is not a batch number (a whole number >= 0)");
    }

    private static int label(JsonParser p, JsonToken v, String name) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            int label = p.getIntValue();
            if (label == 0 || label == 1) {
                return label;
            }
        } else if (v == JsonToken.VALUE_STRING) {
            return CsvValues.optionalLabel(WHERE, name, p.getText());
        } else if (v == JsonToken.VALUE_NULL) {
            return Transaction.NO_LABEL;
        }
        throw new FieldRejection(DeadLetterReason.BAD_LABEL, WHERE + name + ": " + shown(p, v) + " is not 0 or 1");
    }

    private static String shown(JsonParser p, JsonToken v) throws IOException {
        return CsvValues.shown(v.isStructStart() ? (v == JsonToken.START_OBJECT ? "{...}" : "[...]") : p.getText());
    }

    private static FieldRejection twice(String name) {
        return new FieldRejection(DeadLetterReason.MALFORMED, WHERE + CsvValues.cut(name, 40) + " appears twice");
    }

    private static boolean isBlank(byte[] b, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }

    /** The record as text when it is UTF-8, else base64 (a dead letter must keep the bytes as they came). */
    private static <T> ParseResult<T> rejected(DeadLetterReason reason, String why, byte[] bytes, int offset,
                                               int length, long recordNumber) {
        String message = CsvValues.oneLine(why);
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length)).toString();
            return ParseResult.rejected(reason, message, text, recordNumber);
        } catch (CharacterCodingException e) {
            return ParseResult.rejectedBinary(reason, message, bytes, offset, length, AvroTransactionParser.RAW_KEPT_BYTES,
                    recordNumber);
        }
    }

    private static String oneLine(String message) {
        String m = message == null ? "unreadable" : message.replaceAll("\\s+", " ").strip();
        return CsvValues.cut(m, 200);
    }

    /** A reusable view of part of a char array. */
    private static final class CharSlice implements CharSequence {
        private char[] chars;
        private int offset;
        private int length;

        CharSlice of(char[] chars, int offset, int length) {
            this.chars = chars;
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
            return chars[offset + index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(chars, offset + start, end - start);
        }

        @Override
        public String toString() {
            return new String(chars, offset, length);
        }
    }
}
