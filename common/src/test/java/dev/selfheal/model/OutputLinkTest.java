package dev.selfheal.model;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The input path's monotone output link: what it maps, how it travels, what an older reader sees. */
class OutputLinkTest {
    private static final int HIDDEN = 8;
    private static final int DIM = 4;
    private static final int FORMAT_OFFSET = 4;
    private static final int KIND_OFFSET = 5;

    private final Adapter adapter = Adapter.initial(HIDDEN, new SplittableRandom(3));
    private final Calibration calibration = new Calibration(new float[] {1f, 1f, 1f, 1f},
            new float[] {0f, 0f, 0f, 0f}, 0.8f, -1.1f);
    private final Standardizer standardizer = new Standardizer(new float[] {0f, 0f, 0f, 0f},
            new float[] {1f, 1f, 1f, 1f});

    /** Knots at -7.5, -6.5, ..., 7.5, mapped to 2·s above 0 and to -3 below (a step at 0). */
    private static OutputLink step() {
        float[] in = new float[OutputLink.KNOTS];
        float[] out = new float[OutputLink.KNOTS];
        for (int k = 0; k < OutputLink.KNOTS; k++) {
            in[k] = k - 7.5f;
            out[k] = in[k] < 0 ? -3f : 2 * in[k];
        }
        return new OutputLink(in, out);
    }

    @Test
    void itInterpolatesBetweenKnotsAndIsFlatBeyondThem() {
        OutputLink l = step();
        assertThat(l.apply(1.5)).isCloseTo(3.0, Offset.offset(1e-6));
        assertThat(l.apply(1.0)).isCloseTo(2.0, Offset.offset(1e-6)); // between 0.5 -> 1 and 1.5 -> 3
        assertThat(l.apply(0.0)).isCloseTo((-3 + 1) / 2.0, Offset.offset(1e-6)); // between -0.5 and 0.5
        assertThat(l.apply(-100)).isEqualTo(-3.0);
        assertThat(l.apply(100)).isEqualTo(15.0);
        assertThat(l.apply(Double.NaN)).isEqualTo(-3.0);
    }

    @Test
    void knotsThatDecreaseOrAreNotFiniteOrMiscountedAreRefused() {
        float[] in = new float[OutputLink.KNOTS];
        float[] out = new float[OutputLink.KNOTS];
        for (int k = 0; k < OutputLink.KNOTS; k++) {
            in[k] = k;
            out[k] = k;
        }
        out[5] = -1;
        assertThatThrownBy(() -> new OutputLink(in, out)).hasMessageContaining("must not decrease");
        out[5] = Float.NaN;
        assertThatThrownBy(() -> new OutputLink(in, out)).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> new OutputLink(new float[3], new float[3])).hasMessageContaining("16 knots");
    }

    @Test
    void theServedProbabilityPutsThePathsLogitThroughTheLink() {
        InputPath path = new InputPath(new float[] {0.5f, 0f, 0f, 0f}, new float[4], step());
        ServedAdapter s = new ServedAdapter(adapter, calibration, path);
        float[] in = {2f, 0f, 0f, 0f};
        double z = 0.8 * Math.log(0.3 / 0.7) - 1.1 + 0.5 * 2;
        double expected = step().apply(z);
        assertThat((double) s.output(0.3f, in, standardizer)).isCloseTo(1 / (1 + Math.exp(-expected)),
                Offset.offset(1e-6));
        ServedAdapter unlinked = s.withPath(path.withLink(null));
        assertThat((double) unlinked.output(0.3f, in, standardizer)).isCloseTo(1 / (1 + Math.exp(-z)),
                Offset.offset(1e-6));
    }

    @Test
    void aLinkedPathTravelsInFormatFourAndReadsBackExactly() {
        InputPath path = new InputPath(new float[] {0.5f, 0f, -1f, 0f}, new float[] {0f, 0.25f, 0f, 0f}, step());
        float[] v = new ServedAdapter(adapter, calibration, path).toVector();
        assertThat(v).hasSize(AdapterShape.full(HIDDEN).size() + Calibration.tailLength(DIM)
                + InputPath.tailLength(DIM) + OutputLink.tailLength());
        byte[] bytes = AdapterCodec.encodeServed("m", 9, AdapterShape.full(HIDDEN), DIM, v);
        assertThat(bytes[FORMAT_OFFSET]).isEqualTo((byte) AdapterCodec.FORMAT_VERSION_LINK);
        assertThat(bytes[KIND_OFFSET]).isEqualTo((byte) AdapterCodec.KIND_INPUT_PATH_LINK);
        float[] decoded = AdapterCodec.decode(bytes, AdapterShape.full(HIDDEN)).vector();
        assertThat(decoded).containsExactly(v);
        ServedAdapter back = ServedAdapter.of(decoded, HIDDEN, DIM);
        assertThat(back.path().link().in()).containsExactly(step().in());
        assertThat(back.path().link().out()).containsExactly(step().out());
        assertThat(back.path().linear()).containsExactly(path.linear());

        byte[] kindThreeInFormatThree = bytes.clone();
        kindThreeInFormatThree[FORMAT_OFFSET] = (byte) AdapterCodec.FORMAT_VERSION_PATH;
        assertThatThrownBy(() -> AdapterCodec.decode(kindThreeInFormatThree, AdapterShape.full(HIDDEN)))
                .isInstanceOf(AdapterCodec.InvalidAdapterException.class);
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 4 * OutputLink.KNOTS);
        assertThatThrownBy(() -> AdapterCodec.decode(cut, AdapterShape.full(HIDDEN)))
                .isInstanceOf(AdapterCodec.InvalidAdapterException.class);
    }

    @Test
    void aPathWithoutALinkKeepsFormatThreeByteForByte() {
        InputPath path = new InputPath(new float[] {0.5f, 0f, -1f, 0f}, new float[] {0f, 0.25f, 0f, 0f});
        float[] v = new ServedAdapter(adapter, calibration, path).toVector();
        byte[] bytes = AdapterCodec.encodeServed("m", 9, AdapterShape.full(HIDDEN), DIM, v);
        assertThat(bytes[FORMAT_OFFSET]).isEqualTo((byte) AdapterCodec.FORMAT_VERSION_PATH);
        assertThat(ServedAdapter.of(v, HIDDEN, DIM).path().link()).isNull();
    }
}
