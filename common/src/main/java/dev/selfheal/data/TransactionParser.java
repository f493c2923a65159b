package dev.selfheal.data;

import java.io.Serializable;
import java.util.List;

/**
 * Turns one CSV data line into a {@link Transaction}, or into a dead letter saying why not. Never
 * throws on bad input: in a stream one bad row must cost one dead letter, not the job.
 *
 * <p>Defaults for absent columns: id {@code line-<lineNumber>}, key = id, ts = lineNumber, batch 0,
 * label and true label {@link Transaction#NO_LABEL}, model {@link ModelAllowList#implicitModel()} (the
 * only served id, else {@link Transaction#DEFAULT_MODEL}). With
 * a {@code label} but no {@code true_label} column, the true label is the label. Empty key, batch,
 * label and model fields take the same defaults; an empty id in an id column is rejected, since
 * labels could never be joined to that row.
 */
public final class TransactionParser implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_LINE_CHARS = 1 << 20;
    /** Dead letters keep this much of an over-long line: enough to find it, not enough to hurt. */
    static final int RAW_KEPT_CHARS = 1000;

    private final CsvHeader header;
    private final int maxLineChars;
    private final int idIndex;
    private final int keyIndex;
    private final int tsIndex;
    private final int batchIndex;
    private final int labelIndex;
    private final int trueLabelIndex;
    private final int modelIndex;
    private final ModelAllowList models;

    public TransactionParser(CsvHeader header) {
        this(header, DEFAULT_MAX_LINE_CHARS, ModelAllowList.any());
    }

    public TransactionParser(CsvHeader header, ModelAllowList models) {
        this(header, DEFAULT_MAX_LINE_CHARS, models);
    }

    /** @param maxLineChars longer lines are rejected before being split */
    public TransactionParser(CsvHeader header, int maxLineChars) {
        this(header, maxLineChars, ModelAllowList.any());
    }

    /**
     * @param maxLineChars longer lines are rejected before being split
     * @param models rows for any other model id (including the default id, for rows without one) are rejected
     */
    public TransactionParser(CsvHeader header, int maxLineChars, ModelAllowList models) {
        if (maxLineChars < 1) {
            throw new IllegalArgumentException("maxLineChars must be >= 1, got " + maxLineChars);
        }
        this.header = header;
        this.maxLineChars = maxLineChars;
        this.models = java.util.Objects.requireNonNull(models);
        this.idIndex = header.indexOf(CsvHeader.ID);
        this.keyIndex = header.indexOf(CsvHeader.KEY);
        this.tsIndex = header.indexOf(CsvHeader.TS);
        this.batchIndex = header.indexOf(CsvHeader.BATCH);
        this.labelIndex = header.indexOf(CsvHeader.LABEL);
        this.trueLabelIndex = header.indexOf(CsvHeader.TRUE_LABEL);
        this.modelIndex = header.indexOf(CsvHeader.MODEL);
    }

    public CsvHeader header() {
        return header;
    }

    /** @param lineNumber the line's position in its source (1 = the header in a file) */
    public ParseResult<Transaction> parse(String line, long lineNumber) {
        if (line == null || line.isBlank()) {
            return ParseResult.rejected(DeadLetterReason.EMPTY_LINE, "empty line", line == null ? "" : line,
                    lineNumber);
        }
        if (line.length() > maxLineChars) {
            return ParseResult.rejected(DeadLetterReason.LINE_TOO_LONG,
                    "line has " + line.length() + " characters, the limit is " + maxLineChars,
                    CsvValues.cut(line, RAW_KEPT_CHARS), lineNumber);
        }
        try {
            return ParseResult.ok(toTransaction(fields(line), lineNumber), line, lineNumber);
        } catch (FieldRejection r) {
            return ParseResult.rejected(r.reason, r.getMessage(), line, lineNumber);
        }
    }

    private Fields fields(String line) {
        String body = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (body.indexOf('"') < 0) {
            return unquoted(body);
        }
        List<String> fields;
        try {
            fields = CsvFields.split(body, header.columnCount());
        } catch (CsvFields.MalformedLineException e) {
            throw new FieldRejection(DeadLetterReason.MALFORMED, e.getMessage());
        }
        if (fields.size() != header.columnCount()) {
            throw columnCount(fields.size());
        }
        return new Fields() {
            @Override
            public String text(int i) {
                return fields.get(i);
            }

            @Override
            public float feature(String column, int i) {
                return CsvValues.feature(column, fields.get(i));
            }
        };
    }

    /**
     * A line without quotes, split at its commas in place: the features are read where they stand,
     * and only the fields kept as strings are copied out. Copying out every field cost the parse
     * thread more than reading the numbers.
     */
    private Fields unquoted(String line) {
        int columns = header.columnCount();
        int[] ends = new int[columns];
        int at = -1;
        int n = 0;
        while (true) {
            int comma = line.indexOf(',', at + 1);
            int end = comma < 0 ? line.length() : comma;
            if (n < columns) {
                ends[n] = end;
            }
            n++;
            if (comma < 0) {
                break;
            }
            at = comma;
        }
        if (n != columns) {
            throw columnCount(n);
        }
        return new Fields() {
            @Override
            public String text(int i) {
                return line.substring(i == 0 ? 0 : ends[i - 1] + 1, ends[i]);
            }

            @Override
            public float feature(String column, int i) {
                return CsvValues.feature(column, line, i == 0 ? 0 : ends[i - 1] + 1, ends[i]);
            }
        };
    }

    private FieldRejection columnCount(int got) {
        return new FieldRejection(DeadLetterReason.COLUMN_COUNT,
                "expected " + header.columnCount() + " columns, got " + got);
    }

    /** One line's fields by column index. */
    private interface Fields {
        String text(int i);

        float feature(String column, int i);
    }

    private Transaction toTransaction(Fields f, long lineNumber) {
        Transaction t = new Transaction();
        if (idIndex >= 0) {
            t.id = f.text(idIndex);
            if (t.id.isBlank()) {
                throw new FieldRejection(DeadLetterReason.MISSING_ID, "column id is empty");
            }
        } else {
            t.id = "line-" + lineNumber;
        }
        String key = keyIndex >= 0 ? f.text(keyIndex) : "";
        t.key = key.isEmpty() ? t.id : key;
        t.ts = tsIndex >= 0 ? CsvValues.timestamp(CsvHeader.TS, f.text(tsIndex)) : lineNumber;
        t.batch = batchIndex >= 0 ? CsvValues.batch(CsvHeader.BATCH, f.text(batchIndex)) : 0;
        t.label = labelIndex >= 0 ? CsvValues.optionalLabel(CsvHeader.LABEL, f.text(labelIndex)) : Transaction.NO_LABEL;
        t.trueLabel = trueLabelIndex >= 0
                ? CsvValues.optionalLabel(CsvHeader.TRUE_LABEL, f.text(trueLabelIndex))
                : t.label;
        // A row without a model id belongs to the one served model, as an unmarked label does.
        String model = modelIndex >= 0 ? f.text(modelIndex) : "";
        t.model = model.isEmpty() ? models.implicitModel() : model;
        if (!models.accepts(t.model)) {
            throw new FieldRejection(DeadLetterReason.UNKNOWN_MODEL, "model '" + CsvValues.cut(t.model, 100)
                    + "' is not served by this job (input.models: " + models + ")");
        }
        List<String> names = header.featureNames();
        t.features = new float[names.size()];
        for (int i = 0; i < t.features.length; i++) {
            t.features[i] = f.feature(names.get(i), header.featureIndex(i));
        }
        return t;
    }
}
