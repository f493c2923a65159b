package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdapterCodecTest {
    private final Adapter adapter = Adapter.initial(64, new SplittableRandom(3));

    @Test
    void roundTripIsBitExact() {
        float[] p = adapter.params().clone();
        p[5] = Float.intBitsToFloat(0x7fc00123); // a NaN with a payload must survive too
        p[6] = -0.0f;
        byte[] bytes = AdapterCodec.encode("merchant-42", 17, new Adapter(64, p));
        EncodedAdapter back = AdapterCodec.decode(bytes, 64);
        assertThat(back.modelId()).isEqualTo("merchant-42");
        assertThat(back.version()).isEqualTo(17);
        for (int i = 0; i < p.length; i++) {
            assertThat(Float.floatToRawIntBits(back.adapter().params()[i])).isEqualTo(Float.floatToRawIntBits(p[i]));
        }
    }

    @Test
    void sizeIsTheRawFloatsPlusASmallHeader() {
        byte[] bytes = AdapterCodec.encode("default", 1, adapter);
        assertThat(Adapter.size(64)).isEqualTo(8321);
        assertThat(bytes.length).isEqualTo(4 * 8321 + 4 + 1 + 1 + 2 + 7 + 8 + 4 + 4 + 4);
    }

    @Test
    void everyFlippedByteIsDetected() {
        byte[] good = AdapterCodec.encode("default", 3, adapter);
        SplittableRandom rng = new SplittableRandom(11);
        for (int k = 0; k < 200; k++) {
            byte[] bad = good.clone();
            int i = rng.nextInt(bad.length);
            bad[i] ^= (byte) (1 + rng.nextInt(255));
            assertThatThrownBy(() -> AdapterCodec.decode(bad, 64))
                    .isInstanceOf(AdapterCodec.InvalidAdapterException.class);
        }
    }

    @Test
    void truncatedOrExtendedBytesAreRejected() {
        byte[] good = AdapterCodec.encode("default", 3, adapter);
        for (int len : new int[] {0, 3, 10, 30, good.length / 2, good.length - 1}) {
            byte[] cut = Arrays.copyOf(good, len);
            assertThatThrownBy(() -> AdapterCodec.decode(cut, 64)).hasMessageContaining("truncated");
        }
        assertThatThrownBy(() -> AdapterCodec.decode(Arrays.copyOf(good, good.length + 4), 64))
                .hasMessageContaining("too long");
    }

    @Test
    void adapterForAnotherShapeIsRejected() {
        byte[] small = AdapterCodec.encode("default", 1, Adapter.initial(8, new SplittableRandom(1)));
        assertThatThrownBy(() -> AdapterCodec.decode(small, 64)).hasMessageContaining("hidden width 8");
        assertThat(AdapterCodec.decode(small, -1).adapter().hidden()).isEqualTo(8);
    }

    @Test
    void hiddenWidthIsRecoveredFromLength() {
        assertThat(Adapter.hiddenFor(8321)).isEqualTo(64);
        assertThat(Adapter.hiddenFor(8320)).isEqualTo(-1);
    }
}
