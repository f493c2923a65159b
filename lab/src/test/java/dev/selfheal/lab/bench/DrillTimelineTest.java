package dev.selfheal.lab.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DrillTimelineTest {
    private static DrillTimeline.Sample at(double s, long completed, long failed, String level, double rss) {
        return new DrillTimeline.Sample(s, (long) (100 * s), (long) (90 * s), completed, failed, level, Double.NaN,
                Double.NaN, rss, Double.NaN, Double.NaN, 0);
    }

    @Test
    void checkpointsCountAsBackpressuredOnlyBetweenTwoBackpressuredSamples() {
        DrillTimeline t = new DrillTimeline();
        t.add(at(0, 0, 0, null, 1)); // job starting: level unknown
        t.add(at(1, 1, 1, "ok", 1)); // a start-up failure
        t.add(at(2, 2, 1, "high", 1));
        t.add(at(3, 4, 1, "high", 1)); // +2 completed under backpressure
        t.add(at(4, 5, 2, "high", 1)); // +1 completed, +1 failed under backpressure
        t.add(at(5, 6, 4, null, 1)); // the source finished: end-of-input declines do not count
        assertThat(t.completedWhileBackpressured()).isEqualTo(3);
        assertThat(t.failedWhileBackpressured()).isEqualTo(1);
        assertThat(t.backpressuredShare()).isEqualTo(0.75);
    }

    @Test
    void ratesAreTakenInsideTheWindow() {
        DrillTimeline t = new DrillTimeline();
        for (int s = 0; s <= 10; s++) {
            t.add(at(s, 0, 0, "high", 1));
        }
        assertThat(t.rate(DrillTimeline.Sample::sourced, 0.2, 0.8)).isCloseTo(100, within(1e-9));
        assertThat(t.rate(DrillTimeline.Sample::sinkRead, 0.2, 0.8)).isCloseTo(90, within(1e-9));
    }

    @Test
    void aFlatSeriesHasNoSlopeAfterStartUpAndARisingOneDoes() {
        DrillTimeline flat = new DrillTimeline();
        DrillTimeline rising = new DrillTimeline();
        for (int s = 0; s <= 60; s++) {
            // Start-up growth in the first third, then flat with a saw-tooth.
            flat.add(at(s, 0, 0, "high", s < 20 ? 500 + 10 * s : 700 + (s % 2)));
            rising.add(at(s, 0, 0, "high", 500 + 2 * s));
        }
        ObjectNode f = flat.summary(DrillTimeline.Sample::rssMb, 1.0 / 3);
        assertThat(f.get("first").asDouble()).isEqualTo(500);
        assertThat(f.get("max").asDouble()).isEqualTo(701);
        assertThat(Math.abs(f.get("slope_per_min").asDouble())).isLessThan(1);
        assertThat(rising.summary(DrillTimeline.Sample::rssMb, 1.0 / 3).get("slope_per_min").asDouble())
                .isCloseTo(120, within(1e-6));
    }

    @Test
    void slopeIsTheLeastSquaresOne() {
        assertThat(DrillTimeline.slope(List.of(new double[] {0, 1}, new double[] {1, 3}, new double[] {2, 5})))
                .isCloseTo(2, within(1e-12));
        assertThat(DrillTimeline.slope(List.of(new double[] {1, 1}))).isNaN();
    }
}
