package dev.selfheal.healer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HoldBackTest {
    private static final int N = 100_000;

    @Test
    void theSaltedSplitTakesItsShareAndIsIndependentOfTheUnsaltedOne() {
        int salted = 0;
        int both = 0;
        int plain = 0;
        for (int i = 0; i < N; i++) {
            String id = "g-" + i;
            boolean s = HoldBack.isHeldBack(0x73616d706c65L, id, 0.1);
            boolean h = HoldBack.isHeldBack(id, 0.2);
            salted += s ? 1 : 0;
            plain += h ? 1 : 0;
            both += s && h ? 1 : 0;
        }
        // Binomial standard deviations: ~95 for 10,000 of 100,000, ~126 for 20,000, ~42 for 2,000.
        assertThat(salted).isBetween(9_400, 10_600);
        assertThat(plain).isBetween(19_250, 20_750);
        assertThat(both).as("independent splits overlap in share x share").isBetween(1_750, 2_250);
    }

    @Test
    void differentSaltsGiveDifferentSplitsAndTheSameSaltTheSame() {
        int differ = 0;
        for (int i = 0; i < 10_000; i++) {
            String id = "t-" + i;
            boolean a = HoldBack.isHeldBack(1L, id, 0.5);
            assertThat(HoldBack.isHeldBack(1L, id, 0.5)).isEqualTo(a);
            differ += a != HoldBack.isHeldBack(2L, id, 0.5) ? 1 : 0;
        }
        assertThat(differ).isBetween(4_500, 5_500);
    }

    @Test
    void noShareOrNoIdIsNeverHeldBack() {
        assertThat(HoldBack.isHeldBack(7L, "x", 0)).isFalse();
        assertThat(HoldBack.isHeldBack(7L, null, 1)).isFalse();
        assertThat(HoldBack.isHeldBack(null, 1)).isFalse();
    }
}
