package dev.selfheal.signals;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ClassSharesTest {
    private static final ClassShares.FraudShare ANY = new ClassShares.FraudShare(0, 1);

    private static ClassShares shares(int normal, int fraud, double[] tails, double eN, double eF) {
        return new ClassShares(normal, fraud, new double[][] {tails}, new double[][] {tails}, eN, eF, 0.05, 0.85, 0.3);
    }

    @Test
    void theBarIsTheClassMixAtTheEndOfTheRangeThatPutsMoreThereEachShareRaisedByItsStandardError() {
        ClassShares c = shares(900, 100, new double[] {0.02, 0.01, 0.0, 0.30}, 0.1, 0.4);
        double[] t = c.unitTails()[0];
        double fraudHigh = 0.30 + Math.sqrt(0.30 * 0.70 / 100);
        double normalHigh = 0.01 + Math.sqrt(0.01 * 0.99 / 900);
        assertThat(c.explainable(t, true, ANY)).isCloseTo(fraudHigh, within(1e-12));
        assertThat(c.explainable(t, true, new ClassShares.FraudShare(0.1, 0.2)))
                .isCloseTo(0.8 * normalHigh + 0.2 * fraudHigh, within(1e-12));
        assertThat(c.explainable(t, false, ANY)).isCloseTo(0.02 + Math.sqrt(0.02 * 0.98 / 900), within(1e-12));
        // The fewer rows a class has, the wider its margin: a share seen on 10 frauds is a rough one.
        ClassShares few = shares(990, 10, new double[] {0.0, 0.0, 0.1, 0.0}, 0.1, 0.4);
        assertThat(few.explainable(few.unitTails()[0], false, ANY)).isCloseTo(0.1 + Math.sqrt(0.09 / 10),
                within(1e-12));
    }

    @Test
    void theFraudShareComesFromTheMeanProbabilityWithinItsMargin() {
        ClassShares c = shares(900, 100, new double[] {0, 0, 0, 0}, 0.1, 0.4);
        // Mean probabilities 0.05 (normal) and 0.85 (fraud): a mean of 0.25 is a fraud share of 0.25.
        ClassShares.FraudShare exact = c.fraudShare(0.25, 1e16, 3);
        assertThat(exact.low()).isCloseTo(0.25, within(1e-6));
        assertThat(exact.high()).isCloseTo(0.25, within(1e-6));
        ClassShares.FraudShare wide = c.fraudShare(0.25, 100, 3);
        assertThat(wide.low()).isCloseTo(0.25 - 3 * 0.3 / 10 / 0.8, within(1e-12));
        assertThat(wide.high()).isCloseTo(0.25 + 3 * 0.3 / 10 / 0.8, within(1e-12));
        assertThat(c.fraudShare(0.0, 100, 3).low()).isZero();
        ClassShares blind = new ClassShares(900, 100, new double[][] {{0, 0, 0, 0}}, new double[][] {{0, 0, 0, 0}},
                0.1, 0.4, 0.3, 0.3, 0.1);
        assertThat(blind.fraudShare(0.3, 100, 3)).isEqualTo(ANY);
    }

    @Test
    void entropyWithinTheMixesOrTrainingsOwnIsNoDeparture() {
        ClassShares c = shares(900, 100, new double[] {0, 0, 0, 0}, 0.1, 0.4);
        assertThat(c.entropyOutside(0.25, ANY, 0.13)).isZero();
        assertThat(c.entropyOutside(0.05, ANY, 0.13)).isCloseTo(-0.05, within(1e-12));
        assertThat(c.entropyOutside(0.5, ANY, 0.13)).isCloseTo(0.1, within(1e-12));
        ClassShares.FraudShare narrow = new ClassShares.FraudShare(0.5, 0.5); // entropy 0.25
        assertThat(c.entropyOutside(0.3, narrow, 0.13)).isCloseTo(0.05, within(1e-12));
        assertThat(c.entropyOutside(0.2, narrow, 0.13)).isZero();
    }

    @Test
    void bothClassesAndFourSharesPerEntryAreRequired() {
        assertThatThrownBy(() -> shares(0, 10, new double[] {0, 0, 0, 0}, 0.1, 0.2))
                .hasMessageContaining("both classes");
        assertThatThrownBy(() -> shares(10, 10, new double[] {0, 0, 0}, 0.1, 0.2))
                .hasMessageContaining("normal low");
        assertThatThrownBy(() -> new ClassShares.FraudShare(0.5, 0.4)).hasMessageContaining("[0, 1]");
    }
}
