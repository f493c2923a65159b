package dev.selfheal.healer;

import dev.selfheal.drift.FeatureStats;
import dev.selfheal.drift.TrainingStats;
import dev.selfheal.model.Calibration;

/**
 * The recent batches' per-feature moments (count, sum, sum of squares), newest last, as one flat
 * array so it lives in keyed state; and the input recalibration they call for: a feature whose
 * recent mean or spread moved far from training is mapped back onto its training moments.
 */
public final class FeatureWindow {
    /** The scale's bounds unless the middle rows confirm a larger change. */
    static final double MIN_SCALE = 0.25;
    static final double MAX_SCALE = 4.0;
    /** Bounds in any case: beyond a factor of 10⁴ a change is a broken feed, not a unit. */
    private static final double LIMIT_MIN = 1e-4;
    private static final double LIMIT_MAX = 1e4;
    /** Training's decile edges at 20% and 80%: the middle spread. */
    private static final int SPREAD_LOW_EDGE = 1;
    private static final int SPREAD_HIGH_EDGE = 7;

    private final int dim;
    private final int window;

    public FeatureWindow(int dim, int window) {
        this.dim = dim;
        this.window = window;
    }

    /** Appends one batch's raw rows to the state and drops the oldest beyond the window. */
    public double[] add(double[] state, float[][] rows) {
        int per = 3 * dim;
        int have = state == null ? 0 : state.length / per;
        int keep = Math.min(have, window - 1);
        double[] next = new double[(keep + 1) * per];
        if (keep > 0) {
            System.arraycopy(state, (have - keep) * per, next, 0, keep * per);
        }
        int o = keep * per;
        for (float[] r : rows) {
            for (int j = 0; j < dim; j++) {
                next[o + 3 * j] += 1;
                next[o + 3 * j + 1] += r[j];
                next[o + 3 * j + 2] += (double) r[j] * r[j];
            }
        }
        return next;
    }

    /** Appends one batch's per-feature medians to {@code medians} and drops the oldest beyond the window. */
    public double[] addMedians(double[] medians, float[][] rows) {
        return addQuantileStat(medians, rows, false);
    }

    /**
     * Appends one batch's per-feature spread of its middle rows (80th percentile minus 20th) and
     * drops the oldest beyond the window.
     */
    public double[] addSpreads(double[] spreads, float[][] rows) {
        return addQuantileStat(spreads, rows, true);
    }

    private double[] addQuantileStat(double[] kept, float[][] rows, boolean spread) {
        int have = kept == null ? 0 : kept.length / dim;
        int keep = Math.min(have, window - 1);
        double[] next = new double[(keep + 1) * dim];
        if (keep > 0) {
            System.arraycopy(kept, (have - keep) * dim, next, 0, keep * dim);
        }
        float[] col = new float[rows.length];
        for (int j = 0; j < dim && rows.length > 0; j++) {
            for (int i = 0; i < rows.length; i++) {
                col[i] = rows[i][j];
            }
            next[keep * dim + j] = spread ? middleSpread(col) : median(col);
        }
        return rows.length == 0 ? kept : next;
    }

    static double median(float[] values) {
        float[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + (double) v[n / 2]) / 2;
    }

    /** 80th percentile minus 20th, by the same rule as the training decile edges. */
    static double middleSpread(float[] values) {
        float[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length == 0 ? Double.NaN : FeatureStats.quantile(v, 0.8) - FeatureStats.quantile(v, 0.2);
    }

    /** {@link #calibration(double[], double[], double[], TrainingStats, double, double, Calibration)} without medians. */
    public Calibration calibration(double[] state, TrainingStats training, double minShiftSigmas, double maxStdRatio,
                                   Calibration current) {
        return calibration(state, null, null, training, minShiftSigmas, maxStdRatio, current);
    }

    /** {@link #calibration(double[], double[], double[], TrainingStats, double, double, Calibration)} without spreads. */
    public Calibration calibration(double[] state, double[] medians, TrainingStats training, double minShiftSigmas,
                                   double maxStdRatio, Calibration current) {
        return calibration(state, medians, null, training, minShiftSigmas, maxStdRatio, current);
    }

    /**
     * Identity for features that stayed put; for a moved one, {@code x' = a·x + b} with the recent
     * mean and spread mapped onto training's.
     *
     * <p>A mean that moved counts only if the median moved as far, in the same direction: when a
     * minority of rows moved (only the frauds, because the fraud pattern changed) the mean follows
     * them and the median does not, and mapping every row back would push normal rows toward
     * fraud. Without medians (state restored from before they were kept) the mean alone decides.
     *
     * <p>The spread ratio is held to [1/4, 4] unless the spread of the middle rows moved as far the
     * same way ({@link #addSpreads}): a unit change (cents for dollars, ×100) scales every row,
     * while a minority of far-out rows (a new fraud mode) widens the standard deviation and leaves
     * the middle where it was. Beyond the bound the scale follows the standard deviations, within a
     * factor of two of the middle rows' ratio.
     *
     * @param medians recent batches' per-feature medians ({@link #addMedians}), or null
     * @param spreads recent batches' per-feature middle spreads ({@link #addSpreads}), or null
     */
    public Calibration calibration(double[] state, double[] medians, double[] spreads, TrainingStats training,
                                   double minShiftSigmas, double maxStdRatio, Calibration current) {
        float[] scale = new float[dim];
        float[] shift = new float[dim];
        for (int j = 0; j < dim; j++) {
            scale[j] = 1f;
            double n = 0;
            double sum = 0;
            double sq = 0;
            for (int o = 0; state != null && o < state.length; o += 3 * dim) {
                n += state[o + 3 * j];
                sum += state[o + 3 * j + 1];
                sq += state[o + 3 * j + 2];
            }
            FeatureStats t = training.get(j);
            if (n < 2 || !(t.std() > 0)) {
                continue;
            }
            double mean = sum / n;
            double sd = Math.sqrt(Math.max(1e-12, sq / n - mean * mean));
            double moved = Math.abs(mean - t.mean()) / t.std();
            if (moved >= minShiftSigmas && medians != null && medians.length >= dim) {
                double medianMove = (recentAverage(medians, j) - t.median()) / t.std();
                if (!(medianMove * Math.signum(mean - t.mean()) >= minShiftSigmas)) {
                    moved = 0;
                }
            }
            double ratio = sd / t.std();
            if (moved >= minShiftSigmas || ratio > maxStdRatio || ratio < 1 / maxStdRatio) {
                double a = scale(t.std() / sd, spreads, t, j);
                scale[j] = (float) a;
                shift[j] = (float) (t.mean() - a * mean);
            }
        }
        return current.withInput(scale, shift);
    }

    /** The scale a moved feature gets: see {@link #calibration}. */
    private double scale(double bySd, double[] spreads, FeatureStats t, int j) {
        double bounded = Math.max(MIN_SCALE, Math.min(MAX_SCALE, bySd));
        if (bounded == bySd || spreads == null || spreads.length < dim) {
            return bounded;
        }
        double recent = recentAverage(spreads, j);
        double[] edges = t.binEdges();
        double trained = edges[SPREAD_HIGH_EDGE] - edges[SPREAD_LOW_EDGE];
        if (!(recent > 0 && trained > 0)) {
            return bounded; // a discrete or constant feature: its middle tells nothing
        }
        double byMiddle = trained / recent;
        if (bySd > MAX_SCALE ? byMiddle <= MAX_SCALE : byMiddle >= MIN_SCALE) {
            return bounded;
        }
        return Math.max(LIMIT_MIN, Math.min(LIMIT_MAX, Math.max(byMiddle / 2, Math.min(byMiddle * 2, bySd))));
    }

    /** Feature {@code j}'s per-batch statistic (a median, a spread) averaged over the recent batches kept. */
    private double recentAverage(double[] kept, int j) {
        double sum = 0;
        int n = 0;
        for (int o = 0; o + dim <= kept.length; o += dim) {
            sum += kept[o + j];
            n++;
        }
        return sum / n;
    }

    /** Largest change between two input calibrations, in training standard deviations of the output. */
    public static double change(Calibration a, Calibration b, TrainingStats training) {
        double worst = 0;
        for (int j = 0; j < a.dim(); j++) {
            // Compare where the two maps send the training mean's pre-image neighbourhood: x = 0 and 1σ.
            double sd = training.get(j).std() > 0 ? training.get(j).std() : 1;
            double d0 = Math.abs(a.shift()[j] - b.shift()[j]) / sd;
            double d1 = Math.abs(a.scale()[j] - b.scale()[j]);
            worst = Math.max(worst, Math.max(d0, d1));
        }
        return worst;
    }
}
