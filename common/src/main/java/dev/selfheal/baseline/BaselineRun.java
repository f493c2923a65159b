package dev.selfheal.baseline;

import dev.selfheal.metrics.Confusion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Replays a stream for one baseline, seeing only the labels that had arrived:
 * <ul>
 *   <li>prequential: before each batch, if at least {@link BaselineMethod#refitEvery()} batches
 *       passed since the last fit and new labels arrived, the method is fitted again on the last
 *       {@code window} labels visible to that batch; the batch is then scored by the latest fit.
 *       Until a first fit is possible the deployed model's decisions stand, as they would for a
 *       team waiting for labels;</li>
 *   <li>holdout: one fit on the last {@code window} labels that arrived by the end of the stream.</li>
 * </ul>
 * A fit needs {@link #MIN_PER_CLASS} labels of each class in its window. Rows are scored against
 * their true class; fits use the labels as they arrived (flipped ones included).
 */
public final class BaselineRun {
    public static final int MIN_PER_CLASS = 2;
    /** Fraud when p > 0.5: the probability a method fits is its estimate of P(fraud | x). */
    public static final double THRESHOLD = 0.5;

    private final int window;

    /** @param window most recent labelled rows a fit uses */
    public BaselineRun(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("a baseline window needs at least 1 row, got " + window);
        }
        this.window = window;
    }

    /** The baseline's figures on the holdout and over the stream; {@code fits} counts every fit made. */
    public record Result(Confusion holdout, Confusion prequential, int fits) {}

    /**
     * @param deployed the deployed model's decision on each stream row (same order)
     * @return null when the labels that arrived never make a usable window (none at all, or one
     *     class only): the baseline then has nothing to learn from and is reported absent
     */
    public Result run(BaselineMethod method, List<StreamRow> stream, boolean[] deployed, float[][] holdout,
                      int[] holdoutClasses) {
        if (deployed.length != stream.size() || holdout.length != holdoutClasses.length) {
            throw new IllegalArgumentException("one deployed decision per stream row and one class per holdout row");
        }
        List<Integer> arrived = new ArrayList<>();
        for (int i = 0; i < stream.size(); i++) {
            if (stream.get(i).labelled()) {
                arrived.add(i);
            }
        }
        // The order labels become usable in; within one batch, stream order.
        arrived.sort(Comparator.comparingInt((Integer i) -> stream.get(i).labelFromBatch()).thenComparingInt(i -> i));
        List<Integer> finalWindow = lastRows(arrived, arrived.size());
        if (!usable(stream, finalWindow)) {
            return null;
        }

        TreeMap<Integer, List<Integer>> batches = new TreeMap<>();
        for (int i = 0; i < stream.size(); i++) {
            batches.computeIfAbsent(stream.get(i).batch(), b -> new ArrayList<>()).add(i);
        }
        Confusion prequential = new Confusion();
        BaselineModel current = null;
        int fits = 0;
        int lastFitBatch = Integer.MIN_VALUE;
        int visibleAtLastFit = 0;
        int visible = 0;
        for (var entry : batches.entrySet()) {
            int b = entry.getKey();
            while (visible < arrived.size() && stream.get(arrived.get(visible)).labelFromBatch() <= b) {
                visible++;
            }
            boolean due = current == null || (long) b - lastFitBatch >= method.refitEvery();
            if (due && visible > visibleAtLastFit) {
                List<Integer> rows = lastRows(arrived, visible);
                if (usable(stream, rows)) {
                    current = fit(method, stream, rows);
                    fits++;
                    lastFitBatch = b;
                    visibleAtLastFit = visible;
                }
            }
            List<Integer> rows = entry.getValue();
            if (current == null) {
                for (int i : rows) {
                    prequential.add(deployed[i], stream.get(i).trueClass() == 1);
                }
            } else {
                float[] p = current.probabilities(features(stream, rows));
                for (int k = 0; k < rows.size(); k++) {
                    prequential.add(p[k] > THRESHOLD, stream.get(rows.get(k)).trueClass() == 1);
                }
            }
        }
        BaselineModel last = fit(method, stream, finalWindow);
        fits++;
        Confusion onHoldout = Confusion.of(last.probabilities(holdout), holdoutClasses, THRESHOLD);
        return new Result(onHoldout, prequential, fits);
    }

    /** The last {@code window} of the first {@code visible} arrived rows. */
    private List<Integer> lastRows(List<Integer> arrived, int visible) {
        return arrived.subList(Math.max(0, visible - window), visible);
    }

    private static boolean usable(List<StreamRow> stream, List<Integer> rows) {
        int fraud = 0;
        for (int i : rows) {
            fraud += stream.get(i).label();
        }
        return fraud >= MIN_PER_CLASS && rows.size() - fraud >= MIN_PER_CLASS;
    }

    private static BaselineModel fit(BaselineMethod method, List<StreamRow> stream, List<Integer> rows) {
        int[] y = new int[rows.size()];
        for (int k = 0; k < y.length; k++) {
            y[k] = stream.get(rows.get(k)).label();
        }
        return method.fit(features(stream, rows), y);
    }

    private static float[][] features(List<StreamRow> stream, List<Integer> rows) {
        float[][] x = new float[rows.size()][];
        for (int k = 0; k < x.length; k++) {
            x[k] = stream.get(rows.get(k)).features();
        }
        return x;
    }
}
