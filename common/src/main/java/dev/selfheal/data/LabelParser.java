package dev.selfheal.data;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Parses the label stream, lines of {@code id,label[,ts[,model]]} (the label contract). A header is optional:
 * a first line whose first field is {@code id} is skipped, and so is any later line that is exactly a
 * header ({@code id,label}, {@code id,label,ts} or {@code id,label,ts,model}), as happens when files
 * are concatenated. Without a ts field the line number stands in, as for transactions. Without a
 * model field (or with an empty one) the label belongs to {@link ModelAllowList#implicitModel()}.
 * When made to {@linkplain #acceptingJson accept JSON} (input formats json and avro), a line that is
 * a JSON object is read by key instead: {@code {"id":"tx-1","label":1,"ts":...,"model":...}}, with
 * the same defaults and reasons; other keys are ignored. Never throws on bad input.
 */
public final class LabelParser implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The label stream's columns, in order; a header names a prefix of them (at least id,label). */
    private static final List<String> HEADER = List.of(CsvHeader.ID, CsvHeader.LABEL, CsvHeader.TS, CsvHeader.MODEL);

    private final int maxLineChars;
    private final ModelAllowList models;
    private final boolean acceptJson;

    public LabelParser() {
        this(TransactionParser.DEFAULT_MAX_LINE_CHARS, ModelAllowList.any());
    }

    /** @param models labels for any other model id are rejected; also decides where unmarked labels go */
    public LabelParser(ModelAllowList models) {
        this(TransactionParser.DEFAULT_MAX_LINE_CHARS, models);
    }

    public LabelParser(int maxLineChars) {
        this(maxLineChars, ModelAllowList.any());
    }

    public LabelParser(int maxLineChars, ModelAllowList models) {
        this(maxLineChars, models, false);
    }

    private LabelParser(int maxLineChars, ModelAllowList models, boolean acceptJson) {
        if (maxLineChars < 1) {
            throw new IllegalArgumentException("maxLineChars must be >= 1, got " + maxLineChars);
        }
        this.maxLineChars = maxLineChars;
        this.models = Objects.requireNonNull(models);
        this.acceptJson = acceptJson;
    }

    /** This parser, also reading lines that are JSON objects (a CSV line never starts with '{'). */
    public LabelParser acceptingJson() {
        return new LabelParser(maxLineChars, models, true);
    }

    public ParseResult<LabelEvent> parse(String line, long lineNumber) {
        if (line == null || line.isBlank()) {
            return ParseResult.rejected(DeadLetterReason.EMPTY_LINE, "empty line", line == null ? "" : line,
                    lineNumber);
        }
        if (line.length() > maxLineChars) {
            return ParseResult.rejected(DeadLetterReason.LINE_TOO_LONG,
                    "line has " + line.length() + " characters, the limit is " + maxLineChars,
                    CsvValues.cut(line, TransactionParser.RAW_KEPT_CHARS), lineNumber);
        }
        if (acceptJson && line.stripLeading().startsWith("{")) {
            return JsonLabels.parse(line, lineNumber, models);
        }
        String body = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        List<String> f;
        try {
            f = CsvFields.split(body);
        } catch (CsvFields.MalformedLineException e) {
            return ParseResult.rejected(DeadLetterReason.MALFORMED, e.getMessage(), line, lineNumber);
        }
        if (isHeader(f, lineNumber)) {
            return ParseResult.skipped(line, lineNumber);
        }
        if (f.size() < 2 || f.size() > 4) {
            return ParseResult.rejected(DeadLetterReason.COLUMN_COUNT,
                    "expected 2 to 4 columns (id,label[,ts[,model]]), got " + f.size(), line, lineNumber);
        }
        try {
            String id = f.get(0);
            if (id.isBlank()) {
                throw new FieldRejection(DeadLetterReason.MISSING_ID, "column id is empty");
            }
            int label = CsvValues.label(CsvHeader.LABEL, f.get(1));
            long ts = f.size() >= 3 ? CsvValues.timestamp(CsvHeader.TS, f.get(2)) : lineNumber;
            // Not stripped, as in TransactionParser: the id must equal the transactions' model id exactly.
            String model = f.size() == 4 && !f.get(3).isEmpty() ? f.get(3) : models.implicitModel();
            return ParseResult.ok(new LabelEvent(id, label, ts, served(model, models)), line, lineNumber);
        } catch (FieldRejection r) {
            return ParseResult.rejected(r.reason, r.getMessage(), line, lineNumber);
        }
    }

    static String served(String model, ModelAllowList models) {
        if (!models.accepts(model)) {
            // A label HEAL would keep under a key that never gets samples, until its TTL: refuse it here.
            throw new FieldRejection(DeadLetterReason.UNKNOWN_MODEL, "model '" + CsvValues.cut(model, 100)
                    + "' is not served by this job (input.models: " + models + ")");
        }
        return model;
    }

    private static boolean isHeader(List<String> f, long lineNumber) {
        boolean firstIsId = f.get(0).strip().equals(CsvHeader.ID);
        if (lineNumber == 1) {
            return firstIsId;
        }
        if (f.size() < 2 || f.size() > HEADER.size()) {
            return false;
        }
        for (int i = 0; i < f.size(); i++) {
            if (!f.get(i).strip().equals(HEADER.get(i))) {
                return false;
            }
        }
        return true;
    }
}
