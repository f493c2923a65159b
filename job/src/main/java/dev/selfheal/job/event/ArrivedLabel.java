package dev.selfheal.job.event;

/** A label held in HEAL's state until its sample's batch is processed. */
public class ArrivedLabel {
    public int label;
    public long ts;

    public ArrivedLabel() {}

    public ArrivedLabel(int label, long ts) {
        this.label = label;
        this.ts = ts;
    }
}
