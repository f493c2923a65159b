package dev.selfheal.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The schedule against the scenarios' specification, batch by batch (expected numbers are the specification's, not derived). */
class DriftScheduleTest {

    private static double v14Shift(Population p) {
        return p.fraudV14().mean() - (-2.5);
    }

    @Test
    void gradualRampsOverBatchesSixToFifteen() {
        DriftSchedule s = new DriftSchedule(Scenario.GRADUAL);
        for (int b = 1; b <= 5; b++) {
            assertThat(v14Shift(s.atBatch(b))).isCloseTo(0.0, within(1e-12));
        }
        assertThat(v14Shift(s.atBatch(6))).isCloseTo(-0.22, within(1e-12));
        assertThat(v14Shift(s.atBatch(10))).isCloseTo(-1.1, within(1e-12));
        assertThat(v14Shift(s.atBatch(15))).isCloseTo(-2.2, within(1e-12));
        for (int b = 15; b <= 25; b++) {
            assertThat(v14Shift(s.atBatch(b))).isCloseTo(-2.2, within(1e-12));
            assertThat(s.atBatch(b).normalV14().mean()).isCloseTo(-2.2, within(1e-12));
        }
    }

    @Test
    void recurringIsOnForTheFirstFiveOfEveryTen() {
        DriftSchedule s = new DriftSchedule(Scenario.RECURRING);
        for (int b = 1; b <= 30; b++) {
            boolean on = (b >= 1 && b <= 5) || (b >= 11 && b <= 15) || (b >= 21 && b <= 25);
            assertThat(v14Shift(s.atBatch(b))).as("batch %d", b).isCloseTo(on ? -2.2 : 0.0, within(1e-12));
        }
    }

    @Test
    void poisonFlipsOnlyInBatchesTenToFifteenAndNeverInTheHoldout() {
        DriftSchedule s = new DriftSchedule(Scenario.POISON);
        for (int b = 1; b <= 25; b++) {
            double expected = b >= 10 && b <= 15 ? 0.4 : 0.0;
            assertThat(s.atBatch(b).flippedLabelShare()).as("batch %d", b).isEqualTo(expected);
            assertThat(v14Shift(s.atBatch(b))).isCloseTo(-2.2, within(1e-12));
        }
        assertThat(s.endOfStream(12).flippedLabelShare()).isZero();
    }

    @Test
    void staticScenarios() {
        Population seed = new DriftSchedule(Scenario.SEED).atBatch(7);
        assertThat(seed.normalV14()).isEqualTo(new Gaussian(-2.2, 1.0));
        assertThat(seed.fraudV14()).isEqualTo(new Gaussian(-2.5, 0.8));
        assertThat(seed.fraudShare()).isEqualTo(0.15);

        Population prior = new DriftSchedule(Scenario.PRIOR).atBatch(7);
        assertThat(prior.fraudShare()).isEqualTo(0.05);
        assertThat(prior.normalV14()).isEqualTo(new Gaussian(0.0, 1.0));

        Population noise = new DriftSchedule(Scenario.NOISE).atBatch(7);
        assertThat(noise.noiseOffset()).isEqualTo(3.0);
        assertThat(noise.fraudV14()).isEqualTo(new Gaussian(-2.5, 0.8));
    }

    @Test
    void holdoutFollowsTheLastBatch() {
        assertThat(v14Shift(new DriftSchedule(Scenario.GRADUAL).endOfStream(25))).isCloseTo(-2.2, within(1e-12));
        assertThat(v14Shift(new DriftSchedule(Scenario.RECURRING).endOfStream(25))).isCloseTo(-2.2, within(1e-12));
        assertThat(v14Shift(new DriftSchedule(Scenario.RECURRING).endOfStream(20))).isCloseTo(0.0, within(1e-12));
    }
}
