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
     */
    public record Shape(String name, boolean[] active, boolean increasing, boolean squares) {}

    /**
     * The chosen shape, its fit on every row, the link to serve with it (null: logistic), and each
     * shape's cross-validated log loss with the logistic link and with a fitted one (NaN where not
     * tried).
     */
    public record Choice(Shape shape, InputPathFit.Result fit, OutputLink link, List<Double> heldOutLoss,
                         List<Double> linkedHeldOutLoss) {}

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
        boolean single = shapes.size() == 1 && !withLink;
        int best = 0;
        boolean bestLinked = false;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int s = 0; s < shapes.size(); s++) {
            double[] oof = single ? null : outOfFold(logits, inputs, labels, lambda, shapes.get(s), folds);
            outOfFold.add(oof);
            double loss = single ? Double.NaN : mean(rowLosses(oof, labels));
            double[] linkedRows = withLink ? linkedRowLosses(oof, labels, folds) : null;
            double linked = !withLink ? Double.NaN : linkedRows == null ? Double.POSITIVE_INFINITY : mean(linkedRows);
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
        InputPathFit.Result fit = InputPathFit.fit(logits, inputs, labels, lambda, shape.squares(), shape.active(),
                shape.increasing());
        OutputLink link = bestLinked ? OutputLinkFit.fit(outOfFold.get(best), labels) : null;
        return new Choice(shape, fit, link, losses, linkedLosses);
    }

    /**
     * Each row's log loss under a link fitted on the other folds' out-of-fold logits; null when too
     * few rows for a link.
     */
    static double[] linkedRowLosses(double[] oof, int[] y, int folds) {
        int n = oof.length;
        int k = Math.max(2, Math.min(folds, n));
        double[] out = new double[n];
        for (int f = 0; f < k; f++) {
            int test = (n - f + k - 1) / k;
            double[] s = new double[n - test];
            int[] yt = new int[n - test];
            for (int i = 0, t = 0; i < n; i++) {
                if (i % k != f) {
                    s[t] = oof[i];
                    yt[t++] = y[i];
                }
            }
            OutputLink link = OutputLinkFit.fit(s, yt);
            if (link == null) {
                return null;
            }
            for (int i = f; i < n; i += k) {
                double v = link.apply(oof[i]);
                out[i] = y[i] == 1 ? InputPathFit.softplus(-v) : InputPathFit.softplus(v);
            }
        }
        return out;
    }

    private static double[] rowLosses(double[] logits, int[] y) {
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = y[i] == 1 ? InputPathFit.softplus(-logits[i]) : InputPathFit.softplus(logits[i]);
        }
        return out;
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / Math.max(1, v.length);
    }

    /** Each row's logit under the fit on the other folds (rows dealt to folds in turn). */
    static double[] outOfFold(double[] z, double[][] u, int[] y, double lambda, Shape shape, int folds) {
        int n = z.length;
        int k = Math.max(2, Math.min(folds, n));
        double[] out = new double[n];
        for (int f = 0; f < k; f++) {
            int test = 0;
            for (int i = f; i < n; i += k) {
                test++;
            }
            int train = n - test;
            double[] zt = new double[train];
            double[][] ut = new double[train][];
            int[] yt = new int[train];
            for (int i = 0, t = 0; i < n; i++) {
                if (i % k != f) {
                    zt[t] = z[i];
                    ut[t] = u[i];
                    yt[t++] = y[i];
                }
            }
            InputPathFit.Result r = InputPathFit.fit(zt, ut, yt, lambda, shape.squares(), shape.active(),
                    shape.increasing());
            for (int i = f; i < n; i += k) {
                out[i] = r.logit(z[i], u[i]);
            }
        }
        return out;
    }
}
