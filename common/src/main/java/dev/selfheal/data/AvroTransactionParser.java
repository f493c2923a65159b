package dev.selfheal.data;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns one Avro binary record (a Kafka record value, or a framed record of a file) into a
 * {@link Transaction}, decoded by the Avro library against the schema given in the config.
 *
 * <p>The schema is a record; each feature is a field of type int, long, float, double or string (a
 * string spelled as a CSV decimal), optionally in a union with null. The reserved fields of the CSV
 * contract ({@code id}, {@code key}, {@code ts}, {@code batch}, {@code label}, {@code true_label},
 * {@code model}) are optional and take the same defaults; other fields are decoded and ignored. A
 * schema that cannot feed the model is refused when the parser is made, in one line.
 *
 * <p>Bytes that do not decode (truncated, corrupt, bytes left over after the record) are
 * {@code malformed}; a null feature is {@code missing_value}, NaN or an infinity {@code non_finite},
 * beyond ±1e30 {@code out_of_range}, and the reserved fields are checked as in CSV. Dead letters keep
 * the raw bytes, base64-encoded. Never throws on bad input; keeps decoder scratch state, so one
 * instance per thread.
 */
public final class AvroTransactionParser implements TransactionDecoder {
    private static final long serialVersionUID = 1L;
    private static final String WHERE = "field ";
    /** Base64 of this many bytes is 4096 characters, what a dead-letter record keeps of its raw input. */
    static final int RAW_KEPT_BYTES = 3072;

    private static final Set<Schema.Type> NUMBERS = EnumSet.of(Schema.Type.INT, Schema.Type.LONG, Schema.Type.FLOAT,
            Schema.Type.DOUBLE, Schema.Type.STRING);
    private static final Set<Schema.Type> WHOLE = EnumSet.of(Schema.Type.INT, Schema.Type.LONG, Schema.Type.STRING);
    private static final Set<Schema.Type> TEXT = EnumSet.of(Schema.Type.STRING);

    private final String schemaJson;
    private final List<String> features;
    private final ModelAllowList models;
    private final int maxRecordBytes;
    private final int[] featurePos;
    private final int idPos;
    private final int keyPos;
    private final int tsPos;
    private final int batchPos;
    private final int labelPos;
    private final int trueLabelPos;
    private final int modelPos;

    private transient Schema schema;
    private transient GenericDatumReader<GenericRecord> reader;
    private transient BinaryDecoder binary;
    private transient BoundedDecoder bounded;
    private transient GenericRecord reuse;

    public AvroTransactionParser(String schemaJson, List<String> features, ModelAllowList models) {
        this(schemaJson, features, models, TransactionParser.DEFAULT_MAX_LINE_CHARS);
    }

    /**
     * @param schemaJson the writers' schema (an .avsc file's text)
     * @throws IllegalArgumentException when the schema does not parse, is not a record, lacks a feature,
     *     or types a feature or reserved field in a way that cannot be read
     */
    public AvroTransactionParser(String schemaJson, List<String> features, ModelAllowList models, int maxRecordBytes) {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be >= 1, got " + maxRecordBytes);
        }
        this.schemaJson = Objects.requireNonNull(schemaJson);
        this.features = List.copyOf(features);
        this.models = Objects.requireNonNull(models);
        this.maxRecordBytes = maxRecordBytes;
        Schema s = parseSchema(schemaJson);
        if (s.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("the Avro schema must be a record, not " + s.getType().getName());
        }
        if (this.features.isEmpty()) {
            throw new IllegalArgumentException("no features to read");
        }
        featurePos = new int[this.features.size()];
        for (int i = 0; i < featurePos.length; i++) {
            String name = this.features.get(i);
            if (CsvHeader.RESERVED.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is a reserved field and cannot be a feature");
            }
            featurePos[i] = position(s, name, NUMBERS, true);
        }
        idPos = position(s, CsvHeader.ID, WHOLE, false);
        keyPos = position(s, CsvHeader.KEY, TEXT, false);
        tsPos = position(s, CsvHeader.TS, WHOLE, false);
        batchPos = position(s, CsvHeader.BATCH, WHOLE, false);
        labelPos = position(s, CsvHeader.LABEL, WHOLE, false);
        trueLabelPos = position(s, CsvHeader.TRUE_LABEL, WHOLE, false);
        modelPos = position(s, CsvHeader.MODEL, TEXT, false);
    }

    /** @throws IllegalArgumentException in one line when the text is not an Avro schema */
    public static Schema parseSchema(String json) {
        try {
            return new Schema.Parser().parse(json);
        } catch (SchemaParseException | NullPointerException e) {
            throw new IllegalArgumentException("not an Avro schema: " + CsvValues.cut(String.valueOf(e.getMessage())
                    .replaceAll("\\s+", " "), 200));
        }
    }

    /** The field's position, or -1 when an optional field is absent. */
    private static int position(Schema record, String name, Set<Schema.Type> allowed, boolean required) {
        Schema.Field f = record.getField(name);
        if (f == null) {
            if (required) {
                List<String> names = new ArrayList<>();
                record.getFields().forEach(x -> names.add(x.name()));
                throw new IllegalArgumentException("feature '" + name + "' is not a field of the Avro schema "
                        + record.getFullName() + "; its fields are " + names);
            }
            return -1;
        }
        Schema.Type type = valueType(f.schema());
        if (type == null || !allowed.contains(type)) {
            throw new IllegalArgumentException("Avro field '" + name + "' has type " + f.schema()
                    + "; expected one of " + allowed.stream().map(Schema.Type::getName).toList()
                    + ", or a union of null and one of them");
        }
        return f.pos();
    }

    /** The type of a plain field or of a union of null and one type; null for anything else. */
    private static Schema.Type valueType(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s.getType();
        }
        List<Schema> types = s.getTypes();
        if (types.size() != 2) {
            return null;
        }
        Schema a = types.get(0);
        Schema b = types.get(1);
        if (a.getType() == Schema.Type.NULL) {
            return b.getType();
        }
        return b.getType() == Schema.Type.NULL ? a.getType() : null;
    }

    @Override
    public RecordFormat format() {
        return RecordFormat.AVRO;
    }

    public Schema schema() {
        open();
        return schema;
    }

    private void open() {
        if (schema == null) {
            schema = parseSchema(schemaJson);
            reader = new GenericDatumReader<>(schema);
            bounded = new BoundedDecoder();
        }
    }

    @Override
    public ParseResult<Transaction> parse(byte[] bytes, int offset, int length, long recordNumber) {
        if (length == 0) {
            return ParseResult.rejectedBinary(DeadLetterReason.EMPTY_LINE, "empty record", bytes, offset, 0, 0,
                    recordNumber);
        }
        if (length > maxRecordBytes) {
            return ParseResult.rejectedBinary(DeadLetterReason.LINE_TOO_LONG, "record has " + length
                    + " bytes, the limit is " + maxRecordBytes, bytes, offset, length, RAW_KEPT_BYTES, recordNumber);
        }
        open();
        GenericRecord r;
        try {
            binary = DecoderFactory.get().binaryDecoder(bytes, offset, length, binary);
            r = reader.read(reuse, bounded.reset(binary, length));
            if (!binary.isEnd()) {
                return rejected(DeadLetterReason.MALFORMED, "bytes left over after the record: not a record of "
                        + schema.getFullName(), bytes, offset, length, recordNumber);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Corrupt bytes surface from deep inside Avro as EOF, AvroRuntimeException, an index out of
            // bounds (a union or enum index) or a negative size: all of them mean one bad record.
            reuse = null;
            return rejected(DeadLetterReason.MALFORMED, "not a record of " + schema.getFullName() + ": "
                    + describe(e), bytes, offset, length, recordNumber);
        }
        reuse = r;
        try {
            return ParseResult.ok(toTransaction(r, recordNumber), null, recordNumber);
        } catch (FieldRejection e) {
            return rejected(e.reason, e.getMessage(), bytes, offset, length, recordNumber);
        }
    }

    private Transaction toTransaction(GenericRecord r, long recordNumber) {
        Transaction t = ReservedFields.blank(featurePos.length);
        if (idPos >= 0) {
            Object id = r.get(idPos);
            if (id == null) {
                throw new FieldRejection(DeadLetterReason.MISSING_ID, WHERE + "id is null");
            }
            t.id = id.toString();
            if (t.id.isBlank()) {
                throw new FieldRejection(DeadLetterReason.MISSING_ID, WHERE + "id is empty");
            }
        }
        if (keyPos >= 0) {
            t.key = text(r.get(keyPos));
        }
        if (tsPos >= 0) {
            t.ts = timestamp(r.get(tsPos));
        }
        if (batchPos >= 0) {
            t.batch = batch(r.get(batchPos));
        }
        if (labelPos >= 0) {
            t.label = label(r.get(labelPos), CsvHeader.LABEL);
        }
        if (trueLabelPos >= 0) {
            t.trueLabel = label(r.get(trueLabelPos), CsvHeader.TRUE_LABEL);
        }
        if (modelPos >= 0) {
            t.model = text(r.get(modelPos));
        }
        float[] f = t.features;
        for (int i = 0; i < f.length; i++) {
            f[i] = feature(r.get(featurePos[i]), features.get(i));
        }
        return ReservedFields.finish(t, recordNumber, models);
    }

    private static float feature(Object v, String name) {
        if (v instanceof Float x) {
            return checked(x, name);
        }
        if (v instanceof Double x) {
            return checked(x, name);
        }
        if (v instanceof Integer x) {
            return x;
        }
        if (v instanceof Long x) {
            return x;
        }
        if (v == null) {
            throw new FieldRejection(DeadLetterReason.MISSING_VALUE, WHERE + name + " is null");
        }
        return CsvValues.feature(WHERE, name, v.toString());
    }

    private static float checked(double x, String name) {
        if (Math.abs(x) <= CsvValues.MAX_MAGNITUDE) {
            return (float) x; // the common case, without building the text a message would need
        }
        // A binary infinity is a value that is not finite, not a literal too large to read.
        if (Double.isInfinite(x) || Double.isNaN(x)) {
            throw CsvValues.nonFinite(WHERE, name, Double.toString(x));
        }
        return CsvValues.number(WHERE, name, x, Double.toString(x));
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }

    private static long timestamp(Object v) {
        if (v instanceof Long || v instanceof Integer) {
            long ts = ((Number) v).longValue();
            if (ts >= 0) {
                return ts;
            }
        } else if (v instanceof CharSequence s) {
            return CsvValues.timestamp(WHERE, CsvHeader.TS, s.toString());
        }
        throw new FieldRejection(DeadLetterReason.BAD_TS, WHERE + CsvHeader.TS + ": " + CsvValues.shown(String.valueOf(v))
                + " is not epoch milliseconds (a whole number >= 0)");
    }

    private static int batch(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Long || v instanceof Integer) {
            long batch = ((Number) v).longValue();
            if (batch >= 0 && batch <= Integer.MAX_VALUE) {
                return (int) batch;
            }
        } else if (v instanceof CharSequence s) {
            return CsvValues.batch(WHERE, CsvHeader.BATCH, s.toString());
        }
        throw new FieldRejection(DeadLetterReason.BAD_BATCH, WHERE + CsvHeader.BATCH + ": "
                + CsvValues.shown(String.valueOf(v)) + " is not a batch number (a whole number >= 0)");
    }

    private static int label(Object v, String name) {
        if (v == null) {
            return Transaction.NO_LABEL;
        }
        if (v instanceof Long || v instanceof Integer) {
            long label = ((Number) v).longValue();
            if (label == 0 || label == 1) {
                return (int) label;
            }
        } else if (v instanceof CharSequence s) {
            return CsvValues.optionalLabel(WHERE, name, s.toString());
        }
        throw new FieldRejection(DeadLetterReason.BAD_LABEL, WHERE + name + ": " + CsvValues.shown(String.valueOf(v))
                + " is not 0 or 1");
    }

    private static String describe(Exception e) {
        String m = e instanceof java.io.EOFException ? "the record ends early"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        return CsvValues.cut(m.replaceAll("\\s+", " ").strip(), 200);
    }

    private static <T> ParseResult<T> rejected(DeadLetterReason reason, String message, byte[] bytes, int offset,
                                               int length, long recordNumber) {
        return ParseResult.rejectedBinary(reason, CsvValues.oneLine(message), bytes, offset, length, RAW_KEPT_BYTES,
                recordNumber);
    }
}
