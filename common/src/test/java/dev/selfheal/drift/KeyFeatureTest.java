package dev.selfheal.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyFeatureTest {

    @Test
    void picksTheFeatureThatCarriesTheLabelOverNoise() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = 2000;
        float[][] x = new float[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextDouble() < 0.2 ? 1 : 0;
            x[i][0] = (float) rng.nextGaussian();
            x[i][1] = (float) (rng.nextGaussian() + 0.3 * y[i]);
            x[i][2] = (float) (rng.nextGaussian() + 2.0 * y[i]);
        }

        KeyFeature k = KeyFeature.mostCorrelated(List.of("noise", "weak", "strong"), x, y);

        assertThat(k.name()).isEqualTo("strong");
        assertThat(k.correlation()).isGreaterThan(0.5);
    }

    @Test
    void aNegativeCorrelationCountsByItsSize() {
        float[][] x = {{1, 10}, {2, 9}, {3, 8}, {4, 1}, {5, 0}, {6, 2}};
        int[] y = {0, 0, 0, 1, 1, 1};

        KeyFeature k = KeyFeature.mostCorrelated(List.of("up", "down"), x, y);

        assertThat(k.name()).isEqualTo("down");
        assertThat(k.correlation()).isNegative();
    }

    @Test
    void theCorrelationIsPearsonsOnTheZeroOneLabel() {
        // x = y exactly: r = 1; x = (0,0,1,1) against y = (0,1,0,1): r = 0.
        float[][] x = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
        int[] y = {0, 1, 0, 1};

        KeyFeature k = KeyFeature.mostCorrelated(List.of("same", "unrelated"), x, y);

        assertThat(k.name()).isEqualTo("same");
        assertThat(k.correlation()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aTieGoesToTheEarlierColumn() {
        float[][] x = {{1, 1}, {2, 2}, {3, 3}, {4, 4}};
        int[] y = {0, 0, 1, 1};

        assertThat(KeyFeature.mostCorrelated(List.of("first", "second"), x, y).name()).isEqualTo("first");
        assertThat(KeyFeature.mostCorrelated(List.of("second", "first"), x, y).name()).isEqualTo("second");
    }

    @Test
    void aConstantColumnNeverWinsEvenWithALargeValue() {
        // 0.1f and 123456.7f are not exact in binary: their mean in double rounds, leaving a spread
        // of rounding noise that must not be taken for a correlation.
        SplittableRandom rng = new SplittableRandom(2);
        int n = 999;
        float[][] x = new float[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3 == 0 ? 1 : 0;
            x[i][0] = 0.1f;
            x[i][1] = 123456.7f;
            x[i][2] = (float) (rng.nextGaussian() + 0.05 * y[i]);
        }

        assertThat(KeyFeature.mostCorrelated(List.of("c1", "c2", "faint"), x, y).name()).isEqualTo("faint");
    }

    @Test
    void aLargeOffsetDoesNotDrownTheSignal() {
        // Amounts around a million: the label moves the column by 8, far above float's 0.0625 step
        // there, and the other column is a weaker signal near zero.
        SplittableRandom rng = new SplittableRandom(3);
        int n = 4000;
        float[][] x = new float[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextDouble() < 0.3 ? 1 : 0;
            x[i][0] = (float) (1_000_000 + 8 * y[i] + 4 * rng.nextGaussian());
            x[i][1] = (float) (rng.nextGaussian() + 0.5 * y[i]);
        }

        KeyFeature k = KeyFeature.mostCorrelated(List.of("amount", "other"), x, y);

        assertThat(k.name()).isEqualTo("amount");
        assertThat(k.correlation()).isBetween(0.6, 0.8);
    }

    @Test
    void rowsWithoutALabelAreLeftOut() {
        // Unlabelled rows (-1) that would make "b" look perfectly correlated if -1 were a class.
        float[][] x = {{0, 5}, {1, 5}, {0, 5}, {1, 5}, {7, -9}, {7, -9}};
        int[] y = {0, 1, 0, 1, -1, -1};

        KeyFeature k = KeyFeature.mostCorrelated(List.of("a", "b"), x, y);

        assertThat(k.name()).isEqualTo("a");
        assertThat(k.correlation()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void withOneClassOnlyTheFirstFeatureIsTakenAndTheCorrelationIsUndefined() {
        float[][] x = {{1, 5}, {2, 3}, {3, 1}};
        int[] y = {0, 0, 0};

        KeyFeature k = KeyFeature.mostCorrelated(List.of("a", "b"), x, y);

        assertThat(k.name()).isEqualTo("a");
        assertThat(k.correlation()).isNaN();
    }
}
