package dev.selfheal.healer;

import dev.selfheal.model.HiddenUnits;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hidden units on the input path: a concept that needs two inputs together (a corner of the input
 * space) is learned by them and not by one term per input, the cross-validation picks them for it,
 * and the same rows give the same units.
 */
class HiddenUnitsFitTest {
    private static final int DIM = 4;
    private static final double NOISE = 0.05;
    private static final double LAMBDA = 1.0;

    private record Rows(double[] z, double[][] u, int[] y) {}

    /** Four N(0, 1) inputs; fraud when u0 > 0.3 and u1 > 0.3, 5% of labels flipped; the network blind. */
    private static Rows corner(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] z = new double[n];
        double[][] u = new double[n][DIM];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < DIM; j++) {
                u[i][j] = rng.nextGaussian();
            }
            z[i] = rng.nextGaussian() - 1;
            int clean = u[i][0] > 0.3 && u[i][1] > 0.3 ? 1 : 0;
            y[i] = rng.nextDouble() < NOISE ? 1 - clean : clean;
        }
        return new Rows(z, u, y);
    }

    private static boolean[] every() {
        return new boolean[] {true, true, true, true};
    }

    private static InputPathChoice.Shape terms() {
        return new InputPathChoice.Shape("every input", every(), false, true);
    }

    private static InputPathChoice.Shape units() {
        return new InputPathChoice.Shape("every input, hidden units", every(), false, true, true);
    }

    private static double accuracy(InputPathFit.Result fit, Rows r) {
        int right = 0;
        for (int i = 0; i < r.y().length; i++) {
            right += (fit.logit(r.z()[i], r.u()[i]) > 0 ? 1 : 0) == r.y()[i] ? 1 : 0;
        }
        return right / (double) r.y().length;
    }

    @Test
    void unitsLearnACornerThatOneTermPerInputMisses() {
        Rows train = corner(1000, 1);
        Rows test = corner(5000, 2);
        InputPathFit.Result additive = InputPathChoice.fit(train.z(), train.u(), train.y(), LAMBDA, terms());
        InputPathFit.Result withUnits = InputPathChoice.fit(train.z(), train.u(), train.y(), LAMBDA, units());
        assertThat(withUnits.path().units()).isNotNull();
        assertThat(withUnits.lossAfter()).isLessThan(additive.lossAfter());
        double a = accuracy(additive, test);
        double b = accuracy(withUnits, test);
        // The noise caps either at 0.95; the corner's edges cost one term per input several points.
        assertThat(b).as("units %.3f, terms %.3f", b, a).isGreaterThan(0.9).isGreaterThan(a + 0.02);
    }

    @Test
    void theCrossValidationPicksTheUnitsForACorner() {
        Rows train = corner(1000, 3);
        InputPathChoice.Choice c = InputPathChoice.choose(train.z(), train.u(), train.y(), LAMBDA,
                List.of(terms(), units()), 5, false);
        assertThat(c.shape().units()).isTrue();
        assertThat(c.heldOutLoss().get(1)).isLessThan(c.heldOutLoss().get(0));
        assertThat(c.fit().path().units()).isNotNull();
    }

    @Test
    void unitsOnSelectedInputsReadNothingElse() {
        Rows train = corner(600, 5);
        boolean[] two = {true, true, false, false};
        InputPathChoice.Shape selected = new InputPathChoice.Shape("selected inputs, hidden units", two, false, true,
                true);
        InputPathFit.Result fit = InputPathChoice.fit(train.z(), train.u(), train.y(), LAMBDA, selected);
        HiddenUnits units = fit.path().units();
        for (int k = 0; k < HiddenUnits.UNITS; k++) {
            assertThat(units.weight()[k * DIM + 2]).isZero();
            assertThat(units.weight()[k * DIM + 3]).isZero();
        }
        assertThat(accuracy(fit, corner(5000, 6))).isGreaterThan(0.9);
    }

    @Test
    void theSameRowsGiveTheSameUnits() {
        Rows train = corner(400, 4);
        double[] offsets = train.z().clone();
        HiddenUnits first = HiddenUnitsFit.fit(offsets, train.u(), train.y());
        HiddenUnits again = HiddenUnitsFit.fit(offsets, train.u(), train.y());
        assertThat(again.weight()).containsExactly(first.weight());
        assertThat(again.bias()).containsExactly(first.bias());
        assertThat(again.out()).containsExactly(first.out());
    }
}
