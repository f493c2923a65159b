package dev.selfheal.model;

/**
 * Per-feature standardisation fitted on the training data and kept with the model, so that a
 * drifted feature reaches the backbone as drifted (it is not re-fitted on the stream).
 */
public record Standardizer(float[] mean, float[] std) {
    public Standardizer {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std differ in length");
        }
        for (float s : std) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw new IllegalArgumentException("standard deviations must be finite and positive");
            }
        }
    }

    public static Standardizer fit(float[][] rows) {
        int d = rows[0].length;
        double[] sum = new double[d];
        double[] sq = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                sum[j] += r[j];
                sq[j] += (double) r[j] * r[j];
            }
        }
        float[] mean = new float[d];
        float[] std = new float[d];
        int n = rows.length;
        for (int j = 0; j < d; j++) {
            double m = sum[j] / n;
            double var = Math.max(0, sq[j] / n - m * m);
            mean[j] = (float) m;
            // A constant column would divide by zero; treat it as unit scale.
            std[j] = var > 1e-12 ? (float) Math.sqrt(var) : 1f;
        }
        return new Standardizer(mean, std);
    }

    public int dim() {
        return mean.length;
    }

    /** Writes the standardised row into {@code dst} at {@code offset}. */
    public void apply(float[] row, float[] dst, int offset) {
        for (int j = 0; j < mean.length; j++) {
            dst[offset + j] = (row[j] - mean[j]) / std[j];
        }
    }

    public float[] applyAll(float[][] rows, int n) {
        int d = mean.length;
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            apply(rows[i], out, i * d);
        }
        return out;
    }
}
