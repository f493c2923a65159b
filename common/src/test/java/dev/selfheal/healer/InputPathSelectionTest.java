package dev.selfheal.healer;

import dev.selfheal.math.ChiSquared;
import dev.selfheal.math.Logistic;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class InputPathSelectionTest {
    private static final int D = 10;

    /** Rows whose label follows the network's logit, plus {@code weights·u} on the inputs. */
    private static Object[] rows(long seed, int n, double[] weights) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] z = new double[n];
        double[][] u = new double[n][D];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double s = -2;
            for (int j = 0; j < D; j++) {
                u[i][j] = gaussian(rng);
                s += weights[j] * u[i][j];
            }
            z[i] = 1.5 * u[i][0] - 2;
            s += 1.5 * u[i][0];
            y[i] = rng.nextDouble() < Logistic.sigmoid(s) ? 1 : 0;
        }
        return new Object[] {z, u, y};
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static InputPathSelection.Result select(Object[] r, double alpha) {
        return InputPathSelection.select((double[]) r[0], (double[][]) r[1], (int[]) r[2], 1.0, true, alpha,
                new boolean[D]);
    }

    @Test
    void findsTheOneInputThatChangedWhereAllAtOnceWouldNot() {
        double[] w = new double[D];
        w[6] = 1.3;
        Object[] r = rows(11, 250, w);
        InputPathSelection.Result sel = select(r, 1e-6);
        assertThat(sel.added()).extracting(InputPathSelection.Step::feature).containsExactly(6);
        assertThat(sel.active()).containsExactly(false, false, false, false, false, false, true, false, false, false);

        // The same rows tested with every input's terms at once (2·D degrees) do not clear the bar.
        boolean[] none = new boolean[D];
        boolean[] all = new boolean[D];
        java.util.Arrays.fill(all, true);
        double base = InputPathFit.fit((double[]) r[0], (double[][]) r[1], (int[]) r[2], 1.0, true, none, true).lossAfter();
        double full = InputPathFit.fit((double[]) r[0], (double[][]) r[1], (int[]) r[2], 1.0, true, all, true).lossAfter();
        double ratio = 2 * 250 * (base - full);
        assertThat(ratio).isLessThan(ChiSquared.upperQuantile(2 * D, 1e-6));
    }

    @Test
    void addsEveryInputOfAPatternOnTwo() {
        double[] w = new double[D];
        w[3] = 1.5;
        w[8] = -1.5;
        InputPathSelection.Result sel = select(rows(12, 800, w), 1e-6);
        assertThat(sel.added()).extracting(InputPathSelection.Step::feature).containsExactlyInAnyOrder(3, 8);
        for (InputPathSelection.Step s : sel.added()) {
            assertThat(s.ratio()).isGreaterThan(s.critical());
        }
    }

    @Test
    void addsNothingWhenTheLogitAlreadyExplainsTheLabels() {
        int found = 0;
        for (long seed = 0; seed < 30; seed++) {
            found += select(rows(100 + seed, 300, new double[D]), 1e-3).added().size();
        }
        // At level 1e-3 per test, 30 null streams should find at most a stray input.
        assertThat(found).isLessThanOrEqualTo(1);
    }

    @Test
    void keepsTheInputsAPathAlreadyUsesWithoutTestingThem() {
        boolean[] start = new boolean[D];
        start[2] = true;
        Object[] r = rows(13, 300, new double[D]);
        InputPathSelection.Result sel = InputPathSelection.select((double[]) r[0], (double[][]) r[1], (int[]) r[2],
                1.0, true, 1e-6, start);
        assertThat(sel.active()[2]).isTrue();
        assertThat(sel.added()).isEmpty();
    }
}
