package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The calibration around the frozen network and the served-adapter vector that carries it, on
 * hand-made values (no scorer involved).
 */
class CalibrationTest {
    private static final int HIDDEN = 4;
    private static final int DIM = 3;
    private final Adapter adapter = Adapter.initial(HIDDEN, new SplittableRandom(5));

    @Test
    void identityCalibrationRoundTripsThroughTheServedVector() {
        ServedAdapter served = new ServedAdapter(adapter, Calibration.identity(DIM));

        float[] v = served.toVector();
        ServedAdapter back = ServedAdapter.of(v, HIDDEN, DIM);

        assertThat(v).hasSize(Adapter.size(HIDDEN) + Calibration.tailLength(DIM));
        assertThat(back.adapter().params()).containsExactly(adapter.params());
        assertThat(back.calibration().isIdentity()).isTrue();
        assertThat(back.calibration().scale()).containsExactly(1f, 1f, 1f);
        assertThat(back.calibration().shift()).containsExactly(0f, 0f, 0f);
        assertThat(back.calibration().outScale()).isEqualTo(1f);
        assertThat(back.calibration().outShift()).isEqualTo(0f);
    }

    @Test
    void nonIdentityCalibrationRoundTripsExactly() {
        Calibration c = new Calibration(new float[] {0.5f, 1f, 4f}, new float[] {2.2f, 0f, -1.25f}, 1.7f, -0.3f);

        ServedAdapter back = ServedAdapter.of(new ServedAdapter(adapter, c).toVector(), HIDDEN, DIM);

        assertThat(back.adapter().params()).containsExactly(adapter.params());
        assertThat(back.calibration().scale()).containsExactly(c.scale());
        assertThat(back.calibration().shift()).containsExactly(c.shift());
        assertThat(back.calibration().outScale()).isEqualTo(1.7f);
        assertThat(back.calibration().outShift()).isEqualTo(-0.3f);
        assertThat(back.calibration().isIdentity()).isFalse();
    }

    @Test
    void vectorWithoutTailMeansIdentityCalibration() {
        ServedAdapter served = ServedAdapter.of(adapter.params(), HIDDEN, DIM);

        assertThat(served.adapter().params()).containsExactly(adapter.params());
        assertThat(served.calibration().dim()).isEqualTo(DIM);
        assertThat(served.calibration().isIdentity()).isTrue();
        // The bare vector is copied, not aliased.
        assertThat(served.adapter().params()).isNotSameAs(adapter.params());
    }

    @Test
    void vectorOfAnyOtherLengthIsRejected() {
        int base = Adapter.size(HIDDEN);
        int full = base + Calibration.tailLength(DIM);
        for (int len : new int[] {0, base - 1, base + 1, base + 2, full - 1, full + 1,
                base + Calibration.tailLength(DIM + 1)}) {
            assertThatThrownBy(() -> ServedAdapter.of(new float[len], HIDDEN, DIM))
                    .as("length %d", len)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void scaleAndShiftOfDifferentLengthsAreRejected() {
        assertThatThrownBy(() -> new Calibration(new float[2], new float[3], 1f, 0f))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tailLengthAndDimOfAgree() {
        assertThat(Calibration.tailLength(DIM)).isEqualTo(2 * DIM + 2);
        assertThat(ServedAdapter.dimOf(Adapter.size(HIDDEN) + Calibration.tailLength(DIM), HIDDEN)).isEqualTo(DIM);
        assertThat(ServedAdapter.dimOf(Adapter.size(HIDDEN), HIDDEN)).isZero();
    }

    @Test
    void inputAppliesScaleTimesValuePlusShiftPerFeature() {
        Calibration c = new Calibration(new float[] {2f, 1f, 0.25f}, new float[] {1f, 0f, -3f}, 1f, 0f);

        assertThat(c.input(new float[] {1.5f, -7f, 8f})).containsExactly(4f, -7f, -1f);
        float[][] rows = c.input(new float[][] {{0f, 0f, 0f}, {-1f, 2f, 4f}});
        assertThat(rows[0]).containsExactly(1f, 0f, -3f);
        assertThat(rows[1]).containsExactly(-1f, 2f, -2f);
    }

    @Test
    void inputLeavesTheRawRowsUntouched() {
        Calibration c = new Calibration(new float[] {2f, 1f, 1f}, new float[] {1f, 0f, 0f}, 1f, 0f);
        float[][] raw = {{1f, 2f, 3f}};

        c.input(raw);

        assertThat(raw[0]).containsExactly(1f, 2f, 3f);
    }

    @Test
    void identityInputReturnsTheRowsUnchanged() {
        float[][] raw = {{1f, 2f, 3f}, {-4f, 5f, -6f}};

        float[][] out = Calibration.identity(DIM).input(raw);

        assertThat(out[0]).containsExactly(raw[0]);
        assertThat(out[1]).containsExactly(raw[1]);
    }

    @Test
    void outputAppliesThePlattMapOnTheLogit() {
        Calibration c = Calibration.identity(DIM).withOutput(2f, -1f);

        // p = 0.8 has logit ln 4; 2·ln 4 − 1 mapped back through the sigmoid.
        double expected = 1 / (1 + Math.exp(-(2 * Math.log(4) - 1)));
        assertThat((double) c.output(0.8f)).isCloseTo(expected, within(1e-6));
        // p = 0.5 has logit 0: only the shift acts.
        assertThat((double) c.output(0.5f)).isCloseTo(1 / (1 + Math.exp(1)), within(1e-6));
        // Monotone for a positive scale.
        assertThat(c.output(0.3f)).isLessThan(c.output(0.4f));
    }

    @Test
    void identityOutputReturnsTheProbabilityBitForBit() {
        Calibration c = Calibration.identity(DIM);
        for (float p : new float[] {0f, 1e-9f, 0.123456f, 0.5f, 0.999f, 1f}) {
            assertThat(c.output(p)).isEqualTo(p);
        }
    }

    @Test
    void outputStaysFiniteAtCertainProbabilities() {
        Calibration c = Calibration.identity(DIM).withOutput(3f, 0.5f);

        assertThat(c.output(0f)).isBetween(0f, 1f);
        assertThat(c.output(1f)).isBetween(0f, 1f);
    }

    @Test
    void withInputKeepsTheOutputMapAndWithOutputKeepsTheInputMap() {
        Calibration c = new Calibration(new float[] {2f, 1f, 1f}, new float[] {1f, 0f, 0f}, 1.5f, 0.2f);

        Calibration in = c.withInput(new float[] {1f, 3f, 1f}, new float[] {0f, -1f, 0f});
        Calibration out = c.withOutput(0.5f, -0.1f);

        assertThat(in.outScale()).isEqualTo(1.5f);
        assertThat(in.outShift()).isEqualTo(0.2f);
        assertThat(in.scale()).containsExactly(1f, 3f, 1f);
        assertThat(out.scale()).containsExactly(2f, 1f, 1f);
        assertThat(out.shift()).containsExactly(1f, 0f, 0f);
        assertThat(out.outScale()).isEqualTo(0.5f);
    }

    @Test
    void constructorCopiesTheArraysItIsGiven() {
        float[] scale = {2f, 1f, 1f};
        float[] shift = {1f, 0f, 0f};
        Calibration c = new Calibration(scale, shift, 1f, 0f);

        Arrays.fill(scale, 9f);
        Arrays.fill(shift, 9f);

        assertThat(c.scale()).containsExactly(2f, 1f, 1f);
        assertThat(c.shift()).containsExactly(1f, 0f, 0f);
    }

    @Test
    void identityInputAndIdentityOutputAreReportedSeparately() {
        Calibration onlyOut = Calibration.identity(DIM).withOutput(2f, 0f);
        Calibration onlyIn = Calibration.identity(DIM).withInput(new float[] {1f, 1f, 1f}, new float[] {0f, 0.5f, 0f});

        assertThat(onlyOut.inputIsIdentity()).isTrue();
        assertThat(onlyOut.isIdentity()).isFalse();
        assertThat(onlyIn.inputIsIdentity()).isFalse();
        assertThat(onlyIn.isIdentity()).isFalse();
    }
}
