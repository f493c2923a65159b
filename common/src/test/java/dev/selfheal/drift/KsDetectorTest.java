package dev.selfheal.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KsDetectorTest {

    private static final FeatureStats TRAINING = FeatureStats.of("x", ReferenceRows.normal(5000, 0, 1, 1));
    private final KsDetector ks = new KsDetector();

    @Test
    void smallStatisticAndLargePForTheSameDistribution() {
        KsResult result = ks.test(TRAINING, ReferenceRows.normal(100, 0, 1, 2));

        assertThat(result.statistic()).isLessThan(0.15);
        assertThat(result.pValue()).isGreaterThan(0.1);
    }

    @Test
    void twoSigmaShiftGivesTheKnownStatistic() {
        // For N(0,1) against N(2,1) the ECDFs are farthest apart at x = 1: Φ(1) − Φ(−1) ≈ 0.6827.
        KsResult result = ks.test(TRAINING, ReferenceRows.normal(2000, 2, 1, 3));

        assertThat(result.statistic()).isCloseTo(0.6827, within(0.05));
        assertThat(result.pValue()).isLessThan(1e-9);
    }

    @Test
    void statisticOnHandMadeSamples() {
        assertThat(KsDetector.statistic(new float[] {1, 2, 3, 4}, new float[] {3, 4, 5, 6})).isEqualTo(0.5);
        assertThat(KsDetector.statistic(new float[] {1, 2}, new float[] {3, 4})).isEqualTo(1.0);
        assertThat(KsDetector.statistic(new float[] {1, 2, 3}, new float[] {1, 2, 3})).isZero();
    }

    @Test
    void tiedValuesAreStepsOfTheDistributionFunction() {
        // At x = 1 the ECDFs are 2/3 and 1/3; at x = 2 both reach 1.
        assertThat(KsDetector.statistic(new float[] {1, 1, 2}, new float[] {1, 2, 2}))
                .isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void notANumberEndsTheScanInsteadOfHangingIt() {
        assertThat(KsDetector.statistic(new float[] {1, Float.NaN}, new float[] {Float.NaN, Float.NaN}))
                .isEqualTo(0.5);
    }

    @Test
    void kolmogorovTailMatchesKnownValuesOnBothSeries() {
        assertThat(KsDetector.kolmogorovSurvival(0)).isEqualTo(1.0);
        assertThat(KsDetector.kolmogorovSurvival(0.1)).isEqualTo(1.0);
        assertThat(KsDetector.kolmogorovSurvival(0.5)).isCloseTo(0.9639452436648751, within(1e-12));
        assertThat(KsDetector.kolmogorovSurvival(1.0)).isCloseTo(0.26999967167735456, within(1e-12));
        assertThat(KsDetector.kolmogorovSurvival(Math.nextDown(1.18))).isCloseTo(0.1234538094297657, within(1e-12));
        assertThat(KsDetector.kolmogorovSurvival(1.18)).isCloseTo(0.1234538094297657, within(1e-12));
        assertThat(KsDetector.kolmogorovSurvival(1.36)).isCloseTo(0.049485876755377876, within(1e-12));
        assertThat(KsDetector.kolmogorovSurvival(2.0)).isCloseTo(0.0006709252557796953, within(1e-15));
        assertThat(KsDetector.kolmogorovSurvival(40)).isZero();
    }

    @Test
    void pValueUsesTheEffectiveSampleSize() {
        // n1 = n2 = 200 gives an effective n of 100, so λ = D·10.
        assertThat(KsDetector.pValue(0.1, 200, 200)).isCloseTo(0.26999967167735456, within(1e-12));
    }
}
