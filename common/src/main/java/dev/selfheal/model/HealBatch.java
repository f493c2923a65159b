package dev.selfheal.model;

/**
 * What one heal learns from: raw rows, their labels where known ({@code -1} = unlabelled), the
 * rules' labels (weak supervision) and which rows are model/rule conflicts.
 */
public record HealBatch(float[][] rows, int[] labels, int[] ruleLabels, boolean[] conflicts) {
    public HealBatch {
        int n = rows.length;
        if (labels.length != n || ruleLabels.length != n || conflicts.length != n) {
            throw new IllegalArgumentException("rows, labels, rule labels and conflicts differ in length");
        }
    }

    public int size() {
        return rows.length;
    }

    public int labelled() {
        int c = 0;
        for (int y : labels) {
            if (y == 0 || y == 1) c++;
        }
        return c;
    }

    /** Share of frauds among labelled conflict rows; 0 when there are none. */
    public double fraudShareAmongConflicts() {
        int n = 0;
        int fraud = 0;
        for (int i = 0; i < labels.length; i++) {
            if (conflicts[i] && (labels[i] == 0 || labels[i] == 1)) {
                n++;
                fraud += labels[i];
            }
        }
        return n == 0 ? 0.0 : (double) fraud / n;
    }
}
