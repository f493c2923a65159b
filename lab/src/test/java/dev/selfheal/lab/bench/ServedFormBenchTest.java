package dev.selfheal.lab.bench;

import dev.selfheal.model.ScoringKernels;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each served form is applied to SCORE's own scorer and timed; none falls back to the deployed adapter. */
class ServedFormBenchTest {

    @Test
    void everyFormIsServedAndTimed() {
        BenchSetup setup = BenchSetup.create(3, 1);
        Map<String, Double> us = new ServedFormBench(setup, 0.02).usPerRecord(ScoringKernels.VECTOR, 16);
        assertThat(us).containsOnlyKeys(ServedFormBench.ADAPTER, ServedFormBench.INPUT_PATH,
                ServedFormBench.INPUT_PATH_LINK, ServedFormBench.INPUT_PATH_UNITS);
        assertThat(us.values()).allSatisfy(v -> assertThat(v).isPositive().isFinite());
    }
}
