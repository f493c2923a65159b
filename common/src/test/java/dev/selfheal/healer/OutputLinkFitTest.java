package dev.selfheal.healer;

import dev.selfheal.math.Logistic;
import dev.selfheal.model.OutputLink;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fitted output link, and the cross-validated choice between it and the logistic link: a sharp
 * boundary with noisy labels gets a link, a concept the logistic link describes does not.
 */
class OutputLinkFitTest {
    private static final double NOISE = 0.05;

    /** Rows of two inputs; fraud when u0 + u1 > 1.7 (about 11% of rows), each label flipped with 5%. */
    private record Rows(double[] z, double[][] u, int[] y) {}

    private static Rows stepRows(int n, long seed) {
        return rows(n, seed, (u, rng) -> {
            int clean = u[0] + u[1] > 1.7 ? 1 : 0;
            return rng.nextDouble() < NOISE ? 1 - clean : clean;
        });
    }

    private static Rows logisticRows(int n, long seed) {
        return rows(n, seed, (u, rng) -> rng.nextDouble() < Logistic.sigmoid(1.5 * u[0] - u[1] - 2) ? 1 : 0);
    }

    /** Two N(0, 1) inputs per row, the frozen network's logit blind to them, labels drawn by {@code label}. */
    private static Rows rows(int n, long seed, java.util.function.ToIntBiFunction<double[], SplittableRandom> label) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] z = new double[n];
        double[][] u = new double[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            u[i][0] = rng.nextGaussian();
            u[i][1] = rng.nextGaussian();
            z[i] = rng.nextGaussian() - 2;
            y[i] = label.applyAsInt(u[i], rng);
        }
        return new Rows(z, u, y);
    }

    private static List<InputPathChoice.Shape> linear() {
        return List.of(new InputPathChoice.Shape("every input, linear", new boolean[] {true, true}, false, false));
    }

    private static double meanLogLoss(InputPathFit.Result fit, OutputLink link, Rows r) {
        double sum = 0;
        for (int i = 0; i < r.y().length; i++) {
            double s = fit.logit(r.z()[i], r.u()[i]);
            double v = link == null ? s : link.apply(s);
            sum += r.y()[i] == 1 ? InputPathFit.softplus(-v) : InputPathFit.softplus(v);
        }
        return sum / r.y().length;
    }

    @Test
    void aStepWithNoisyLabelsIsReadBackNearTheNoiseLevelOnEitherSide() {
        Rows r = stepRows(4000, 1);
        double[] s = new double[r.y().length];
        for (int i = 0; i < s.length; i++) {
            s[i] = 0.8 * (r.u()[i][0] + r.u()[i][1] - 1.7); // a shallow score that orders rows right
        }
        OutputLink link = OutputLinkFit.fit(s, r.y());
        double low = Logistic.sigmoid(link.apply(-2.0));
        double high = Logistic.sigmoid(link.apply(2.0));
        assertThat(low).isBetween(0.0, 0.1);
        assertThat(high).isBetween(0.85, 1.0);
        // The logistic link on the same score says far less at the same distance from the boundary.
        assertThat(Logistic.sigmoid(0.8 * 2.0)).isLessThan(0.85);
        for (int k = 1; k < OutputLink.KNOTS; k++) {
            assertThat(link.in()[k]).isGreaterThanOrEqualTo(link.in()[k - 1]);
            assertThat(link.out()[k]).isGreaterThanOrEqualTo(link.out()[k - 1]);
        }
    }

    @Test
    void tooFewRowsForTheKnotsGiveNoLink() {
        assertThat(OutputLinkFit.fit(new double[OutputLink.KNOTS - 1], new int[OutputLink.KNOTS - 1])).isNull();
    }

    @Test
    void theChoiceServesALinkForASharpBoundaryAndItPredictsFreshRowsBetter() {
        Rows train = stepRows(1000, 2);
        InputPathChoice.Choice c = InputPathChoice.choose(train.z(), train.u(), train.y(), 1.0, linear(), 5, true);
        assertThat(c.link()).isNotNull();
        assertThat(c.linkedHeldOutLoss().get(0)).isLessThan(c.heldOutLoss().get(0));
        Rows fresh = stepRows(20000, 3);
        assertThat(meanLogLoss(c.fit(), c.link(), fresh)).isLessThan(meanLogLoss(c.fit(), null, fresh) - 0.01);
    }

    @Test
    void theChoiceKeepsTheLogisticLinkWhereItDescribesTheConcept() {
        Rows train = logisticRows(2000, 4);
        InputPathChoice.Choice c = InputPathChoice.choose(train.z(), train.u(), train.y(), 1.0, linear(), 5, true);
        assertThat(c.link()).isNull();
        assertThat(c.heldOutLoss().get(0)).isLessThan(c.linkedHeldOutLoss().get(0));
    }

    @Test
    void withoutTheLinkTheChoiceIsTheLogisticOne() {
        Rows train = stepRows(1000, 2);
        InputPathChoice.Choice c = InputPathChoice.choose(train.z(), train.u(), train.y(), 1.0, linear(), 5, false);
        assertThat(c.link()).isNull();
        assertThat(c.linkedHeldOutLoss().get(0)).isNaN();
    }
}
