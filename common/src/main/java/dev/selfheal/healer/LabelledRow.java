package dev.selfheal.healer;

/** A sample whose label has arrived: what validation and supervised healing use. A Flink POJO. */
public class LabelledRow {
    public String id;
    public long batch;
    public float[] features;
    public int label;

    public LabelledRow() {}

    public LabelledRow(String id, long batch, float[] features, int label) {
        this.id = id;
        this.batch = batch;
        this.features = features;
        this.label = label;
    }
}
