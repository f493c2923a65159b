package dev.selfheal.healer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SignTestTest {

    @Test
    void oneRowsDifferenceIsACoinFlip() {
        assertThat(SignTest.upperP(1, 0)).isCloseTo(0.5, within(1e-12));
        assertThat(SignTest.upperP(0, 0)).isEqualTo(1);
        assertThat(SignTest.upperP(0, 3)).isEqualTo(1);
    }

    @Test
    void matchesTheBinomialTail() {
        // P(X >= 8 | n = 10, 1/2) = (45 + 10 + 1) / 1024
        assertThat(SignTest.upperP(8, 2)).isCloseTo(56.0 / 1024, within(1e-12));
        assertThat(SignTest.upperP(5, 5)).isCloseTo(638.0 / 1024, within(1e-12));
    }

    @Test
    void staysFiniteForLargeCounts() {
        double p = SignTest.upperP(1200, 800);
        assertThat(p).isGreaterThan(0).isLessThan(1e-15);
        assertThat(SignTest.upperP(1000, 1000)).isBetween(0.5, 0.52);
    }

    @Test
    void countsOnlyRowsWhereExactlyOneIsRight() {
        float[] a = {0.9f, 0.1f, 0.9f, 0.2f};
        float[] b = {0.9f, 0.9f, 0.1f, 0.8f};
        int[] y = {1, 0, 1, 1};
        // row 0 both right, row 1 a right, row 2 a right, row 3 b right
        assertThat(SignTest.discordant(a, b, y, 0.5)).containsExactly(2, 1);
    }
}
