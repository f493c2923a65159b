package dev.selfheal.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One transaction as it flows through the job. A Flink POJO (public fields, no-arg constructor) so
 * it is serialised field by field, never with Java serialisation.
 */
public class Transaction {
    /** Unique id; labels arriving later are joined on it. */
    public String id;
    /** Partitioning key (account). */
    public String key;
    /** Model (segment) this transaction is scored by. */
    public String model;
    /** Event time, epoch ms. */
    public long ts;
    /** Batch number in the stream (0 when unknown). */
    public int batch;
    /** Label carried with the row: 0, 1, or {@link #NO_LABEL}. */
    public int label;
    /**
     * The true class, for evaluation only (never used for learning); differs from {@link #label}
     * only in scenarios that corrupt labels. {@link #NO_LABEL} when unknown.
     */
    public int trueLabel;
    /** Raw (unstandardised) feature values in the model's feature order. */
    public float[] features;

    public static final int NO_LABEL = -1;
    public static final String DEFAULT_MODEL = "default";

    public Transaction() {}

    public Transaction(String id, String key, long ts, int batch, int label, float[] features) {
        this.id = id;
        this.key = key;
        this.model = DEFAULT_MODEL;
        this.ts = ts;
        this.batch = batch;
        this.label = label;
        this.trueLabel = label;
        this.features = features;
    }

    public boolean hasLabel() {
        return label == 0 || label == 1;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Transaction t)) {
            return false;
        }
        return ts == t.ts && batch == t.batch && label == t.label && trueLabel == t.trueLabel
                && Objects.equals(id, t.id) && Objects.equals(key, t.key)
                && Objects.equals(model, t.model) && Arrays.equals(features, t.features);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, key, model, ts, batch, label, trueLabel) * 31 + Arrays.hashCode(features);
    }

    @Override
    public String toString() {
        return "Transaction{id=" + id + ", key=" + key + ", model=" + model + ", batch=" + batch
                + ", label=" + label + ", features=" + Arrays.toString(features) + "}";
    }
}
