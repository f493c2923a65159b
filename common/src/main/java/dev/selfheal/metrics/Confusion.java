package dev.selfheal.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binary confusion counts with fraud as the positive class, and the scores derived from them.
 *
 * <p>Every ratio is defined as 0.0 when its denominator is 0 (no rows, no predicted fraud, no
 * actual fraud, or no true positives and no errors for F1). Reporting 0 rather than NaN keeps the
 * numbers writable to JSON/CSV and makes "the model never flagged anything" score as useless rather
 * than undefined; callers that need to tell the two apart can look at the counts.
 */
public final class Confusion {
    private long tp;
    private long tn;
    private long fp;
    private long fn;

    public Confusion() {}

    public Confusion(long tp, long tn, long fp, long fn) {
        if (tp < 0 || tn < 0 || fp < 0 || fn < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        this.tp = tp;
        this.tn = tn;
        this.fp = fp;
        this.fn = fn;
    }

    /**
     * Counts probabilities against labels; fraud is predicted when {@code p > threshold}, so a NaN
     * probability counts as a normal prediction.
     *
     * @param y true classes, each 0 or 1 (unlabelled rows must be filtered out by the caller: a
     *     silently skipped row would make two evaluations incomparable)
     */
    public static Confusion of(float[] p, int[] y, double threshold) {
        if (p.length != y.length) {
            throw new IllegalArgumentException(
                    "got " + p.length + " probabilities but " + y.length + " labels");
        }
        Confusion c = new Confusion();
        for (int i = 0; i < p.length; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new IllegalArgumentException("label at index " + i + " is " + y[i] + ", not 0 or 1");
            }
            c.add(p[i] > threshold, y[i] == 1);
        }
        return c;
    }

    public Confusion add(boolean predictedFraud, boolean isFraud) {
        if (predictedFraud) {
            if (isFraud) {
                tp++;
            } else {
                fp++;
            }
        } else if (isFraud) {
            fn++;
        } else {
            tn++;
        }
        return this;
    }

    /** Adds the other's counts into this one (e.g. per-subtask counts into a total). */
    public Confusion merge(Confusion other) {
        tp += other.tp;
        tn += other.tn;
        fp += other.fp;
        fn += other.fn;
        return this;
    }

    public long tp() {
        return tp;
    }

    public long tn() {
        return tn;
    }

    public long fp() {
        return fp;
    }

    public long fn() {
        return fn;
    }

    public long total() {
        return tp + tn + fp + fn;
    }

    public double accuracy() {
        return ratio(tp + tn, total());
    }

    public double precision() {
        return ratio(tp, tp + fp);
    }

    public double recall() {
        return ratio(tp, tp + fn);
    }

    /** 2TP / (2TP + FP + FN): the harmonic mean of precision and recall without their 0/0 cases. */
    public double f1() {
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    /** The summary.json shape: accuracy, precision, recall, f1, tp, tn, fp, fn, in that order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy());
        m.put("precision", precision());
        m.put("recall", recall());
        m.put("f1", f1());
        m.put("tp", tp);
        m.put("tn", tn);
        m.put("fp", fp);
        m.put("fn", fn);
        return m;
    }

    private static double ratio(long num, long den) {
        return den == 0 ? 0.0 : (double) num / den;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Confusion c && tp == c.tp && tn == c.tn && fp == c.fp && fn == c.fn;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(tp) * 31 * 31 * 31 + Long.hashCode(tn) * 31 * 31 + Long.hashCode(fp) * 31
                + Long.hashCode(fn);
    }

    @Override
    public String toString() {
        return "Confusion{tp=" + tp + ", tn=" + tn + ", fp=" + fp + ", fn=" + fn + "}";
    }
}
