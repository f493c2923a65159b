package dev.selfheal.job.event;

/**
 * An input that could not be used: which stream, why, and the raw text, or for binary input (Avro, or
 * JSON that is not UTF-8) the raw bytes in base64 with {@code rawEncoding} "base64".
 */
public class DeadLetterRecord {
    public String stream;
    public String reason;
    public String message;
    public long line;
    public String raw;
    /** Null for text; {@link dev.selfheal.data.DeadLetter#BASE64} when {@code raw} holds bytes. */
    public String rawEncoding;

    public DeadLetterRecord() {}

    public DeadLetterRecord(String stream, String reason, String message, long line, String raw) {
        this.stream = stream;
        this.reason = reason;
        this.message = message;
        this.line = line;
        this.raw = raw;
    }

    public DeadLetterRecord(String stream, dev.selfheal.data.DeadLetter d) {
        this(stream, d.reason(), d.message(), d.lineNumber(), d.raw());
        this.rawEncoding = d.rawEncoding();
    }

    public String toJson() {
        String r = raw == null ? null : (raw.length() > 4096 ? raw.substring(0, 4096) + "…" : raw);
        return "{\"stream\":" + Json.quote(stream) + ",\"reason\":" + Json.quote(reason) + ",\"message\":"
                + Json.quote(message) + ",\"line\":" + line + ",\"raw\":" + Json.quote(r)
                + (rawEncoding == null ? "" : ",\"raw_encoding\":" + Json.quote(rawEncoding)) + "}";
    }
}
