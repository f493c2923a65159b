package dev.selfheal.data;

import java.io.Serializable;
import java.util.List;

/**
 * Parses the label stream, lines of {@code id,label[,ts]} (DESIGN §4). A header is optional: a first
 * line whose first field is {@code id} is skipped, and so is any later line that is exactly a
 * header ({@code id,label} or {@code id,label,ts}), as happens when files are concatenated. Without
 * a ts field the line number stands in, as for transactions. Never throws on bad input.
 */
public final class LabelParser implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int maxLineChars;

    public LabelParser() {
        this(TransactionParser.DEFAULT_MAX_LINE_CHARS);
    }

    public LabelParser(int maxLineChars) {
        if (maxLineChars < 1) {
            throw new IllegalArgumentException("maxLineChars must be >= 1, got " + maxLineChars);
        }
        this.maxLineChars = maxLineChars;
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
        if (f.size() != 2 && f.size() != 3) {
            return ParseResult.rejected(DeadLetterReason.COLUMN_COUNT,
                    "expected 2 or 3 columns (id,label[,ts]), got " + f.size(), line, lineNumber);
        }
        try {
            String id = f.get(0);
            if (id.isBlank()) {
                throw new FieldRejection(DeadLetterReason.MISSING_ID, "column id is empty");
            }
            int label = CsvValues.label(CsvHeader.LABEL, f.get(1));
            long ts = f.size() == 3 ? CsvValues.timestamp(CsvHeader.TS, f.get(2)) : lineNumber;
            return ParseResult.ok(new LabelEvent(id, label, ts), line, lineNumber);
        } catch (FieldRejection r) {
            return ParseResult.rejected(r.reason, r.getMessage(), line, lineNumber);
        }
    }

    private static boolean isHeader(List<String> f, long lineNumber) {
        boolean firstIsId = f.get(0).strip().equals(CsvHeader.ID);
        if (lineNumber == 1) {
            return firstIsId;
        }
        boolean exact = f.size() >= 2 && f.size() <= 3 && f.get(1).strip().equals(CsvHeader.LABEL)
                && (f.size() == 2 || f.get(2).strip().equals(CsvHeader.TS));
        return firstIsId && exact;
    }
}
