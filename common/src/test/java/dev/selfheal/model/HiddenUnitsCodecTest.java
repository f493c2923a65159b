package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Served vectors whose input path has hidden units: their layout, codec format and what they serve. */
class HiddenUnitsCodecTest {
    private static final int HIDDEN = 8;
    private static final int DIM = 3;
    private static final int FORMAT_OFFSET = 4;
    private static final int KIND_OFFSET = 5;

    private final Adapter adapter = Adapter.initial(HIDDEN, new SplittableRandom(7));
    private final Calibration calibration = Calibration.identity(DIM);
    private final Standardizer standardizer = new Standardizer(new float[] {0f, 1f, 0f}, new float[] {1f, 2f, 1f});

    @Test
    void everyTailHasItsOwnLengthForAnyFeatureCount() {
        for (int d = 1; d <= 500; d++) {
            int[] lengths = {InputPath.tailLength(d), InputPath.linkedTailLength(d), InputPath.unitsTailLength(d, false),
                    InputPath.unitsTailLength(d, true)};
            assertThat(lengths).as("d = %d", d).doesNotHaveDuplicates();
        }
    }

    @Test
    void aPathWithUnitsReadsBackAndEncodesInFormatFive() {
        for (OutputLink link : new OutputLink[] {null, step()}) {
            InputPath path = new InputPath(new float[] {0.5f, 0f, 0f}, new float[3], link, units(0.7f));
            float[] v = new ServedAdapter(adapter, calibration, path).toVector();
            assertThat(v).hasSize(AdapterShape.full(HIDDEN).size() + Calibration.tailLength(DIM)
                    + InputPath.unitsTailLength(DIM, link != null));
            ServedAdapter back = ServedAdapter.of(v, HIDDEN, DIM);
            assertThat(back.path().units().weight()).containsExactly(path.units().weight());
            assertThat(back.path().units().out()).containsExactly(path.units().out());
            assertThat(back.path().link() == null).isEqualTo(link == null);
            assertThat(back.toVector()).containsExactly(v);

            byte[] bytes = AdapterCodec.encodeServed("m", 9, AdapterShape.full(HIDDEN), DIM, v);
            assertThat(bytes[FORMAT_OFFSET]).isEqualTo((byte) AdapterCodec.FORMAT_VERSION_UNITS);
            assertThat(bytes[KIND_OFFSET]).isEqualTo((byte) (link == null ? AdapterCodec.KIND_INPUT_PATH_UNITS
                    : AdapterCodec.KIND_INPUT_PATH_UNITS_LINK));
            assertThat(AdapterCodec.decode(bytes, AdapterShape.full(HIDDEN)).vector()).containsExactly(v);
        }
    }

    @Test
    void aFormatFiveHeaderWithAnOlderKindIsRefused() {
        InputPath path = new InputPath(new float[] {0.5f, 0f, 0f}, new float[3], null, units(0.7f));
        byte[] bytes = AdapterCodec.encodeServed("m", 9, AdapterShape.full(HIDDEN), DIM,
                new ServedAdapter(adapter, calibration, path).toVector());
        bytes[KIND_OFFSET] = (byte) AdapterCodec.KIND_INPUT_PATH_LINK;
        assertThatThrownBy(() -> AdapterCodec.decode(bytes, AdapterShape.full(HIDDEN)))
                .isInstanceOf(AdapterCodec.InvalidAdapterException.class).hasMessageContaining("format 5");
    }

    @Test
    void theUnitsAddTheirRectifiedSumToTheLogit() {
        HiddenUnits u = units(0.7f);
        InputPath path = new InputPath(new float[3], new float[3], null, u);
        float[] in = {2f, 3f, -1f};
        double[] c = {2, 1, -1};
        double expected = 0;
        for (int k = 0; k < HiddenUnits.UNITS; k++) {
            double a = u.bias()[k];
            for (int j = 0; j < DIM; j++) {
                a += u.weight()[k * DIM + j] * c[j];
            }
            expected += u.out()[k] * Math.max(0, a);
        }
        assertThat(expected).isNotZero();
        // SCORE's per-row form sums in float, the fit's in double.
        assertThat(path.logitDelta(in, standardizer)).isCloseTo(expected, offset(1e-5));
        assertThat(path.logitDelta(c)).isCloseTo(expected, offset(1e-9));
        assertThat(path.isZero()).isFalse();
    }

    @Test
    void zeroOutputsAreTheIdentityButStillAPath() {
        InputPath path = new InputPath(new float[3], new float[3], null, units(0f));
        assertThat(path.units().isZero()).isTrue();
        assertThat(path.logitDelta(new float[] {2f, 3f, -1f}, standardizer)).isZero();
    }

    /** Units with alternating-sign weights and outputs {@code out}, {@code -out}, … */
    private static HiddenUnits units(float out) {
        int r = HiddenUnits.UNITS;
        float[] w = new float[r * DIM];
        float[] b = new float[r];
        float[] o = new float[r];
        for (int k = 0; k < r; k++) {
            for (int j = 0; j < DIM; j++) {
                w[k * DIM + j] = ((k + j) % 3 - 1) * 0.5f;
            }
            b[k] = 0.1f * (k % 4);
            o[k] = k % 2 == 0 ? out : -out / 2;
        }
        return new HiddenUnits(w, b, o);
    }

    private static OutputLink step() {
        float[] in = new float[OutputLink.KNOTS];
        float[] out = new float[OutputLink.KNOTS];
        for (int k = 0; k < OutputLink.KNOTS; k++) {
            in[k] = k - 8;
            out[k] = k < 8 ? -3 : 3;
        }
        return new OutputLink(in, out);
    }
}
