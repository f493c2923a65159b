package dev.selfheal.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PsiDetectorTest {

    private static final FeatureStats TRAINING = FeatureStats.of("x", ReferenceRows.normal(5000, 0, 1, 1));
    private final PsiDetector psi = new PsiDetector();

    @Test
    void nearZeroForALargeSampleFromTheTrainingDistribution() {
        assertThat(psi.psi(TRAINING, ReferenceRows.normal(5000, 0, 1, 2))).isBetween(0.0, 0.01);
    }

    @Test
    void belowTheMajorThresholdForATrainingLikeBatchOfHundred() {
        // Sampling noise alone is ~9/n ≈ 0.09 at 100 rows.
        for (long seed = 10; seed < 30; seed++) {
            assertThat(psi.psi(TRAINING, ReferenceRows.normal(100, 0, 1, seed))).isLessThan(0.25);
        }
    }

    @Test
    void majorForAShiftedBatch() {
        assertThat(psi.psi(TRAINING, ReferenceRows.normal(100, 1.0, 1, 3))).isGreaterThan(0.25);
        assertThat(psi.psi(TRAINING, ReferenceRows.normal(100, -2.2, 1, 4))).isGreaterThan(1.0);
    }

    @Test
    void majorForAWiderBatchWithTheSameMean() {
        assertThat(psi.psi(TRAINING, ReferenceRows.normal(1000, 0, 3, 5))).isGreaterThan(0.25);
    }

    @Test
    void matchesTheFormulaOnAHandMadeBatch() {
        float[] training = new float[100];
        for (int i = 0; i < training.length; i++) {
            training[i] = i; // bins of exactly ten values each
        }
        FeatureStats stats = FeatureStats.of("x", training);
        // Half the batch in the lowest bin, half in the highest, none elsewhere.
        float[] batch = {0, 0, 0, 0, 0, 99, 99, 99, 99, 99};

        double expected = 2 * (0.5 - 0.1) * Math.log(0.5 / 0.1) + 8 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1);
        assertThat(psi.psi(stats, batch)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void aFlagFeatureFromItsTrainingDistributionIsStable() {
        float[] training = new float[1000];
        float[] batch = new float[100];
        for (int i = 0; i < 200; i++) {
            training[i] = 1;
        }
        for (int i = 0; i < 20; i++) {
            batch[i] = 1;
        }

        assertThat(psi.psi(FeatureStats.of("flag", training), batch)).isCloseTo(0, within(1e-12));
    }

    @Test
    void epsilonIsValidated() {
        assertThatThrownBy(() -> new PsiDetector(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> psi.psi(TRAINING, new float[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
