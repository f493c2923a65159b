package dev.selfheal.healer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The chosen shape fitted on the window's newer rows competes with the fit on the whole window,
 * both judged out of fold on those newer rows: it wins where the concept moved within the window,
 * and seldom where it did not.
 */
class InputPathChoiceNewerTest {
    private static final int BATCHES = 10;
    private static final int PER_BATCH = 80;

    @Test
    void aConceptThatMovedWithinTheWindowIsFittedOnItsNewerRows() {
        int narrowed = 0;
        for (int seed = 1; seed <= 10; seed++) {
            Window w = window(new SplittableRandom(seed), 1.0);
            InputPathChoice.Choice full = choose(w);
            InputPathChoice.Narrowed n = InputPathChoice.newer(full, w.z, w.u, w.y, w.batches, 1.0, 5, 40);
            if (n == null) {
                continue;
            }
            narrowed++;
            // Every row kept is from the newer half of the window, and the newest batch is kept.
            assertThat(java.util.Arrays.stream(n.at()).mapToLong(i -> w.batches[i]).min().orElseThrow())
                    .isGreaterThanOrEqualTo(BATCHES / 2);
            assertThat(n.at()).contains(w.y.length - 1);
            // On fresh rows of the newest concept, the newer fit predicts better than the whole window's.
            Window fresh = window(new SplittableRandom(100 + seed), 1.0);
            int from = fresh.y.length - PER_BATCH;
            double a = loss(full.fit(), fresh, from);
            double b = loss(n.choice().fit(), fresh, from);
            assertThat(b).as("seed %d", seed).isLessThan(a);
        }
        // Nine of ten here: a window whose concept moved is nearly always narrowed.
        assertThat(narrowed).isGreaterThanOrEqualTo(8);
    }

    @Test
    void aStationaryWindowSeldomDropsItsOlderRows() {
        int narrowed = 0;
        for (int seed = 1; seed <= 40; seed++) {
            Window w = window(new SplittableRandom(seed), 0.0);
            InputPathChoice.Narrowed n = InputPathChoice.newer(choose(w), w.z, w.u, w.y, w.batches, 1.0, 5, 40);
            narrowed += n == null ? 0 : 1;
        }
        // Half the rows seldom predict better than all of them by a standard error where nothing
        // moved (none of 40 here; 4 of 40 with a plain win).
        assertThat(narrowed).isLessThanOrEqualTo(4);
    }

    @Test
    void nothingToCompareWithoutOutOfFoldPredictions() {
        Window w = window(new SplittableRandom(3), 1.0);
        boolean[] every = {true, true, true};
        InputPathChoice.Choice single = InputPathChoice.choose(w.z, w.u, w.y, 1.0,
                List.of(new InputPathChoice.Shape("every input", every, false, false)), 5, false);
        assertThat(single.outOfFoldLogits()).isNull();
        assertThat(InputPathChoice.newer(single, w.z, w.u, w.y, w.batches, 1.0, 5, 40)).isNull();
    }

    private static InputPathChoice.Choice choose(Window w) {
        boolean[] every = {true, true, true};
        return InputPathChoice.choose(w.z, w.u, w.y, 1.0, List.of(
                new InputPathChoice.Shape("every input", every, false, true),
                new InputPathChoice.Shape("every input, linear", every, false, false)), 5, false);
    }

    private record Window(double[] z, double[][] u, int[] y, long[] batches) {}

    /**
     * Ten batches of three standard normal inputs, the network's logit 0; fraud when the boundary's
     * direction, turned from the first input toward the second by {@code turn} of a quarter circle
     * over the window (batch by batch), puts the row beyond 0.8; 5% of labels flipped.
     */
    private static Window window(SplittableRandom rng, double turn) {
        int n = BATCHES * PER_BATCH;
        double[] z = new double[n];
        double[][] u = new double[n][];
        int[] y = new int[n];
        long[] batches = new long[n];
        for (int i = 0; i < n; i++) {
            int b = i / PER_BATCH;
            double angle = turn * Math.PI / 2 * b / (BATCHES - 1);
            double[] x = {gaussian(rng), gaussian(rng), gaussian(rng)};
            int clean = Math.cos(angle) * x[0] + Math.sin(angle) * x[1] > 0.8 ? 1 : 0;
            u[i] = x;
            y[i] = rng.nextDouble() < 0.05 ? 1 - clean : clean;
            batches[i] = b;
        }
        return new Window(z, u, y, batches);
    }

    private static double loss(InputPathFit.Result fit, Window w, int from) {
        double sum = 0;
        for (int i = from; i < w.y.length; i++) {
            double logit = fit.logit(w.z[i], w.u[i]);
            sum += w.y[i] == 1 ? InputPathFit.softplus(-logit) : InputPathFit.softplus(logit);
        }
        return sum / (w.y.length - from);
    }

    private static double gaussian(SplittableRandom rng) {
        double u = Math.max(rng.nextDouble(), 1e-12);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
