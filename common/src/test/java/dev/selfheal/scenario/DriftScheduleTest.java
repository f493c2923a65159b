package dev.selfheal.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The schedule against the scenarios' specification, batch by batch (expected numbers are the specification's, not derived). */
class DriftScheduleTest {

    private static double v14Shift(Distribution d) {
        return population(d).fraudV14().mean() - (-2.5);
    }

    private static Population population(Distribution d) {
        assertThat(d).isInstanceOf(Population.class);
        return (Population) d;
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
            assertThat(population(s.atBatch(b)).normalV14().mean()).isCloseTo(-2.2, within(1e-12));
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
        Population seed = population(new DriftSchedule(Scenario.SEED).atBatch(7));
        assertThat(seed.normalV14()).isEqualTo(new Gaussian(-2.2, 1.0));
        assertThat(seed.fraudV14()).isEqualTo(new Gaussian(-2.5, 0.8));
        assertThat(seed.fraudShare()).isEqualTo(0.15);

        Population prior = population(new DriftSchedule(Scenario.PRIOR).atBatch(7));
        assertThat(prior.fraudShare()).isEqualTo(0.05);
        assertThat(prior.normalV14()).isEqualTo(new Gaussian(0.0, 1.0));

        Population noise = population(new DriftSchedule(Scenario.NOISE).atBatch(7));
        assertThat(noise.noiseOffset()).isEqualTo(3.0);
        assertThat(noise.fraudV14()).isEqualTo(new Gaussian(-2.5, 0.8));
    }

    @Test
    void holdoutFollowsTheLastBatch() {
        assertThat(v14Shift(new DriftSchedule(Scenario.GRADUAL).endOfStream(25))).isCloseTo(-2.2, within(1e-12));
        assertThat(v14Shift(new DriftSchedule(Scenario.RECURRING).endOfStream(25))).isCloseTo(-2.2, within(1e-12));
        assertThat(v14Shift(new DriftSchedule(Scenario.RECURRING).endOfStream(20))).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void patternSendsHalfOfTheFraudToANewModeOnF4() {
        for (Scenario scenario : new Scenario[] {Scenario.PATTERN, Scenario.PATTERN_SHIFT}) {
            double shift = scenario == Scenario.PATTERN_SHIFT ? -2.2 : 0.0;
            for (int b : new int[] {1, 13, 25}) {
                Population p = population(new DriftSchedule(scenario).atBatch(b));
                FraudMode mode = p.secondMode();
                assertThat(mode.share()).isEqualTo(0.5);
                assertThat(mode.feature()).isEqualTo(4);
                assertThat(mode.law()).isEqualTo(new Gaussian(2.5, 0.8));
                // The new mode's V14 is the normal class's, moved with every row under pattern-shift.
                assertThat(mode.v14()).isEqualTo(new Gaussian(0.0 + shift, 1.0));
                assertThat(p.normalV14()).isEqualTo(new Gaussian(0.0 + shift, 1.0));
                assertThat(p.fraudV14()).isEqualTo(new Gaussian(-2.5 + shift, 0.8));
                assertThat(p.fraudShare()).isEqualTo(0.15);
            }
        }
    }

    @Test
    void patternGradualRampsTheNewModesShareOverBatchesSixToFifteen() {
        DriftSchedule s = new DriftSchedule(Scenario.PATTERN_GRADUAL);
        for (int b = 1; b <= 5; b++) {
            assertThat(population(s.atBatch(b)).secondMode().present()).isFalse();
        }
        assertThat(population(s.atBatch(6)).secondMode().share()).isCloseTo(0.05, within(1e-12));
        assertThat(population(s.atBatch(10)).secondMode().share()).isCloseTo(0.25, within(1e-12));
        for (int b = 15; b <= 25; b++) {
            assertThat(population(s.atBatch(b)).secondMode().share()).isCloseTo(0.5, within(1e-12));
        }
        assertThat(population(s.endOfStream(25)).secondMode().share()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void invertFlipsFraudV14Only() {
        Population p = population(new DriftSchedule(Scenario.INVERT).atBatch(3));
        assertThat(p.fraudV14()).isEqualTo(new Gaussian(2.0, 1.0));
        assertThat(p.normalV14()).isEqualTo(new Gaussian(0.0, 1.0));
        assertThat(p.secondMode().present()).isFalse();
    }

    @Test
    void onlyMultiSeaAndHyperplaneTrainOnAnotherFamily() {
        for (Scenario s : Scenario.values()) {
            Distribution base = new DriftSchedule(s).base();
            if (s == Scenario.MULTI) {
                assertThat(base).isInstanceOf(CorrelatedPopulation.class);
                assertThat(new DriftSchedule(s).atBatch(1)).isInstanceOf(CorrelatedPopulation.class);
            } else if (s == Scenario.SEA || s == Scenario.HYPERPLANE) {
                assertThat(base.family()).isEqualTo(s.cliName());
                assertThat(base).isInstanceOf(ConceptSwitchPopulation.class);
            } else {
                assertThat(base).isEqualTo(Population.clean());
            }
        }
    }

    @Test
    void conceptSwitchesKeepTheTrainingConceptForTwoBatchesThenSwitch() {
        for (Scenario s : new Scenario[] {Scenario.SEA, Scenario.HYPERPLANE}) {
            DriftSchedule schedule = new DriftSchedule(s);
            assertThat(schedule.atBatch(1)).isEqualTo(schedule.base());
            assertThat(schedule.atBatch(2)).isEqualTo(schedule.base());
            Distribution after = schedule.atBatch(3);
            assertThat(after).isNotEqualTo(schedule.base());
            assertThat(schedule.atBatch(25)).isEqualTo(after);
            assertThat(schedule.endOfStream(25)).isEqualTo(after);
            assertThat(after.featureNames()).isEqualTo(schedule.base().featureNames());
        }
        assertThat(((ConceptSwitchPopulation) new DriftSchedule(Scenario.SEA).atBatch(3)).concept())
                .isEqualTo(new SeaConcept(11.0));
        assertThat(((ConceptSwitchPopulation) new DriftSchedule(Scenario.SEA).base()).concept())
                .isEqualTo(new SeaConcept(14.0));
        assertThat(((ConceptSwitchPopulation) new DriftSchedule(Scenario.HYPERPLANE).atBatch(3)).concept())
                .isEqualTo(new HyperplaneConcept(new double[] {0, 0.8, 1, -0.7, 0, 0}, 1.2));
    }

    @Test
    void multiTurnsTheFraudDirectionAndKeepsItsSeparation() {
        CorrelatedPopulation clean = DriftSchedule.multiClean();
        CorrelatedPopulation drifted = (CorrelatedPopulation) new DriftSchedule(Scenario.MULTI).atBatch(1);
        assertThat(drifted.fraudOffset()).containsExactly(0.6, 1.0, -1.6, -0.8, -1.0);
        assertThat(clean.fraudOffset()).containsExactly(-1.0, 1.0, -0.8, -1.6, 0.6);
        assertThat(drifted.informative()).containsExactly(1, 2, 4, 7, 8);
        assertThat(drifted.mahalanobis()).isCloseTo(clean.mahalanobis(), within(1e-12));
        // Far from the old direction: a re-map of the old score keeps about a third of the separation.
        assertThat(clean.cosineTo(drifted)).isBetween(0.2, 0.5);
    }
}
