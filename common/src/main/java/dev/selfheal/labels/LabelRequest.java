package dev.selfheal.labels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One label request (DESIGN §4, label requests): please label row {@code id} of {@code model}.
 *
 * @param ts       when it was made (HEAL's clock, as audit events)
 * @param batch    the heal batch the row was scored in
 * @param score    the served model's fraud probability for the row
 * @param strategy the strategy that chose it
 * @param reason   why, for people
 */
public record LabelRequest(long ts, String model, String id, long batch, double score, String strategy,
                           String reason) {
    /** Audit event type of a request. */
    public static final String AUDIT_TYPE = "label_request";

    /** The contract's fields ({@code ts, model, id, score, strategy, reason}), then {@code batch}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", ts);
        m.put("model", model);
        m.put("id", id);
        m.put("score", score);
        m.put("strategy", strategy);
        m.put("reason", reason);
        m.put("batch", batch);
        return m;
    }

    /** The details of the request's audit event (the envelope carries ts, model and batch). */
    public Map<String, Object> auditDetails() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("score", score);
        m.put("strategy", strategy);
        m.put("reason", reason);
        return m;
    }
}
