package dev.selfheal.data;

import java.util.List;

/** An in-memory table of transactions with named features, e.g. a training file. */
public record Dataset(List<String> featureNames, List<Transaction> rows) {
    public Dataset {
        featureNames = List.copyOf(featureNames);
        rows = List.copyOf(rows);
    }

    public int size() {
        return rows.size();
    }

    public int dim() {
        return featureNames.size();
    }

    public float[][] features() {
        float[][] x = new float[rows.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = rows.get(i).features;
        }
        return x;
    }

    /** Labels as given (may be {@link Transaction#NO_LABEL}). */
    public int[] labels() {
        int[] y = new int[rows.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = rows.get(i).label;
        }
        return y;
    }

    /** True classes, for evaluation. */
    public int[] trueLabels() {
        int[] y = new int[rows.size()];
        for (int i = 0; i < y.length; i++) {
            Transaction t = rows.get(i);
            y[i] = t.trueLabel == Transaction.NO_LABEL ? t.label : t.trueLabel;
        }
        return y;
    }
}
