package dev.selfheal.job.event;

import dev.selfheal.data.FloatText;

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

    /** The columns of {@link #toCsv()}, in order. */
    public static final String CSV_HEADER = "id,key,model,ts,batch,p,decision,p_shadow,model_version,rule_flags,subtask";

    /** One CSV row, {@link #CSV_HEADER}'s columns; ids and keys quoted only when they need it. */
    public String toCsv() {
        StringBuilder b = new StringBuilder(128);
        csvField(b, id).append(',');
        csvField(b, key).append(',');
        csvField(b, model).append(',').append(ts)
                .append(',').append(batch)
                .append(',').append(FloatText.toString(p))
                .append(',').append(decision ? 1 : 0)
                .append(',').append(FloatText.toString(pShadow))
                .append(',').append(modelVersion)
                .append(',').append(ruleFlags)
                .append(',').append(subtask);
        return b.toString();
    }

    private static StringBuilder csvField(StringBuilder b, String s) {
        if (s == null) {
            return b;
        }
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            return b.append(s);
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c);
            if (c == '"') {
                b.append('"');
            }
        }
        return b.append('"');
    }

    public String toJson() {
        StringBuilder b = new StringBuilder(160).append("{\"id\":");
        Json.quote(b, id).append(",\"key\":");
        Json.quote(b, key).append(",\"model\":");
        Json.quote(b, model).append(",\"ts\":").append(ts)
                .append(",\"batch\":").append(batch)
                .append(",\"p\":").append(FloatText.toString(p))
                .append(",\"decision\":").append(decision ? 1 : 0)
                .append(",\"p_shadow\":").append(FloatText.toString(pShadow))
                .append(",\"model_version\":").append(modelVersion)
                .append(",\"rule_flags\":").append(ruleFlags)
                .append(",\"subtask\":").append(subtask)
                .append('}');
        return b.toString();
    }
}
