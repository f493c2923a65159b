package dev.selfheal.lab.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which part of a run its throughput is taken from: samples are {nanos, outputs, cpu nanos, heal batches}. */
class JobRunWindowTest {
    private static List<long[]> run(long events, long healBatchesFrom, long batches) {
        List<long[]> s = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            long count = events * i / 100;
            s.add(new long[] {i * 10_000_000L, count, i * 20_000_000L, count >= healBatchesFrom ? batches : 0});
        }
        return s;
    }

    @Test
    void throughputIsTakenBetweenTwentyAndNinetyPercentOfTheOutput() {
        long[][] w = JobRun.window(run(1000, 0, 0), 1000, 0);
        assertThat(w[0][1]).isEqualTo(200);
        assertThat(w[1][1]).isEqualTo(900);
    }

    @Test
    void withAwaitedHealBatchesTheWindowStartsOnceTheyClosed() {
        long[][] w = JobRun.window(run(1000, 500, 7), 1000, 7);
        assertThat(w[0][1]).isEqualTo(500);
        assertThat(w[1][1]).isEqualTo(900);
    }

    @Test
    void healBatchesClosingLateLeaveTheRestOfTheRun() {
        long[][] w = JobRun.window(run(1000, 950, 7), 1000, 7);
        assertThat(w[0][1]).isEqualTo(950);
        assertThat(w[1][1]).isEqualTo(1000);
    }

    @Test
    void neverClosingFallsBackToTheWholeRun() {
        long[][] w = JobRun.window(run(1000, 0, 0), 1000, 3);
        assertThat(w[0][1]).isZero();
        assertThat(w[1][1]).isEqualTo(1000);
    }
}
