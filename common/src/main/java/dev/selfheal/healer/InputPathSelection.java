package dev.selfheal.healer;

import dev.selfheal.math.ChiSquared;
import dev.selfheal.math.Cholesky;
import dev.selfheal.math.Logistic;
import dev.selfheal.model.InputPath;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses which inputs the {@link InputPath} may use, one at a time, and fits it on them.
 *
 * <p>A changed fraud pattern usually lives on a few inputs. Testing all of them at once spends a
 * degree of freedom on every input, so with a few hundred labels a real change on one input does
 * not clear the bar. Forward selection adds the input whose terms would lower the loss most (its
 * score statistic at the current fit), refits, and keeps it only if the likelihood ratio for its
 * terms clears the chi-squared bar at the given level, divided by the number of inputs it was
 * chosen from (Bonferroni, since the best of many was picked). It stops at the first input that
 * fails. The result is a sparser path: fewer labels are needed to find it, and it generalises
 * better from them. The fits here keep the output map increasing, so that a relation that flipped
 * shows on the inputs that carry it rather than hiding in a reversed map.
 */
public final class InputPathSelection {
    private InputPathSelection() {}

    /** One input added to the path, with its likelihood ratio and the bar it cleared. */
    public record Step(int feature, double ratio, double critical) {}

    /**
     * @param fit    the fit on the chosen inputs (and those the path started with)
     * @param active the inputs the path may use
     * @param added  the inputs added here, in order, each with its test
     */
    public record Result(InputPathFit.Result fit, boolean[] active, List<Step> added) {}

    /**
     * @param logits  the network's logit per row (input calibration applied, no output map)
     * @param inputs  the rows standardised as the backbone sees them
     * @param labels  0 or 1 per row
     * @param lambda  the fit's penalty toward the network's own answer
     * @param squares whether each input brings a square term beside its linear one
     * @param alpha   the level of each addition's test, before dividing by the candidates
     * @param start   inputs the path already uses: kept without a test
     */
    public static Result select(double[] logits, double[][] inputs, int[] labels, double lambda, boolean squares,
                                double alpha, boolean[] start) {
        int d = start.length;
        int n = logits.length;
        boolean[] active = start.clone();
        InputPathFit.Result current = InputPathFit.fit(logits, inputs, labels, lambda, squares, active, true);
        List<Step> added = new ArrayList<>();
        int terms = squares ? 2 : 1;
        while (true) {
            int candidates = 0;
            int best = -1;
            double bestScore = -1;
            double[] eta = linearPredictor(current, logits, inputs);
            for (int j = 0; j < d; j++) {
                if (active[j]) {
                    continue;
                }
                candidates++;
                double score = scoreStatistic(eta, inputs, labels, j, squares, lambda);
                if (score > bestScore) {
                    bestScore = score;
                    best = j;
                }
            }
            if (best < 0) {
                break;
            }
            boolean[] trial = active.clone();
            trial[best] = true;
            InputPathFit.Result next = InputPathFit.fit(logits, inputs, labels, lambda, squares, trial, true);
            double ratio = 2 * n * (current.lossAfter() - next.lossAfter());
            double critical = ChiSquared.upperQuantile(terms, alpha / candidates);
            if (!(ratio > critical)) {
                break;
            }
            active = trial;
            current = next;
            added.add(new Step(best, ratio, critical));
        }
        return new Result(current, active, added);
    }

    /** The features a path already leans on. */
    public static boolean[] used(InputPath path) {
        boolean[] used = new boolean[path.dim()];
        for (int j = 0; j < used.length; j++) {
            used[j] = path.linear()[j] != 0f || path.square()[j] != 0f;
        }
        return used;
    }

    private static double[] linearPredictor(InputPathFit.Result r, double[] z, double[][] u) {
        double[] eta = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            eta[i] = r.logit(z[i], u[i]);
        }
        return eta;
    }

    /**
     * Rao's score statistic for adding input {@code j}'s terms at the current fit, with the
     * penalty's curvature: how much the loss would fall, to second order, without refitting.
     */
    private static double scoreStatistic(double[] eta, double[][] u, int[] y, int j, boolean squares, double lambda) {
        int k = squares ? 2 : 1;
        double[] g = new double[k];
        double[][] h = new double[k][k];
        for (int a = 0; a < k; a++) {
            h[a][a] = lambda;
        }
        double[] t = new double[k];
        for (int i = 0; i < eta.length; i++) {
            double p = Logistic.sigmoid(eta[i]);
            double w = Math.max(p * (1 - p), 1e-12);
            double v = InputPath.clamp(u[i][j]);
            t[0] = v;
            if (squares) {
                t[1] = v * v - 1;
            }
            double r = y[i] - p;
            for (int a = 0; a < k; a++) {
                g[a] += r * t[a];
                for (int b = 0; b <= a; b++) {
                    h[a][b] += w * t[a] * t[b];
                }
            }
        }
        double[] s = Cholesky.solve(h, g);
        if (s == null) {
            return 0;
        }
        double out = 0;
        for (int a = 0; a < k; a++) {
            out += g[a] * s[a];
        }
        return out;
    }
}
