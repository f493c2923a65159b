package dev.selfheal.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * A label as a JSON object, {@code {"id":"tx-1","label":1,"ts":1700000000000,"model":"fraud-eu"}}: the
 * keys of the CSV label line, the same defaults (ts = line number, model = the implicit one) and the
 * same reasons. Other keys are ignored.
 */
final class JsonLabels {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String WHERE = "key ";

    private JsonLabels() {}

    static ParseResult<LabelEvent> parse(String line, long lineNumber, ModelAllowList models) {
        try (JsonParser p = FACTORY.createParser(line)) {
            return ParseResult.ok(read(p, lineNumber, models), line, lineNumber);
        } catch (FieldRejection r) {
            return ParseResult.rejected(r.reason, CsvValues.oneLine(r.getMessage()), line, lineNumber);
        } catch (JsonProcessingException e) {
            String m = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ").strip();
            return ParseResult.rejected(DeadLetterReason.MALFORMED, "not valid JSON: " + CsvValues.cut(m, 200), line,
                    lineNumber);
        } catch (IOException e) {
            return ParseResult.rejected(DeadLetterReason.MALFORMED, "not valid JSON", line, lineNumber);
        }
    }

    private static LabelEvent read(JsonParser p, long lineNumber, ModelAllowList models) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new FieldRejection(DeadLetterReason.MALFORMED, "a label must be a JSON object");
        }
        String id = null;
        String labelText = null;
        String tsText = null;
        String model = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case CsvHeader.ID -> id = scalar(p, v, name);
                case CsvHeader.LABEL -> labelText = scalar(p, v, name);
                case CsvHeader.TS -> tsText = scalar(p, v, name);
                case CsvHeader.MODEL -> model = scalar(p, v, name);
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw new FieldRejection(DeadLetterReason.MALFORMED, "text after the JSON object");
        }
        if (id == null || id.isBlank()) {
            throw new FieldRejection(DeadLetterReason.MISSING_ID, WHERE + "id is " + (id == null ? "missing" : "empty"));
        }
        if (labelText == null) {
            throw new FieldRejection(DeadLetterReason.BAD_LABEL, WHERE + "label is missing");
        }
        int label = CsvValues.label(WHERE, CsvHeader.LABEL, labelText);
        long ts = tsText == null ? lineNumber : CsvValues.timestamp(WHERE, CsvHeader.TS, tsText);
        return new LabelEvent(id, label, ts,
                LabelParser.served(model == null || model.isEmpty() ? models.implicitModel() : model, models));
    }

    /** Strings and numbers as their text, null as absent; objects, arrays and booleans are refused. */
    private static String scalar(JsonParser p, JsonToken v, String name) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getText();
        }
        DeadLetterReason reason = switch (name) {
            case CsvHeader.ID -> DeadLetterReason.MISSING_ID;
            case CsvHeader.LABEL -> DeadLetterReason.BAD_LABEL;
            case CsvHeader.TS -> DeadLetterReason.BAD_TS;
            default -> DeadLetterReason.MALFORMED;
        };
        throw new FieldRejection(reason, WHERE + name + " must be a string or a number");
    }
}
