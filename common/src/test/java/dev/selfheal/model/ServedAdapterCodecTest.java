package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The codec's calibrated kind: a served vector (adapter plus calibration tail) on the wire. */
class ServedAdapterCodecTest {
    private static final int HIDDEN = 8;
    private static final int DIM = 10;
    /** Byte offset of the kind in the header: magic (4), format version (1). */
    private static final int KIND_OFFSET = 5;

    private final Adapter adapter = Adapter.initial(HIDDEN, new SplittableRandom(7));
    private final float[] vector = new ServedAdapter(adapter, new Calibration(
            fill(DIM, 1f, 0.5f), fill(DIM, 0f, 2.2f), 1.3f, -0.4f)).toVector();

    @Test
    void calibratedVectorIsEncodedAsKindOneAndDecodesToTheExactVector() {
        byte[] bytes = AdapterCodec.encodeServed("m-1", 9, HIDDEN, vector);

        EncodedAdapter back = AdapterCodec.decode(bytes, HIDDEN);

        assertThat(bytes[KIND_OFFSET]).isEqualTo((byte) AdapterCodec.KIND_CALIBRATED);
        assertThat(back.modelId()).isEqualTo("m-1");
        assertThat(back.version()).isEqualTo(9);
        assertThat(back.vector()).hasSize(vector.length);
        for (int i = 0; i < vector.length; i++) {
            assertThat(Float.floatToRawIntBits(back.vector()[i])).as("float %d", i)
                    .isEqualTo(Float.floatToRawIntBits(vector[i]));
        }
        assertThat(back.adapter().params()).containsExactly(adapter.params());
        ServedAdapter served = ServedAdapter.of(back.vector(), HIDDEN, DIM);
        assertThat(served.calibration().shift()[3]).isEqualTo(2.2f);
        assertThat(served.calibration().outScale()).isEqualTo(1.3f);
    }

    @Test
    void bareAdapterVectorIsEncodedAsKindZero() {
        byte[] bytes = AdapterCodec.encodeServed("m-1", 2, HIDDEN, adapter.params());

        EncodedAdapter back = AdapterCodec.decode(bytes, HIDDEN);

        assertThat(bytes[KIND_OFFSET]).isEqualTo((byte) AdapterCodec.KIND_REFLEXIVE);
        assertThat(back.vector()).containsExactly(adapter.params());
    }

    @Test
    void truncatedCalibratedBytesAreRejected() {
        byte[] good = AdapterCodec.encodeServed("m-1", 9, HIDDEN, vector);
        for (int len : new int[] {0, 5, 20, good.length / 2, good.length - 4 * Calibration.tailLength(DIM),
                good.length - 5, good.length - 1}) {
            byte[] cut = Arrays.copyOf(good, len);
            assertThatThrownBy(() -> AdapterCodec.decode(cut, HIDDEN)).as("length %d", len)
                    .isInstanceOf(AdapterCodec.InvalidAdapterException.class);
        }
    }

    @Test
    void everyCorruptedByteOfACalibratedVectorIsDetected() {
        byte[] good = AdapterCodec.encodeServed("m-1", 9, HIDDEN, vector);
        SplittableRandom rng = new SplittableRandom(13);
        for (int k = 0; k < 300; k++) {
            byte[] bad = good.clone();
            int i = rng.nextInt(bad.length);
            bad[i] ^= (byte) (1 + rng.nextInt(255));
            assertThatThrownBy(() -> AdapterCodec.decode(bad, HIDDEN)).as("byte %d flipped", i)
                    .isInstanceOf(AdapterCodec.InvalidAdapterException.class);
        }
        // The tail is at the end: corrupting its last float (just before the CRC) is caught too.
        byte[] tail = good.clone();
        tail[tail.length - 5] ^= 0x01;
        assertThatThrownBy(() -> AdapterCodec.decode(tail, HIDDEN)).hasMessageContaining("checksum");
    }

    @Test
    void kindByteThatDisagreesWithTheLengthIsRejected() {
        byte[] calibratedAsReflexive = AdapterCodec.encodeServed("m-1", 9, HIDDEN, vector);
        calibratedAsReflexive[KIND_OFFSET] = (byte) AdapterCodec.KIND_REFLEXIVE;
        byte[] reflexiveAsCalibrated = AdapterCodec.encodeServed("m-1", 9, HIDDEN, adapter.params());
        reflexiveAsCalibrated[KIND_OFFSET] = (byte) AdapterCodec.KIND_CALIBRATED;

        assertThatThrownBy(() -> AdapterCodec.decode(calibratedAsReflexive, HIDDEN))
                .isInstanceOf(AdapterCodec.InvalidAdapterException.class);
        assertThatThrownBy(() -> AdapterCodec.decode(reflexiveAsCalibrated, HIDDEN))
                .isInstanceOf(AdapterCodec.InvalidAdapterException.class);
    }

    @Test
    void calibratedVectorForAnotherHiddenWidthIsRejected() {
        byte[] bytes = AdapterCodec.encodeServed("m-1", 9, HIDDEN, vector);

        assertThatThrownBy(() -> AdapterCodec.decode(bytes, HIDDEN * 2)).hasMessageContaining("hidden width");
    }

    private static float[] fill(int n, float value, float every3rd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % 3 == 0 ? every3rd : value;
        }
        return a;
    }
}
