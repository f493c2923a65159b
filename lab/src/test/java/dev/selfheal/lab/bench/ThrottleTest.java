package dev.selfheal.lab.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The drill's slow sink paces by a schedule; a fake clock makes its behaviour exact and instant. */
class ThrottleTest {
    /** Time moves only when the throttle sleeps or the test says so. */
    static final class FakeClock implements Throttle.Clock {
        long now = 1_000_000_000_000L;
        long slept;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
            slept += nanos;
        }
    }

    @Test
    void callsArePacedToTheRate() throws Exception {
        FakeClock clock = new FakeClock();
        Throttle t = new Throttle(100, clock);
        long start = clock.now;
        for (int i = 0; i < 1000; i++) {
            t.acquire();
        }
        // The first call passes at once; each next one a hundredth of a second later.
        assertThat(clock.now - start).isEqualTo(999 * 10_000_000L);
    }

    @Test
    void timeLostElsewhereIsMadeUpSoTheRateHolds() throws Exception {
        FakeClock clock = new FakeClock();
        Throttle t = new Throttle(100, clock);
        long start = clock.now;
        for (int i = 0; i < 1000; i++) {
            if (i % 100 == 50) {
                clock.now += 300_000_000L; // e.g. a checkpoint's synchronous part: 0.3 s
            }
            t.acquire();
        }
        assertThat(clock.now - start).isEqualTo(999 * 10_000_000L);
    }

    @Test
    void aLongPauseEarnsAtMostOneSecondOfBurst() throws Exception {
        FakeClock clock = new FakeClock();
        Throttle t = new Throttle(100, clock);
        t.acquire();
        clock.now += 3_600_000_000_000L; // an hour without input
        clock.slept = 0;
        int passedAtOnce = 0;
        while (clock.slept == 0) {
            t.acquire();
            passedAtOnce++;
        }
        // One second of credit is 100 calls, plus the one that was due anyway.
        assertThat(passedAtOnce - 1).isEqualTo(101);
    }

    @Test
    void aRateMustBePositive() {
        assertThatThrownBy(() -> new Throttle(0, new FakeClock())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Throttle(Double.NaN, new FakeClock())).isInstanceOf(IllegalArgumentException.class);
    }
}
