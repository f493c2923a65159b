package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdapterShapeTest {

    @Test
    void aNarrowAdapterIsTheScaleThenTwoLinearsOfItsWidthBackToBack() {
        AdapterShape s = new AdapterShape(64, 8);
        assertThat(s.size()).isEqualTo(1 + 2 * 64 * 8 + 8 + 64).isEqualTo(1097);
        assertThat(s.w1Offset()).isEqualTo(1);
        assertThat(s.b1Offset()).isEqualTo(1 + 8 * 64);
        assertThat(s.w2Offset()).isEqualTo(s.b1Offset() + 8);
        assertThat(s.b2Offset()).isEqualTo(s.w2Offset() + 64 * 8);
        assertThat(s.b2Offset() + 64).isEqualTo(s.size());
        assertThat(s.isFull()).isFalse();
    }

    @Test
    void widthsOutsideOneToTheBackboneWidthAreRefusedSayingWhy() {
        for (int w : new int[] {0, -1, 65, 1000}) {
            assertThatThrownBy(() -> new AdapterShape(64, w)).as("width %d", w)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("adapter width must be between 1 and the backbone width 64, got " + w);
        }
        assertThat(new AdapterShape(64, 1).size()).isEqualTo(1 + 128 + 1 + 64);
        assertThat(new AdapterShape(64, 64).isFull()).isTrue();
    }

    @Test
    void aVectorOfAnotherWidthsLengthIsNotAnAdapterOfThisShape() {
        float[] narrow = Adapter.initial(new AdapterShape(64, 8), new SplittableRandom(1)).params();
        assertThatThrownBy(() -> new Adapter(new AdapterShape(64, 9), narrow))
                .hasMessageContaining("needs " + new AdapterShape(64, 9).size() + " floats, got 1097");
        assertThatThrownBy(() -> new Adapter(64, narrow)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void initialWeightsAreBoundedByEachLayersFanIn() {
        AdapterShape s = new AdapterShape(64, 4);
        float[] p = Adapter.initial(s, new SplittableRandom(2)).params();
        assertThat(p[0]).isEqualTo(Adapter.INITIAL_SCALE);
        // First layer reads H = 64 inputs (bound 1/8), the second W = 4 (bound 1/2).
        double first = maxAbs(p, s.w1Offset(), s.w2Offset());
        double second = maxAbs(p, s.w2Offset(), s.size());
        assertThat(first).isLessThanOrEqualTo(0.125).isGreaterThan(0.1);
        assertThat(second).isLessThanOrEqualTo(0.5).isGreaterThan(0.4);
    }

    private static double maxAbs(float[] p, int from, int to) {
        double m = 0;
        for (int i = from; i < to; i++) {
            m = Math.max(m, Math.abs(p[i]));
        }
        return m;
    }
}
