package dev.selfheal.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.model.TrainConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetrainBaselineTest {

    @Test
    void trainsTheArchitectureFromScratchOnTheWindow() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 400;
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            // Fraud far out on feature 1, offset by 100 to need the window's own standardisation.
            y[i] = i % 4 == 0 ? 1 : 0;
            x[i] = new float[] {(float) rng.nextGaussian(), (float) (100 + rng.nextGaussian() + (y[i] == 1 ? 4 : 0))};
        }
        BaselineModel m = new RetrainBaseline(new TrainConfig(20, 50, 1e-2, 16, 3)).fit(x, y);
        float[] p = m.probabilities(new float[][] {{0f, 100f}, {0f, 104f}, {1f, 99.5f}, {-1f, 104.5f}});
        assertThat(p[0]).isLessThan(0.5f);
        assertThat(p[1]).isGreaterThan(0.5f);
        assertThat(p[2]).isLessThan(0.5f);
        assertThat(p[3]).isGreaterThan(0.5f);
        assertThat(m.probabilities(new float[0][])).isEmpty();
    }
}
