package dev.selfheal.job.heal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.job.heal.UnmatchedLabels.Occasion;
import dev.selfheal.job.heal.UnmatchedLabels.RowCheck;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnmatchedLabelsTest {
    private static final long MINUTE = 60_000;
    private static final RowCheck NOT_ASKED = () -> {
        throw new AssertionError("the row was looked up although the answer cannot depend on it");
    };

    @Test
    void aLabelExpiresExactlyOnceItsTtlHasPassed() {
        UnmatchedLabels u = new UnmatchedLabels(2);
        assertThat(u.expired(1_000 + 2 * MINUTE - 1, 1_000)).isFalse();
        assertThat(u.expired(1_000 + 2 * MINUTE, 1_000)).isTrue();
    }

    @ParameterizedTest(name = "{0}: expired {1}, row waiting {2} -> drop {3}")
    @CsvSource({
        "BATCH_CLOSED, false, false, false",
        "BATCH_CLOSED, false, true,  false",
        "BATCH_CLOSED, true,  false, true",
        "BATCH_CLOSED, true,  true,  true",
        // The timer spares a label whose row waits in a batch: that batch's closing decides.
        "TIMER,        false, false, false",
        "TIMER,        false, true,  false",
        "TIMER,        true,  false, true",
        "TIMER,        true,  true,  false",
        "END_OF_INPUT, false, false, true",
        "END_OF_INPUT, false, true,  false",
        "END_OF_INPUT, true,  false, true",
        "END_OF_INPUT, true,  true,  true",
    })
    void whoIsDroppedOnEachOccasion(Occasion occasion, boolean expired, boolean rowWaiting, boolean drop)
            throws Exception {
        UnmatchedLabels u = new UnmatchedLabels(1);
        long now = expired ? MINUTE : MINUTE - 1;
        assertThat(u.drop(occasion, now, 0, () -> rowWaiting)).isEqualTo(drop);
    }

    @Test
    void theRowIsOnlyLookedUpWhenTheAnswerDependsOnIt() throws Exception {
        // A sweep may cover many labels; each lookup is a state read.
        UnmatchedLabels u = new UnmatchedLabels(1);
        assertThat(u.drop(Occasion.BATCH_CLOSED, MINUTE, 0, NOT_ASKED)).isTrue();
        assertThat(u.drop(Occasion.BATCH_CLOSED, 0, 0, NOT_ASKED)).isFalse();
        assertThat(u.drop(Occasion.TIMER, 0, 0, NOT_ASKED)).isFalse();
    }

    @Test
    void sweepsFallOnTheFirstWholeMinuteAtOrAfterTheTtl() {
        UnmatchedLabels u = new UnmatchedLabels(1);
        assertThat(u.sweepAt(0)).isEqualTo(MINUTE);
        assertThat(u.sweepAt(1)).isEqualTo(2 * MINUTE);
        assertThat(u.sweepAt(MINUTE - 1)).isEqualTo(2 * MINUTE);
        assertThat(u.sweepAt(MINUTE)).isEqualTo(2 * MINUTE);
        assertThat(new UnmatchedLabels(1440).sweepAt(1_700_000_000_123L)).isEqualTo(1_700_086_440_000L);
    }

    @Property(tries = 300)
    void aSweepAtItsTimeFindsTheLabelExpiredAndComesAtMostAMinuteLate(
            @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long arrival,
            @ForAll @LongRange(min = 1, max = 525_600) long ttlMinutes) {
        UnmatchedLabels u = new UnmatchedLabels(ttlMinutes);
        long at = u.sweepAt(arrival);
        assertThat(u.expired(at, arrival)).isTrue();
        assertThat(at - (arrival + ttlMinutes * MINUTE)).isBetween(0L, MINUTE - 1);
        assertThat(at % MINUTE).isZero();
        // Labels arriving within one minute, (m, m + 1 min], share one sweep time, hence one timer.
        long m = arrival - arrival % MINUTE;
        assertThat(u.sweepAt(arrival)).isIn(u.sweepAt(m), u.sweepAt(m + MINUTE));
        assertThat(u.sweepAt(m + 1)).isEqualTo(u.sweepAt(m + MINUTE));
    }

    @Test
    void aTtlBelowOneMinuteIsRefused() {
        assertThatThrownBy(() -> new UnmatchedLabels(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels.unmatched-ttl-minutes");
    }
}
