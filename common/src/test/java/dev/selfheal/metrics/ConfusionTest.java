package dev.selfheal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfusionTest {

    @Test
    void countsByThresholdWithStrictGreaterThan() {
        float[] p = {0.9f, 0.8f, 0.5f, 0.2f, 0.6f, 0.1f, 0.4f};
        int[] y = {1, 1, 1, 1, 0, 0, 0};
        Confusion c = Confusion.of(p, y, 0.5);
        // 0.5 is not > 0.5, so that fraud row is a miss.
        assertThat(c).isEqualTo(new Confusion(2, 2, 1, 2));
        assertThat(c.total()).isEqualTo(7);
    }

    @Test
    void scoresMatchHandComputation() {
        Confusion c = new Confusion(30, 50, 10, 10);
        assertThat(c.accuracy()).isCloseTo(0.8, within(1e-12));
        assertThat(c.precision()).isCloseTo(0.75, within(1e-12));
        assertThat(c.recall()).isCloseTo(0.75, within(1e-12));
        assertThat(c.f1()).isCloseTo(0.75, within(1e-12));

        Confusion d = new Confusion(1, 6, 3, 0);
        assertThat(d.precision()).isCloseTo(0.25, within(1e-12));
        assertThat(d.recall()).isCloseTo(1.0, within(1e-12));
        // 2*0.25*1/(1.25) = 0.4 = 2/(2+3+0)
        assertThat(d.f1()).isCloseTo(0.4, within(1e-12));
        assertThat(d.accuracy()).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void zeroDenominatorsGiveZero() {
        Confusion empty = new Confusion();
        assertThat(empty.accuracy()).isZero();
        assertThat(empty.precision()).isZero();
        assertThat(empty.recall()).isZero();
        assertThat(empty.f1()).isZero();

        Confusion allNormalPredicted = new Confusion(0, 90, 0, 10);
        assertThat(allNormalPredicted.accuracy()).isCloseTo(0.9, within(1e-12));
        assertThat(allNormalPredicted.precision()).isZero();
        assertThat(allNormalPredicted.recall()).isZero();
        assertThat(allNormalPredicted.f1()).isZero();

        Confusion noFraudAtAll = new Confusion(0, 95, 5, 0);
        assertThat(noFraudAtAll.recall()).isZero();
        assertThat(noFraudAtAll.precision()).isZero();
    }

    @Test
    void addAndMerge() {
        Confusion a = new Confusion().add(true, true).add(true, false).add(false, true).add(false, false);
        assertThat(a).isEqualTo(new Confusion(1, 1, 1, 1));
        a.merge(new Confusion(2, 3, 4, 5));
        assertThat(a).isEqualTo(new Confusion(3, 4, 5, 6));
        assertThat(a.total()).isEqualTo(18);
    }

    @Test
    void toMapHasContractKeysInOrder() {
        Confusion c = new Confusion(30, 50, 10, 10);
        assertThat(c.toMap()).containsExactly(
                org.assertj.core.api.Assertions.entry("accuracy", 0.8),
                org.assertj.core.api.Assertions.entry("precision", 0.75),
                org.assertj.core.api.Assertions.entry("recall", 0.75),
                org.assertj.core.api.Assertions.entry("f1", 0.75),
                org.assertj.core.api.Assertions.entry("tp", 30L),
                org.assertj.core.api.Assertions.entry("tn", 50L),
                org.assertj.core.api.Assertions.entry("fp", 10L),
                org.assertj.core.api.Assertions.entry("fn", 10L));
    }

    @Test
    void rejectsMismatchedOrNonBinaryLabels() {
        assertThatThrownBy(() -> Confusion.of(new float[2], new int[3], 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Confusion.of(new float[] {0.1f}, new int[] {-1}, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
