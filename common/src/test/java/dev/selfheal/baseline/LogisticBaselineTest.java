package dev.selfheal.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class LogisticBaselineTest {

    /** Rows of three N(0, 1) features, none within {@code margin} of the boundary {@code fraud}. */
    private static List<float[]> rows(long seed, int n, Predicate<float[]> nearBoundary) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<float[]> out = new ArrayList<>();
        while (out.size() < n) {
            float[] x = {(float) rng.nextGaussian(), (float) rng.nextGaussian(), (float) rng.nextGaussian()};
            if (!nearBoundary.test(x)) {
                out.add(x);
            }
        }
        return out;
    }

    private static double accuracy(BaselineModel m, List<float[]> rows, Predicate<float[]> fraud) {
        float[] p = m.probabilities(rows.toArray(float[][]::new));
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += (p[i] > 0.5) == fraud.test(rows.get(i)) ? 1 : 0;
        }
        return (double) right / p.length;
    }

    private static int[] labels(List<float[]> rows, Predicate<float[]> fraud) {
        return rows.stream().mapToInt(x -> fraud.test(x) ? 1 : 0).toArray();
    }

    @Test
    void learnsASeparableProblem() {
        Predicate<float[]> fraud = x -> x[0] > 0.3;
        Predicate<float[]> near = x -> Math.abs(x[0] - 0.3) < 0.2;
        List<float[]> train = rows(1, 400, near);
        BaselineModel m = new LogisticBaseline().fit(train.toArray(float[][]::new), labels(train, fraud));
        assertThat(accuracy(m, rows(2, 2000, near), fraud)).isEqualTo(1.0);
    }

    @Test
    void drawsAQuadraticBoundaryThroughTheSquares() {
        // Fraud on both sides of normal on x1: no line separates it, a square does.
        Predicate<float[]> fraud = x -> Math.abs(x[1]) > 1.2;
        Predicate<float[]> near = x -> Math.abs(Math.abs(x[1]) - 1.2) < 0.15;
        List<float[]> train = rows(3, 1000, near);
        BaselineModel m = new LogisticBaseline().fit(train.toArray(float[][]::new), labels(train, fraud));
        assertThat(accuracy(m, rows(4, 2000, near), fraud)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void aSeparableWindowKeepsFiniteWeights() {
        Predicate<float[]> fraud = x -> x[2] > 0;
        List<float[]> train = rows(5, 200, x -> Math.abs(x[2]) < 0.5);
        LogisticBaseline.Model m = new LogisticBaseline().fit(train.toArray(float[][]::new), labels(train, fraud));
        for (double b : m.coefficients()) {
            assertThat(Double.isFinite(b)).isTrue();
        }
    }

    @Test
    void movingOrScalingAFeatureChangesNothing() {
        Predicate<float[]> fraud = x -> Math.abs(x[1]) > 1.2 || x[0] > 1.0;
        List<float[]> train = rows(6, 800, x -> false);
        List<float[]> moved = train.stream().map(LogisticBaselineTest::move).toList();
        List<float[]> test = rows(7, 300, x -> false);
        float[] p = new LogisticBaseline().fit(train.toArray(float[][]::new), labels(train, fraud))
                .probabilities(test.toArray(float[][]::new));
        float[] q = new LogisticBaseline().fit(moved.toArray(float[][]::new), labels(train, fraud))
                .probabilities(test.stream().map(LogisticBaselineTest::move).toArray(float[][]::new));
        for (int i = 0; i < p.length; i++) {
            assertThat((double) q[i]).isCloseTo(p[i], within(1e-3));
        }
    }

    private static float[] move(float[] x) {
        return new float[] {50 * x[0] + 300, x[1] - 7, 0.01f * x[2]};
    }

    @Test
    void probabilitiesFollowTheWindowsClassMix() {
        // Pure noise: the best estimate of P(fraud | x) is the window's fraud share.
        List<float[]> train = rows(8, 2000, x -> false);
        int[] y = new int[train.size()];
        for (int i = 0; i < y.length; i += 5) {
            y[i] = 1;
        }
        float[] p = new LogisticBaseline().fit(train.toArray(float[][]::new), y)
                .probabilities(rows(9, 200, x -> false).toArray(float[][]::new));
        double mean = 0;
        for (float v : p) {
            mean += v / p.length;
        }
        assertThat(mean).isCloseTo(0.2, within(0.02));
    }
}
