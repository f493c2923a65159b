package dev.selfheal.job.event;

import dev.selfheal.healer.AuditRecord;

/** An audit event on its way to {@code events.jsonl}; details travel as a JSON object string. */
public class AuditEvent {
    public long ts;
    public String type;
    public String model;
    public long version;
    public long batch;
    public String detailsJson;

    public AuditEvent() {}

    public static AuditEvent of(AuditRecord r) {
        AuditEvent e = new AuditEvent();
        e.ts = r.ts();
        e.type = r.type();
        e.model = r.model();
        e.version = r.version();
        e.batch = r.batch();
        e.detailsJson = Json.write(r.details());
        return e;
    }

    public String toJson() {
        return "{\"ts\":" + ts + ",\"type\":" + Json.quote(type) + ",\"model\":" + Json.quote(model) + ",\"version\":"
                + version + ",\"batch\":" + batch + ",\"details\":" + (detailsJson == null ? "{}" : detailsJson) + "}";
    }
}
