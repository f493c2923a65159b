package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HealLossTest {
    private static final HealBatch BATCH = new HealBatch(new float[5][1], new int[] {1, 0, -1, 1, -1},
            new int[] {1, 0, 1, 0, 0}, new boolean[] {true, false, true, true, false});

    @Test
    void slopeIsTheDerivativeOfTheLossPerLogit() {
        HealConfig cfg = HealConfig.reference();
        HealLoss loss = new HealLoss(BATCH, cfg);
        assertThat(loss.positiveWeight()).isEqualTo(4.0); // every labelled conflict row is a fraud
        float[] z = {-3.2f, 0.4f, 1.7f, -0.05f, 6.0f};
        float[] slope = new float[z.length];
        loss.value(z, slope);
        double h = 1e-3;
        for (int i = 0; i < z.length; i++) {
            float[] up = z.clone();
            float[] down = z.clone();
            up[i] += (float) h;
            down[i] -= (float) h;
            double numeric = (loss.value(up, null) - loss.value(down, null)) / ((double) up[i] - down[i]);
            assertThat((double) slope[i]).as("row %d", i).isCloseTo(numeric, within(1e-6));
        }
    }

    @Test
    void valueIsTheReferenceLossWrittenOut() {
        HealConfig cfg = new HealConfig(5, 0.003, 0.6, 0.5, 0.2);
        float[] z = {-1f, 0f, 2f, 0.5f, -4f};
        double w = 4.0;
        double labelled = 0;
        double rule = 0;
        double entropy = 0;
        for (int i = 0; i < z.length; i++) {
            double p = 1 / (1 + Math.exp(-z[i]));
            int y = BATCH.labels()[i];
            if (y >= 0) {
                labelled += -(w * y * Math.log(p) + (1 - y) * Math.log(1 - p));
            }
            int r = BATCH.ruleLabels()[i];
            rule += -(r * Math.log(p) + (1 - r) * Math.log(1 - p));
            entropy += -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
        }
        double expected = 0.6 * labelled / 3 + 0.4 * 0.5 * rule / 5 + 0.2 * entropy / 5;
        assertThat(new HealLoss(BATCH, cfg).value(z, null)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void withoutLabelsOnlyRulesAndEntropyCount() {
        HealBatch none = new HealBatch(new float[2][1], new int[] {-1, -1}, new int[] {1, 0},
                new boolean[] {true, false});
        float[] slope = new float[2];
        HealConfig cfg = HealConfig.reference();
        double v = new HealLoss(none, cfg).value(new float[] {0f, 0f}, slope);
        // At p = 1/2 both BCEs are log 2, the entropy is log 2 and its slope 0.
        assertThat(v).isCloseTo((0.3 * 0.8 + 0.03) * Math.log(2), within(1e-12));
        assertThat((double) slope[0]).isCloseTo(0.3 * 0.8 / 2 * (0.5 - 1), within(1e-7));
        assertThat((double) slope[1]).isCloseTo(0.3 * 0.8 / 2 * 0.5, within(1e-7));
    }
}
