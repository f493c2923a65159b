package dev.selfheal.heal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HealthWindowTest {

    @Test
    void emptyWindowHasNoMeans() {
        HealthWindow window = new HealthWindow(5);

        assertThat(window.count()).isZero();
        assertThat(window.isFull()).isFalse();
        assertThat(window.meanAccuracy()).isNaN();
        assertThat(window.meanF1()).isNaN();
    }

    @Test
    void meansCoverOnlyTheLastSizeBatches() {
        HealthWindow window = new HealthWindow(3);
        window.add(0.1, 0.0);
        window.add(0.5, 0.2);
        window.add(0.6, 0.4);
        assertThat(window.isFull()).isTrue();
        assertThat(window.meanAccuracy()).isCloseTo(0.4, within(1e-12));

        window.add(0.7, 0.6);

        assertThat(window.count()).isEqualTo(3);
        assertThat(window.meanAccuracy()).isCloseTo(0.6, within(1e-12));
        assertThat(window.meanF1()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void resetEmptiesTheWindow() {
        HealthWindow window = new HealthWindow(2);
        window.add(0.9, 0.8);
        window.add(0.9, 0.8);

        window.reset();

        assertThat(window.count()).isZero();
        assertThat(window.isFull()).isFalse();
        window.add(0.5, 0.25);
        assertThat(window.meanAccuracy()).isEqualTo(0.5);
        assertThat(window.meanF1()).isEqualTo(0.25);
    }

    @Test
    void stateRoundTripKeepsOrderAfterWrapping() {
        HealthWindow window = new HealthWindow(3);
        for (int i = 1; i <= 5; i++) {
            window.add(i / 10.0, i / 100.0);
        }

        HealthWindowState state = window.toState();

        assertThat(state.size()).isEqualTo(3);
        assertThat(state.accuracy()).containsExactly(0.3, 0.4, 0.5);
        assertThat(state.f1()).containsExactly(0.03, 0.04, 0.05);
        HealthWindow restored = HealthWindow.fromState(state);
        assertThat(restored.toState()).isEqualTo(state);
        restored.add(0.6, 0.06);
        assertThat(restored.toState().accuracy()).containsExactly(0.4, 0.5, 0.6);
    }

    @Test
    void partialWindowStateRoundTrips() {
        HealthWindow window = new HealthWindow(5);
        window.add(0.9, 0.7);

        HealthWindow restored = HealthWindow.fromState(window.toState());

        assertThat(restored.count()).isEqualTo(1);
        assertThat(restored.size()).isEqualTo(5);
        assertThat(restored.meanF1()).isEqualTo(0.7);
    }

    @Test
    void nonFiniteScoresAreRefusedBecauseTheyWouldDisableRollback() {
        HealthWindow window = new HealthWindow(5);

        assertThatThrownBy(() -> window.add(0.9, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(window.count()).isZero();
    }
}
