package dev.selfheal.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void cliNamesAreLowercaseWithHyphens() {
        assertThat(Scenario.values()).extracting(Scenario::cliName)
                .containsExactly("seed", "shift", "gradual", "recurring", "prior", "noise", "poison", "pattern",
                        "pattern-gradual", "invert", "pattern-shift", "multi", "sea", "hyperplane");
    }

    @Test
    void multiDescribesTheOffsetsItDraws() {
        assertThat(Scenario.MULTI.description())
                .contains("(" + DriftSchedule.multiClean().describeOffsets() + ")")
                .contains("(" + DriftSchedule.multiDrifted().describeOffsets() + ")")
                .contains("correlation " + DriftSchedule.MULTI_RHO);
    }

    @Test
    void columnsAreTheTrainingLaws() {
        assertThat(Scenario.SHIFT.featureNames()).isEqualTo(ScenarioGenerator.FEATURE_NAMES);
        assertThat(Scenario.SEA.featureNames()).containsExactly("amount", "hour", "velocity");
        assertThat(Scenario.HYPERPLANE.featureNames()).hasSize(6).doesNotContain("V14");
    }

    @Test
    void parsesCliNames() {
        for (Scenario s : Scenario.values()) {
            assertThat(Scenario.parse(s.cliName())).isEqualTo(s);
        }
        assertThat(Scenario.parse(" Shift ")).isEqualTo(Scenario.SHIFT);
        assertThat(Scenario.parse("Pattern-Gradual")).isEqualTo(Scenario.PATTERN_GRADUAL);
    }

    @Test
    void unknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> Scenario.parse("drift"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'drift'")
                .hasMessageContaining("seed, shift, gradual, recurring, prior, noise, poison, pattern, pattern-gradual, "
                        + "invert, pattern-shift, multi, sea, hyperplane");
        assertThatThrownBy(() -> Scenario.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
