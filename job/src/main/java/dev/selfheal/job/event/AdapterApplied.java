package dev.selfheal.job.event;

/** A SCORE subtask switched to an adapter version (or refused one, with the reason). */
public class AdapterApplied {
    public String model;
    public long version;
    public int subtask;
    public long lagMs;
    /** Null when applied; the verification failure otherwise. */
    public String refused;
    /**
     * Applied from restored broadcast state, not received: its lag is the downtime since the
     * checkpoint, not propagation, and is kept out of the propagation-lag metric.
     */
    public boolean restored;

    public AdapterApplied() {}

    public AdapterApplied(String model, long version, int subtask, long lagMs, String refused) {
        this.model = model;
        this.version = version;
        this.subtask = subtask;
        this.lagMs = lagMs;
        this.refused = refused;
    }

    public String toJson() {
        return "{\"model\":" + Json.quote(model) + ",\"version\":" + version + ",\"subtask\":" + subtask
                + ",\"lag_ms\":" + lagMs + ",\"refused\":" + Json.quote(refused) + ",\"restored\":" + restored + "}";
    }
}
