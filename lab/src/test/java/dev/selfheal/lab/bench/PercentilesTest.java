package dev.selfheal.lab.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTest {
    @Test
    void nearestRankOfSamples() {
        List<Double> s = List.of(5.0, 1.0, 4.0, 2.0, 3.0);
        assertThat(Percentiles.of(s, 0.5)).isEqualTo(3.0);
        assertThat(Percentiles.of(s, 0.99)).isEqualTo(5.0);
        assertThat(Percentiles.of(s, 0.0)).isEqualTo(1.0);
        assertThat(Percentiles.of(List.of(), 0.5)).isNaN();
    }

    @Test
    void quantilesOfAMillisecondHistogram() {
        long[] h = new long[10];
        h[2] = 90;
        h[7] = 10;
        assertThat(Percentiles.ofHistogram(h, 0.5)).isEqualTo(2);
        assertThat(Percentiles.ofHistogram(h, 0.9)).isEqualTo(2);
        assertThat(Percentiles.ofHistogram(h, 0.91)).isEqualTo(7);
        assertThat(Percentiles.total(h)).isEqualTo(100);
        assertThat(Percentiles.ofHistogram(new long[3], 0.5)).isNaN();
    }
}
