package dev.selfheal.job.event;

/**
 * A new served adapter for one model, from HEAL to every SCORE subtask over the broadcast edge.
 * Carries the codec bytes (checksummed), never a Java object graph.
 */
public class AdapterUpdate {
    public String model;
    public long version;
    /** {@link dev.selfheal.model.AdapterCodec} bytes. */
    public byte[] adapter;
    /** Decision threshold to use with it. */
    public double threshold;
    /** Why: heal, rollback, manual, initial. */
    public String reason;
    /** Processing time HEAL emitted it, for the propagation-lag metric. */
    public long emittedAtMs;

    public AdapterUpdate() {}

    public AdapterUpdate(String model, long version, byte[] adapter, double threshold, String reason, long emittedAtMs) {
        this.model = model;
        this.version = version;
        this.adapter = adapter;
        this.threshold = threshold;
        this.reason = reason;
        this.emittedAtMs = emittedAtMs;
    }
}
