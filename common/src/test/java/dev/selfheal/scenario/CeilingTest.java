package dev.selfheal.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CeilingTest {

    /** The scenarios' published ceilings (docs/evaluation.md), copied literally. */
    @ParameterizedTest
    @CsvSource({
        "seed,      0.850, 0.295",
        "shift,     0.942, 0.805",
        "gradual,   0.942, 0.805",
        "recurring, 0.942, 0.805",
        "prior,     0.970, 0.681",
        "noise,     0.942, 0.805",
        "poison,    0.942, 0.805",
    })
    void matchesTheDesignTable(String scenario, double accuracy, double f1) {
        Ceiling c = Ceiling.of(Scenario.parse(scenario));
        assertThat(c.accuracy()).isCloseTo(accuracy, within(0.005));
        assertThat(c.f1()).isCloseTo(f1, within(0.005));
    }

    @Test
    void cleanDistributionIsTheShiftedOneMovedBack() {
        Ceiling c = Ceiling.clean();
        assertThat(c.accuracy()).isCloseTo(0.942, within(0.005));
        assertThat(c.f1()).isCloseTo(0.805, within(0.005));
    }

    @Test
    void indistinguishableClassesLeaveOnlyThePrior() {
        Population same = Population.clean().withNormalV14(new Gaussian(-2.5, 0.8));
        Ceiling c = Ceiling.of(same);
        // Best accuracy: say "normal" always. Best F1: say "fraud" always, 2π/(1+π).
        assertThat(c.accuracy()).isCloseTo(0.85, within(1e-6));
        assertThat(c.f1()).isCloseTo(2 * 0.15 / 1.15, within(1e-6));
    }
}
