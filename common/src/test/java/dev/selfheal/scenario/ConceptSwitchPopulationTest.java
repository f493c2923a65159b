package dev.selfheal.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConceptSwitchPopulationTest {

    /** The sum of two uniforms on [0, 10] has the triangular density on [0, 20]; P(S > t) by its areas. */
    @Test
    void seaShareIsTheTriangularTail() {
        assertThat(new SeaConcept(14).share()).isCloseTo(6.0 * 6.0 / 200, within(1e-15));
        assertThat(new SeaConcept(11).share()).isCloseTo(9.0 * 9.0 / 200, within(1e-15));
        assertThat(new SeaConcept(10).share()).isCloseTo(0.5, within(1e-15));
        assertThat(new SeaConcept(4).share()).isCloseTo(1 - 4.0 * 4.0 / 200, within(1e-15));
        assertThat(new SeaConcept(-1).share()).isEqualTo(1.0);
        assertThat(new SeaConcept(20).share()).isEqualTo(0.0);
    }

    /** w·x is N(0, 1) for a unit w, so the share is P(Z > 1.2) = 0.1150697 (normal tables), whatever w. */
    @Test
    void hyperplaneShareIsTheNormalTailWhateverTheDirection() {
        double[] a = {1.0, 0.8, 0.0, 0.0, -0.5, 0.0};
        double[] b = {0.0, 8.0, 10.0, -7.0, 0.0, 0.0};
        assertThat(new HyperplaneConcept(a, 1.2).share()).isCloseTo(0.1150697, within(1e-7));
        assertThat(new HyperplaneConcept(b, 1.2).share()).isCloseTo(0.1150697, within(1e-7));
        assertThat(new HyperplaneConcept(b, 1.2).normal()).containsExactly(
                new double[] {0.0, 0.8 / Math.sqrt(2.13), 1.0 / Math.sqrt(2.13), -0.7 / Math.sqrt(2.13), 0.0, 0.0},
                within(1e-12));
    }

    @Test
    void normalTailMatchesTablesAndIsSymmetric() {
        Gaussian z = new Gaussian(0, 1);
        assertThat(z.upperTail(0)).isCloseTo(0.5, within(1e-12));
        assertThat(z.upperTail(1.96)).isCloseTo(0.0249979, within(1e-7));
        assertThat(z.upperTail(-1.2)).isCloseTo(1 - 0.1150697, within(1e-7));
        assertThat(new Gaussian(3, 2).upperTail(3 + 2 * 1.2)).isCloseTo(z.upperTail(1.2), within(1e-12));
    }

    /** Fraud share (1 − ε)π + ε(1 − π); P(inside | class) by Bayes' rule, so that the mixture gives π back. */
    @Test
    void classLawsMixBackToTheConceptShare() {
        ConceptSwitchPopulation law = new ConceptSwitchPopulation(new SeaConcept(11), 0.05);
        double pi = 0.405;
        double p = 0.95 * pi + 0.05 * (1 - pi);
        assertThat(law.fraudShare()).isCloseTo(p, within(1e-12));
        assertThat(law.insideShare(true)).isCloseTo(0.95 * pi / p, within(1e-12));
        assertThat(law.insideShare(false)).isCloseTo(0.05 * pi / (1 - p), within(1e-12));
        assertThat(p * law.insideShare(true) + (1 - p) * law.insideShare(false)).isCloseTo(pi, within(1e-12));
    }

    @Test
    void withoutNoiseEveryRowFollowsTheConcept() {
        ConceptSwitchPopulation law = new ConceptSwitchPopulation(new SeaConcept(14), 0.0);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            boolean fraud = i % 3 == 0;
            float[] x = law.features(fraud, false, rng);
            assertThat(x).hasSize(3);
            assertThat((double) x[0] + x[1] > 14).isEqualTo(fraud);
            for (float v : x) {
                assertThat(v).isBetween(0f, 10f);
            }
        }
    }

    @Test
    void theNoiseIsTheClassSoTheHoldoutKeepsIt() {
        ConceptSwitchPopulation law = DriftSchedule.seaDrifted();
        assertThat(law.flippedLabelShare()).isZero();
        assertThat(law.withTrueLabels()).isEqualTo(law);
        assertThat(law.labelNoise()).isEqualTo(0.05);
    }

    @Test
    void familiesNameTheirOwnColumns() {
        assertThat(DriftSchedule.seaClean().featureNames()).containsExactly("amount", "hour", "velocity");
        assertThat(DriftSchedule.seaClean().family()).isEqualTo("sea");
        assertThat(DriftSchedule.hyperplaneClean().featureNames())
                .containsExactly("amount", "hour", "merchant_risk", "distance", "velocity", "age");
        assertThat(DriftSchedule.hyperplaneDrifted().family()).isEqualTo("hyperplane");
    }

    @Test
    void refusesNoiseThatWouldTurnTheConceptRound() {
        assertThatThrownBy(() -> new ConceptSwitchPopulation(new SeaConcept(14), 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConceptSwitchPopulation(new SeaConcept(14), -0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HyperplaneConcept(new double[6], 1.2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HyperplaneConcept(new double[] {1, 0}, 1.2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
