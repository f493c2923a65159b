package dev.selfheal.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits and quotes one CSV line: comma-separated, fields optionally double-quoted with {@code ""}
 * for a literal quote. A quote inside an unquoted field is taken literally. Records never span
 * lines, because every source here (files, sockets, Kafka) delivers one record per line.
 */
public final class CsvFields {
    private CsvFields() {}

    /** @throws MalformedLineException on an unterminated quote or text after a closing quote */
    public static List<String> split(String line) {
        return split(line, 10);
    }

    /**
     * The same, with room for {@code expected} fields from the start: on the parse thread's hot
     * path, growing the list for every wider-than-ten line cost more than the split itself.
     */
    public static List<String> split(String line, int expected) {
        List<String> fields = new ArrayList<>(Math.max(1, expected));
        int n = line.length();
        int i = 0;
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new MalformedLineException("unterminated quote in field " + (fields.size() + 1));
                    }
                    char c = line.charAt(i);
                    if (c != '"') {
                        field.append(c);
                        i++;
                    } else if (i + 1 < n && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                    } else {
                        i++;
                        break;
                    }
                }
                fields.add(field.toString());
                if (i == n) {
                    return fields;
                }
                if (line.charAt(i) != ',') {
                    throw new MalformedLineException("text after closing quote in field " + fields.size());
                }
                i++;
            } else {
                int comma = line.indexOf(',', i);
                if (comma < 0) {
                    fields.add(line.substring(i));
                    return fields;
                }
                fields.add(line.substring(i, comma));
                i = comma + 1;
            }
        }
    }

    /** Quotes a text field only when it must be quoted to read back unchanged. */
    static String quote(String field) {
        if (field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a field cannot contain a line break: " + field);
        }
        boolean needsQuotes = field.indexOf(',') >= 0 || field.startsWith("\"");
        return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    static final class MalformedLineException extends RuntimeException {
        MalformedLineException(String message) {
            super(message, null, false, false);
        }
    }
}
