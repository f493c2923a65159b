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

    /** The rows' features, in order (the arrays themselves, not copies). */
    public static float[][] features(java.util.List<LabelledRow> rows) {
        float[][] x = new float[rows.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = rows.get(i).features;
        }
        return x;
    }

    /** The rows' labels, in order. */
    public static int[] labels(java.util.List<LabelledRow> rows) {
        int[] y = new int[rows.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = rows.get(i).label;
        }
        return y;
    }
}
