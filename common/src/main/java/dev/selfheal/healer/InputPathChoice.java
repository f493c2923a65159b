package dev.selfheal.healer;

import dev.selfheal.model.OutputLink;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks, among a few shapes of the input-path fit, the one that predicts rows it was not fitted on
 * best: K-fold cross-validated log loss on the labelled window, then a refit of the winner on every
 * row. Which shape generalises depends on the drift and on how many labels there are: a path on
 * every input is best when a pattern spreads over many of them and labels are plenty; a sparse one
 * when it lives on a few and labels are scarce; a reversed output map when the network's whole
 * score turned round, an increasing one when only part of it did. Measuring beats guessing.
 *
 * <p>Each shape is also scored with an {@link OutputLink} fitted on the cross-validated logits of
 * the other folds, and the link is served when that scores better than the logistic link: a
 * logistic fit orders rows well under a sharp boundary with noisy labels but misplaces the boundary.
 */
public final class InputPathChoice {
    private InputPathChoice() {}

    /**
     * One shape of the fit.
     *
     * @param name       for the audit trail
     * @param active     the inputs the path may use
     * @param increasing whether the output map's slope is held at {@code a ≥ 0}
     * @param squares    whether the path has square terms as well as linear ones
     * @param units      whether {@link dev.selfheal.model.HiddenUnits} on the same inputs are
     *                   fitted on what that path leaves ({@link HiddenUnitsFit})
     */
    public record Shape(String name, boolean[] active, boolean increasing, boolean squares, boolean units) {
        /** Without hidden units. */
        public Shape(String name, boolean[] active, boolean increasing, boolean squares) {
            this(name, active, increasing, squares, false);
        }
    }

    /** The fit of one shape on the rows given. */
    static InputPathFit.Result fit(double[] z, double[][] u, int[] y, double lambda, Shape shape) {
        InputPathFit.Result r = InputPathFit.fit(z, u, y, lambda, shape.squares(), shape.active(), shape.increasing());
        if (!shape.units()) {
            return r;
        }
        double[] offsets = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            offsets[i] = r.logit(z[i], u[i]);
        }
        return r.withUnits(HiddenUnitsFit.fit(offsets, u, y, shape.active()), z, u, y);
    }

    /**
     * The chosen shape, its fit on every row, the link to serve with it (null: logistic), each
     * shape's cross-validated log loss with the logistic link and with a fitted one (NaN where not
     * tried), and the chosen option's logit for each row from the fits on the other folds (null
     * when only one shape was fitted): what the candidate predicts for rows it did not see.
     */
    public record Choice(Shape shape, InputPathFit.Result fit, OutputLink link, List<Double> heldOutLoss,
                         List<Double> linkedHeldOutLoss, double[] outOfFoldLogits) {}

    /**
     * @param withLink whether a fitted {@link OutputLink} competes with the logistic link
     */
    public static Choice choose(double[] logits, double[][] inputs, int[] labels, double lambda, List<Shape> shapes,
                                int folds, boolean withLink) {
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException("no shape to choose from");
        }
        List<Double> losses = new ArrayList<>();
        List<Double> linkedLosses = new ArrayList<>();
        List<double[]> outOfFold = new ArrayList<>();
        List<double[]> linkedOutOfFold = new ArrayList<>();
        boolean single = shapes.size() == 1 && !withLink;
        int best = 0;
        boolean bestLinked = false;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int s = 0; s < shapes.size(); s++) {
            double[] oof = single ? null : outOfFold(logits, inputs, labels, lambda, shapes.get(s), folds);
            outOfFold.add(oof);
            double loss = single ? Double.NaN : meanLoss(oof, labels);
            double[] linkedOof = withLink ? linkedOutOfFold(oof, labels, folds) : null;
            linkedOutOfFold.add(linkedOof);
            double linked = linkedOof == null ? (withLink ? Double.POSITIVE_INFINITY : Double.NaN)
                    : meanLoss(linkedOof, labels);
            losses.add(loss);
            linkedLosses.add(linked);
            if (loss < bestLoss) {
                best = s;
                bestLinked = false;
                bestLoss = loss;
            }
            if (linked < bestLoss) {
                best = s;
                bestLinked = true;
                bestLoss = linked;
            }
        }
        Shape shape = shapes.get(best);
        InputPathFit.Result fit = fit(logits, inputs, labels, lambda, shape);
        OutputLink link = bestLinked ? OutputLinkFit.fit(outOfFold.get(best), labels) : null;
        double[] chosenOof = bestLinked ? linkedOutOfFold.get(best) : outOfFold.get(best);
        return new Choice(shape, fit, link, losses, linkedLosses, chosenOof);
    }

    /**
     * Standard errors of the paired per-row difference by which a fit on the newer rows must
     * predict them better than the whole window's fit: with a plain win, fits on half the rows
     * won by chance on windows that had not moved, often enough to cost a concept that comes back
     * (docs/healing.md, "Newer rows").
     */
    static final double NEWER_ROWS_Z = 1.0;

    /**
     * The chosen shape fitted on the window's newer rows only, when that predicts them better: a
     * concept that keeps moving makes the older rows of the window mislead the fit. {@code at}: the
     * rows kept; {@code z}: the paired standard score of the log loss gained on them.
     */
    public record Narrowed(int[] at, Choice choice, double z) {}

    /**
     * Compares, on the rows from the batch where the window's newest half begins, the chosen fit's
     * predictions from the whole window's folds with the same shape cross-validated on those rows
     * alone, paired by row; halves again while the newer fit predicts those rows better by
     * {@link #NEWER_ROWS_Z} standard errors and the rows hold at least {@code minRows}. Null when the
     * whole window wins or there is nothing to compare ({@code choice} without out-of-fold logits).
     *
     * @param batches each row's batch, oldest first
     */
    public static Narrowed newer(Choice choice, double[] logits, double[][] inputs, int[] labels, long[] batches,
                                 double lambda, int folds, int minRows) {
        if (choice.outOfFoldLogits() == null) {
            return null;
        }
        Narrowed best = null;
        int[] rows = java.util.stream.IntStream.range(0, labels.length).toArray();
        double[] reference = choice.outOfFoldLogits();
        while (true) {
            int[] half = newerHalf(rows, batches);
            if (half.length < minRows || half.length == rows.length) {
                return best;
            }
            double[] z = new double[half.length];
            double[][] u = new double[half.length][];
            int[] y = new int[half.length];
            double[] ref = new double[half.length];
            for (int k = 0; k < half.length; k++) {
                z[k] = logits[half[k]];
                u[k] = inputs[half[k]];
                y[k] = labels[half[k]];
                ref[k] = reference[half[k]];
            }
            double[] oof = outOfFold(z, u, y, lambda, choice.shape(), folds);
            double[] linkedOof = choice.link() == null ? null : linkedOutOfFold(oof, y, folds);
            double[] mine = linkedOof != null ? linkedOof : oof;
            double gain = pairedZ(ref, mine, y);
            if (!(gain >= NEWER_ROWS_Z)) {
                return best;
            }
            InputPathFit.Result fit = fit(z, u, y, lambda, choice.shape());
            OutputLink link = linkedOof != null ? OutputLinkFit.fit(oof, y) : null;
            best = new Narrowed(half, new Choice(choice.shape(), fit, link, List.of(meanLoss(mine, y)),
                    List.of(), mine), gain);
            rows = half;
            reference = new double[labels.length];
            for (int k = 0; k < half.length; k++) {
                reference[half[k]] = mine[k];
            }
        }
    }

    /** The rows from the batch in which the newer half of {@code rows} begins. */
    private static int[] newerHalf(int[] rows, long[] batches) {
        if (rows.length < 2) {
            return rows;
        }
        long from = batches[rows[rows.length - rows.length / 2]];
        return java.util.Arrays.stream(rows).filter(i -> batches[i] >= from).toArray();
    }

    /** Mean per-row log loss of {@code a} minus that of {@code b}, over its standard error. */
    private static double pairedZ(double[] a, double[] b, int[] y) {
        int n = y.length;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double d = rowLoss(a[i], y[i]) - rowLoss(b[i], y[i]);
            sum += d;
            sq += d * d;
        }
        return HeldBackLogLoss.pairedZ(sum, sq, n);
    }

    /**
     * Each row's logit under a link fitted on the other folds' out-of-fold logits; null when too
     * few rows for a link.
     */
    static double[] linkedOutOfFold(double[] oof, int[] y, int folds) {
        int n = oof.length;
        int k = Math.max(2, Math.min(folds, n));
        double[] out = new double[n];
        for (int f = 0; f < k; f++) {
            int[] train = trainingRows(n, k, f);
            double[] s = new double[train.length];
            int[] yt = new int[train.length];
            for (int t = 0; t < train.length; t++) {
                s[t] = oof[train[t]];
                yt[t] = y[train[t]];
            }
            OutputLink link = OutputLinkFit.fit(s, yt);
            if (link == null) {
                return null;
            }
            for (int i = f; i < n; i += k) {
                out[i] = link.apply(oof[i]);
            }
        }
        return out;
    }

    private static double meanLoss(double[] logits, int[] y) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            sum += rowLoss(logits[i], y[i]);
        }
        return sum / Math.max(1, logits.length);
    }

    private static double rowLoss(double logit, int y) {
        return y == 1 ? InputPathFit.softplus(-logit) : InputPathFit.softplus(logit);
    }

    /** The rows outside fold {@code f} of {@code k} (rows dealt to folds in turn). */
    private static int[] trainingRows(int n, int k, int f) {
        int[] out = new int[n - (n - f + k - 1) / k];
        for (int i = 0, t = 0; i < n; i++) {
            if (i % k != f) {
                out[t++] = i;
            }
        }
        return out;
    }

    /** Each row's logit under the fit on the other folds (rows dealt to folds in turn). */
    static double[] outOfFold(double[] z, double[][] u, int[] y, double lambda, Shape shape, int folds) {
        int n = z.length;
        int k = Math.max(2, Math.min(folds, n));
        double[] out = new double[n];
        for (int f = 0; f < k; f++) {
            int[] train = trainingRows(n, k, f);
            double[] zt = new double[train.length];
            double[][] ut = new double[train.length][];
            int[] yt = new int[train.length];
            for (int t = 0; t < train.length; t++) {
                zt[t] = z[train[t]];
                ut[t] = u[train[t]];
                yt[t] = y[train[t]];
            }
            InputPathFit.Result r = fit(zt, ut, yt, lambda, shape);
            for (int i = f; i < n; i += k) {
                out[i] = r.logit(z[i], u[i]);
            }
        }
        return out;
    }
}
