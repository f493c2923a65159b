package dev.selfheal.job.event;

/**
 * What SCORE emits for every transaction: the served model's probability and decision, the shadow's
 * probability, and the adapter version that produced them. A Flink POJO.
 */
public class ScoredEvent {
    public String id;
    public String key;
    public String model;
    public long ts;
    public int batch;
    public float p;
    public boolean decision;
    public float pShadow;
    public long modelVersion;
    public int ruleFlags;
    /** The SCORE subtask that scored it, so tests and operators can see per-subtask behaviour. */
    public int subtask;

    public ScoredEvent() {}

    public String toJson() {
        StringBuilder b = new StringBuilder(160).append("{\"id\":");
        Json.quote(b, id).append(",\"key\":");
        Json.quote(b, key).append(",\"model\":");
        Json.quote(b, model).append(",\"ts\":").append(ts)
                .append(",\"batch\":").append(batch)
                .append(",\"p\":").append(p)
                .append(",\"decision\":").append(decision ? 1 : 0)
                .append(",\"p_shadow\":").append(pShadow)
                .append(",\"model_version\":").append(modelVersion)
                .append(",\"rule_flags\":").append(ruleFlags)
                .append(",\"subtask\":").append(subtask)
                .append('}');
        return b.toString();
    }
}
