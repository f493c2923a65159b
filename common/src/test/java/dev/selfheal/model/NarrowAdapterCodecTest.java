package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NarrowAdapterCodecTest {
    private static final AdapterShape W8 = new AdapterShape(64, 8);
    private final Adapter adapter = Adapter.initial(W8, new SplittableRandom(3));

    @Test
    void roundTripAtWidthEightIsBitExact() {
        float[] p = adapter.params().clone();
        p[5] = Float.intBitsToFloat(0x7fc00123);
        p[6] = -0.0f;
        byte[] bytes = AdapterCodec.encode("merchant-42", 17, new Adapter(W8, p));
        EncodedAdapter back = AdapterCodec.decode(bytes, W8);
        assertThat(back.modelId()).isEqualTo("merchant-42");
        assertThat(back.version()).isEqualTo(17);
        assertThat(back.adapter().shape()).isEqualTo(W8);
        assertThat(back.vector()).hasSize(1097);
        for (int i = 0; i < p.length; i++) {
            assertThat(Float.floatToRawIntBits(back.adapter().params()[i])).isEqualTo(Float.floatToRawIntBits(p[i]));
        }
    }

    @Test
    void aNarrowAdapterIsAboutAThirtiethOfTheFullOne() {
        int full = AdapterCodec.encode("default", 1, Adapter.initial(64, new SplittableRandom(1))).length;
        int narrow = AdapterCodec.encode("default", 1, adapter).length;
        // The same header plus a 4-byte width, and 1,097 floats instead of 8,321.
        assertThat(narrow).isEqualTo(full + 4 - 4 * (8321 - 1097));
        assertThat(narrow).isLessThan(4500);
    }

    @Test
    void aCalibratedNarrowVectorRoundTripsWithItsTail() {
        Calibration cal = Calibration.identity(10).withOutput(0.7f, -0.2f);
        float[] vector = new ServedAdapter(adapter, cal).toVector();
        EncodedAdapter back = AdapterCodec.decode(AdapterCodec.encodeServed("m", 4, W8, vector), W8);
        assertThat(back.vector()).isEqualTo(vector);
        ServedAdapter served = ServedAdapter.of(back.vector(), W8, 10);
        assertThat(served.adapter()).isEqualTo(adapter);
        assertThat(served.calibration().outScale()).isEqualTo(0.7f);
    }

    @Test
    void theWidthComesFromTheHeaderWhereLengthsOfTwoWidthsCoincide() {
        // Over H = 64 a width-8 adapter with a 139-feature tail has as many floats as a width-10
        // one with a 10-feature tail: the length alone cannot say which it is.
        AdapterShape w10 = new AdapterShape(64, 10);
        assertThat(W8.size() + Calibration.tailLength(139)).isEqualTo(w10.size() + Calibration.tailLength(10));
        float[] vector = new ServedAdapter(adapter, Calibration.identity(139).withOutput(2f, 0f)).toVector();
        byte[] bytes = AdapterCodec.encodeServed("m", 2, W8, vector);

        EncodedAdapter back = AdapterCodec.decode(bytes, 64);
        assertThat(back.adapter().shape()).isEqualTo(W8);
        assertThat(back.adapter()).isEqualTo(adapter);
        assertThatThrownBy(() -> AdapterCodec.decode(bytes, w10))
                .isInstanceOf(AdapterCodec.InvalidAdapterException.class)
                .hasMessageContaining("adapter has width 8, the model's adapter has width 10");
    }

    @Test
    void anAdapterOfAnotherWidthIsRefusedEitherWay() {
        byte[] narrow = AdapterCodec.encode("default", 1, adapter);
        assertThatThrownBy(() -> AdapterCodec.decode(narrow, AdapterShape.full(64)))
                .hasMessageContaining("adapter has width 8, the model's adapter has width 64");
        byte[] full = AdapterCodec.encode("default", 1, Adapter.initial(64, new SplittableRandom(1)));
        assertThatThrownBy(() -> AdapterCodec.decode(full, W8))
                .hasMessageContaining("adapter has width 64, the model's adapter has width 8");
        assertThatThrownBy(() -> AdapterCodec.decode(narrow, new AdapterShape(32, 8)))
                .hasMessageContaining("hidden width 64");
    }

    @Test
    void everyFlippedByteOfANarrowAdapterIsDetected() {
        byte[] good = AdapterCodec.encode("default", 3, adapter);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x5a;
            assertThatThrownBy(() -> AdapterCodec.decode(bad, W8)).as("byte %d", i)
                    .isInstanceOf(AdapterCodec.InvalidAdapterException.class);
        }
    }

    @Test
    void narrowBytesCutShortAreRefusedAsTruncated() {
        byte[] good = AdapterCodec.encode("default", 3, adapter);
        for (int len : new int[] {10, 30, good.length / 2, good.length - 1}) {
            byte[] cut = java.util.Arrays.copyOf(good, len);
            assertThatThrownBy(() -> AdapterCodec.decode(cut, W8)).as("length %d", len).hasMessageContaining("truncated");
        }
    }
}
