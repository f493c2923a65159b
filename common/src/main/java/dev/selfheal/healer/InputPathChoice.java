package dev.selfheal.healer;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks, among a few shapes of the input-path fit, the one that predicts rows it was not fitted on
 * best: K-fold cross-validated log loss on the labelled window, then a refit of the winner on every
 * row. Which shape generalises depends on the drift and on how many labels there are: a path on
 * every input is best when a pattern spreads over many of them and labels are plenty; a sparse one
 * when it lives on a few and labels are scarce; a reversed output map when the network's whole
 * score turned round, an increasing one when only part of it did. Measuring beats guessing.
 */
public final class InputPathChoice {
    private InputPathChoice() {}

    /**
     * One shape of the fit.
     *
     * @param name       for the audit trail
     * @param active     the inputs the path may use
     * @param increasing whether the output map's slope is held at {@code a ≥ 0}
     */
    public record Shape(String name, boolean[] active, boolean increasing) {}

    /** The chosen shape, its fit on every row, and each shape's cross-validated log loss. */
    public record Choice(Shape shape, InputPathFit.Result fit, List<Double> heldOutLoss) {}

    public static Choice choose(double[] logits, double[][] inputs, int[] labels, double lambda, boolean squares,
                                List<Shape> shapes, int folds) {
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException("no shape to choose from");
        }
        List<Double> losses = new ArrayList<>();
        int best = 0;
        for (int s = 0; s < shapes.size(); s++) {
            double loss = shapes.size() == 1 ? Double.NaN
                    : crossValidated(logits, inputs, labels, lambda, squares, shapes.get(s), folds);
            losses.add(loss);
            if (loss < losses.get(best)) {
                best = s;
            }
        }
        Shape shape = shapes.get(best);
        InputPathFit.Result fit = InputPathFit.fit(logits, inputs, labels, lambda, squares, shape.active(),
                shape.increasing());
        return new Choice(shape, fit, losses);
    }

    /** Mean log loss of each row under the fit on the other folds (rows dealt to folds in turn). */
    static double crossValidated(double[] z, double[][] u, int[] y, double lambda, boolean squares, Shape shape,
                                 int folds) {
        int n = z.length;
        int k = Math.max(2, Math.min(folds, n));
        double sum = 0;
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
            InputPathFit.Result r = InputPathFit.fit(zt, ut, yt, lambda, squares, shape.active(), shape.increasing());
            for (int i = f; i < n; i += k) {
                double s = r.logit(z[i], u[i]);
                sum += y[i] == 1 ? InputPathFit.softplus(-s) : InputPathFit.softplus(s);
            }
        }
        return sum / Math.max(1, n);
    }
}
