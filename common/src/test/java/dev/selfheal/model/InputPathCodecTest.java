package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Served vectors with an input path: their layout, codec format and what they serve. */
class InputPathCodecTest {
    private static final int HIDDEN = 8;
    private static final int DIM = 4;
    private static final int FORMAT_OFFSET = 4;
    private static final int KIND_OFFSET = 5;

    private final Adapter adapter = Adapter.initial(HIDDEN, new SplittableRandom(7));
    private final Calibration calibration = new Calibration(new float[] {1f, 0.5f, 1f, 1f},
            new float[] {0f, 2.2f, 0f, 0f}, 1.3f, -0.4f);
    private final InputPath path = new InputPath(new float[] {0.5f, 0f, -1f, 0f}, new float[] {0f, 0.25f, 0f, 0f});
    private final Standardizer standardizer = new Standardizer(new float[] {0f, 1f, 0f, 0f},
            new float[] {1f, 2f, 1f, 1f});

    @Test
    void aVectorWithAPathReadsBackItsThreeParts() {
        float[] v = new ServedAdapter(adapter, calibration, path).toVector();
        assertThat(v).hasSize(AdapterShape.full(HIDDEN).size() + Calibration.tailLength(DIM) + InputPath.tailLength(DIM));
        ServedAdapter back = ServedAdapter.of(v, HIDDEN, DIM);
        assertThat(back.adapter().params()).containsExactly(adapter.params());
        assertThat(back.calibration().shift()).containsExactly(calibration.shift());
        assertThat(back.path().linear()).containsExactly(path.linear());
        assertThat(back.path().square()).containsExactly(path.square());
    }

    @Test
    void aZeroPathWritesTheVectorAsBeforeSoOlderStateKeepsItsBytes() {
        float[] withZero = new ServedAdapter(adapter, calibration, InputPath.zero(DIM)).toVector();
        float[] without = new ServedAdapter(adapter, calibration).toVector();
        assertThat(withZero).containsExactly(without);
        byte[] bytes = AdapterCodec.encodeServed("m", 3, AdapterShape.full(HIDDEN), DIM, withZero);
        assertThat(bytes).containsExactly(AdapterCodec.encodeServed("m", 3, HIDDEN, without));
        assertThat(bytes[FORMAT_OFFSET]).isEqualTo((byte) AdapterCodec.FORMAT_VERSION);
    }

    @Test
    void aPathIsEncodedInFormatThreeAndDecodesToTheExactVector() {
        float[] v = new ServedAdapter(adapter, calibration, path).toVector();
        byte[] bytes = AdapterCodec.encodeServed("m", 5, AdapterShape.full(HIDDEN), DIM, v);
        assertThat(bytes[FORMAT_OFFSET]).isEqualTo((byte) AdapterCodec.FORMAT_VERSION_PATH);
        assertThat(bytes[KIND_OFFSET]).isEqualTo((byte) AdapterCodec.KIND_INPUT_PATH);
        EncodedAdapter back = AdapterCodec.decode(bytes, AdapterShape.full(HIDDEN));
        assertThat(back.vector()).containsExactly(v);
        assertThat(back.version()).isEqualTo(5);
        for (int len : new int[] {10, bytes.length - 4 * DIM, bytes.length - 1}) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThatThrownBy(() -> AdapterCodec.decode(cut, AdapterShape.full(HIDDEN))).as("length %d", len)
                    .isInstanceOf(AdapterCodec.InvalidAdapterException.class);
        }
        byte[] corrupt = bytes.clone();
        corrupt[corrupt.length - 10] ^= 1;
        assertThatThrownBy(() -> AdapterCodec.decode(corrupt, AdapterShape.full(HIDDEN)))
                .hasMessageContaining("checksum");
    }

    @Test
    void theServedProbabilityAddsThePathToTheMappedLogit() {
        ServedAdapter s = new ServedAdapter(adapter, calibration, path);
        float[] in = {2f, 3f, 1f, 0f};
        float p = 0.2f;
        double z = Math.log(0.2 / 0.8);
        double u0 = 2;
        double u1 = (3 - 1) / 2.0;
        double u2 = 1;
        double expected = 1.3 * z - 0.4 + 0.5 * u0 + 0.25 * (u1 * u1 - 1) - 1 * u2;
        assertThat((double) s.output(p, in, standardizer)).isCloseTo(1 / (1 + Math.exp(-expected)),
                org.assertj.core.data.Offset.offset(1e-6));
        ServedAdapter noPath = new ServedAdapter(adapter, calibration);
        assertThat(noPath.output(p, in, standardizer)).isEqualTo(calibration.output(p));
    }

    @Test
    void farOutInputsGetABoundedTerm() {
        InputPath sq = new InputPath(new float[] {0, 0, 0, 0}, new float[] {1f, 0, 0, 0});
        double far = sq.logitDelta(new float[] {1e6f, 1f, 0f, 0f}, standardizer);
        assertThat(far).isEqualTo(InputPath.CLAMP * InputPath.CLAMP - 1);
    }
}
