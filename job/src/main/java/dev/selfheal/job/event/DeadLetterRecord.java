package dev.selfheal.job.event;

/** An input that could not be used: which stream, why, and the raw text. */
public class DeadLetterRecord {
    public String stream;
    public String reason;
    public String message;
    public long line;
    public String raw;

    public DeadLetterRecord() {}

    public DeadLetterRecord(String stream, String reason, String message, long line, String raw) {
        this.stream = stream;
        this.reason = reason;
        this.message = message;
        this.line = line;
        this.raw = raw;
    }

    public String toJson() {
        String r = raw == null ? null : (raw.length() > 4096 ? raw.substring(0, 4096) + "…" : raw);
        return "{\"stream\":" + Json.quote(stream) + ",\"reason\":" + Json.quote(reason) + ",\"message\":"
                + Json.quote(message) + ",\"line\":" + line + ",\"raw\":" + Json.quote(r) + "}";
    }
}
