package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AdamTest {
    @Test
    void float32StepFollowsTheDoubleStepUpToRounding() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 8321;
        float[] a = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        float[] b = a.clone();
        AdamState sa = AdamState.fresh(n);
        AdamState sb = AdamState.fresh(n);
        for (int step = 0; step < 25; step++) {
            for (int i = 0; i < n; i++) {
                // Mixed scales, zeros and sign changes, as real gradients have.
                g[i] = i % 17 == 0 ? 0f : (float) (rng.nextGaussian() * Math.pow(10, -1 - i % 6));
            }
            sa = Adam.step(a, 0, g, sa, 0.003);
            sb = Adam.stepFloat32(b, g, sb, 0.003);
        }
        assertThat(sb.step()).isEqualTo(25);
        for (int i = 0; i < n; i++) {
            // Rounding is relative to the gradients' scale (m may cancel to far below it).
            double scale = Math.pow(10, -1 - i % 6);
            assertThat((double) b[i]).as("param %d", i).isCloseTo(a[i], within(1e-6));
            assertThat((double) sb.m()[i]).as("m %d", i).isCloseTo(sa.m()[i], within(1e-6 * scale));
            assertThat((double) sb.v()[i]).as("v %d", i).isCloseTo(sa.v()[i], within(1e-6 * scale * scale));
        }
    }

    @Test
    void firstStepMovesEveryParameterWithAGradientByTheLearningRate() {
        float[] p = {1f, 1f, 1f};
        AdamState s = Adam.stepFloat32(p, new float[] {0.5f, -2e-3f, 0f}, AdamState.fresh(3), 0.01);
        assertThat((double) p[0]).isCloseTo(0.99, within(1e-6));
        assertThat((double) p[1]).isCloseTo(1.01, within(1e-6));
        assertThat(p[2]).isEqualTo(1f);
        assertThat(s.step()).isEqualTo(1);
    }

    @Test
    void float32StepRefusesMismatchedLengths() {
        assertThatThrownBy(() -> Adam.stepFloat32(new float[3], new float[2], AdamState.fresh(3), 0.01))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
