package dev.selfheal.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MovedListTest {
    @Test
    void readsNamesAndDivergencesInOrder() {
        assertThat(MovedList.parse("h8 0.034 h23 0.020 h47 0.051"))
                .containsExactly(Map.entry("h8", 0.034), Map.entry("h23", 0.020), Map.entry("h47", 0.051));
    }

    @Test
    void aNameWithSpacesKeepsThemAndEmptyTextIsNothing() {
        assertThat(MovedList.parse("merchant risk 0.2 V14 0.1"))
                .containsExactly(Map.entry("merchant risk", 0.2), Map.entry("V14", 0.1));
        assertThat(MovedList.parse("")).isEmpty();
        assertThat(MovedList.parse(null)).isEmpty();
    }

    @Test
    void aNumericFeatureNameIsTheNameWhenNoNameIsOpen() {
        // "2024" opens a name (nothing is pending), then 0.5 is its value.
        assertThat(MovedList.parse("2024 0.5")).containsExactly(Map.entry("2024", 0.5));
    }
}
