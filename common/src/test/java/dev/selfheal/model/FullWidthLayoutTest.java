package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the width configurable, a full-width adapter (W = H) must stay exactly what it was: the
 * same vector layout and initial values, and codec bytes in format 1 with no width field, so model
 * files, broadcast state and savepoints written before read the same and are written the same.
 * The expected values here are built independently of the code under test, from the layout as
 * documented before widths existed.
 */
class FullWidthLayoutTest {
    private static final int H = 64;

    @Test
    void theFullShapeHasTheLayoutOfTheOriginalAdapter() {
        AdapterShape s = AdapterShape.full(H);
        assertThat(s.size()).isEqualTo(1 + 2 * (H * H + H)).isEqualTo(8321);
        assertThat(s.w1Offset()).isEqualTo(1);
        assertThat(s.b1Offset()).isEqualTo(1 + H * H);
        assertThat(s.w2Offset()).isEqualTo(1 + H * H + H);
        assertThat(s.b2Offset()).isEqualTo(1 + 2 * H * H + H);
    }

    @Test
    void initialFullWidthWeightsAreTheOriginalDrawsInTheOriginalOrder() {
        float[] p = Adapter.initial(AdapterShape.full(H), new SplittableRandom(5)).params();
        // Originally: scale 0.1, then both Linear(64→64) weight+bias pairs drawn in sequence,
        // uniform in ±1/√64 from the same generator.
        SplittableRandom rng = new SplittableRandom(5);
        float[] expected = new float[8321];
        expected[0] = 0.1f;
        for (int i = 1; i < expected.length; i++) {
            expected[i] = (float) ((rng.nextDouble() * 2 - 1) * 0.125);
        }
        assertThat(p).isEqualTo(expected);
        assertThat(Adapter.initial(H, new SplittableRandom(5)).params()).isEqualTo(expected);
    }

    @Test
    void fullWidthAdapterBytesAreFormatOneByteForByte() {
        Adapter a = Adapter.initial(AdapterShape.full(H), new SplittableRandom(9));
        byte[] expected = formatOne("merchant-7", 12, 0, H, a.params());
        assertThat(AdapterCodec.encode("merchant-7", 12, a)).isEqualTo(expected);
        assertThat(AdapterCodec.encodeServed("merchant-7", 12, AdapterShape.full(H), a.params())).isEqualTo(expected);
        assertThat(AdapterCodec.decode(expected, AdapterShape.full(H)).adapter()).isEqualTo(a);
    }

    @Test
    void fullWidthServedVectorsWithACalibrationTailAreFormatOneKindOne() {
        Adapter a = Adapter.initial(AdapterShape.full(H), new SplittableRandom(4));
        float[] vector = new ServedAdapter(a, Calibration.identity(10).withOutput(0.8f, 0.1f)).toVector();
        byte[] expected = formatOne("default", 3, 1, H, vector);
        assertThat(AdapterCodec.encodeServed("default", 3, AdapterShape.full(H), vector)).isEqualTo(expected);
        assertThat(AdapterCodec.encodeServed("default", 3, H, vector)).isEqualTo(expected);
        EncodedAdapter back = AdapterCodec.decode(expected, AdapterShape.full(H));
        assertThat(back.vector()).isEqualTo(vector);
        assertThat(back.adapter().shape()).isEqualTo(AdapterShape.full(H));
    }

    /** The format-1 header as it was specified: magic, format 1, kind, id, version, hidden, count. */
    private static byte[] formatOne(String id, long version, int kind, int hidden, float[] floats) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 1 + 2 + idBytes.length + 8 + 4 + 4 + 4 * floats.length + 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'S', 'H', 'A', 'D'}).put((byte) 1).put((byte) kind).putShort((short) idBytes.length)
                .put(idBytes).putLong(version).putInt(hidden).putInt(floats.length);
        for (float f : floats) {
            b.putInt(Float.floatToRawIntBits(f));
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
