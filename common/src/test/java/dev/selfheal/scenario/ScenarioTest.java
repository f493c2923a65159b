package dev.selfheal.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void cliNamesAreLowercase() {
        assertThat(Scenario.values()).extracting(Scenario::cliName)
                .containsExactly("seed", "shift", "gradual", "recurring", "prior", "noise", "poison");
    }

    @Test
    void parsesCliNames() {
        for (Scenario s : Scenario.values()) {
            assertThat(Scenario.parse(s.cliName())).isEqualTo(s);
        }
        assertThat(Scenario.parse(" Shift ")).isEqualTo(Scenario.SHIFT);
    }

    @Test
    void unknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> Scenario.parse("drift"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'drift'")
                .hasMessageContaining("seed, shift, gradual, recurring, prior, noise, poison");
        assertThatThrownBy(() -> Scenario.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
