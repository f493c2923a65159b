package dev.selfheal.healer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One audit event: a heal, a rejected update, a rollback, a state change, a control command. The
 * job writes them as {@code {ts, type, model, version, batch, details}} JSON lines.
 */
public record AuditRecord(long ts, String type, String model, long version, long batch, Map<String, Object> details) {
    public static final String HEAL = "heal";
    public static final String REJECTED = "rejected_update";
    public static final String ROLLBACK = "rollback";
    public static final String STATE = "state_change";
    public static final String DRIFT = "drift";
    /** {@code details.kind} of the drift event that releases quarantined labels as a changed concept. */
    public static final String CONCEPT_CHANGE = "concept_change";
    public static final String CONTROL = "control";
    public static final String DEPLOYED = "deployed";
    public static final String AWAITING_APPROVAL = "awaiting_approval";

    public AuditRecord {
        details = details == null ? Map.of() : new LinkedHashMap<>(details);
    }
}
