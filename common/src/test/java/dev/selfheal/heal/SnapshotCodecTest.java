package dev.selfheal.heal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotCodecTest {
    @Test
    void roundTripKeepsEveryField() {
        float[] a = {0.1f, -2f, Float.NaN, 3e-8f};
        Snapshot s = new Snapshot(7, 6, SnapshotTag.POST_HEAL, 12, 1234L, "heal at batch 12", a,
                new Scores(0.91, 0.7, 40));
        assertThat(SnapshotCodec.decode(SnapshotCodec.encode(s))).isEqualTo(s);
        Snapshot unmeasured = new Snapshot(1, 0, SnapshotTag.INITIAL, 0, 0, "", a, Scores.NONE);
        assertThat(SnapshotCodec.decode(SnapshotCodec.encode(unmeasured)).scores().isMeasured()).isFalse();
    }

    @Test
    void floatsAreWrittenAsBigEndianRawBitsSoOldSavepointsStillRead() throws Exception {
        float[] a = {0.1f, -2f, Float.intBitsToFloat(0x7fc00001), Float.MIN_VALUE, -0f};
        Snapshot s = new Snapshot(3, 2, SnapshotTag.POST_HEAL, 5, 99L, "r", a, new Scores(0.5, 0.4, 10));
        byte[] b = SnapshotCodec.encode(s);
        java.io.DataInputStream in = new java.io.DataInputStream(
                new java.io.ByteArrayInputStream(b, b.length - 4 * a.length, 4 * a.length));
        for (float f : a) {
            assertThat(in.readInt()).isEqualTo(Float.floatToRawIntBits(f));
        }
        assertThat(Float.floatToRawIntBits(SnapshotCodec.decode(b).adapter()[2])).isEqualTo(0x7fc00001);
    }

    @Test
    void infoReadsTheHeaderAloneAsDecodeReadsIt() {
        String reason = "rollback from v9: health fell — ünïcode and a long tail ".repeat(40);
        Snapshot s = new Snapshot(10, 4, SnapshotTag.ROLLBACK, 33, 5L, reason, new float[8321],
                new Scores(0.8, 0.6, 120));
        byte[] b = SnapshotCodec.encode(s);
        assertThat(SnapshotCodec.decodeInfo(b)).isEqualTo(SnapshotInfo.of(SnapshotCodec.decode(b)))
                .isEqualTo(new SnapshotInfo(10, 4, SnapshotTag.ROLLBACK, new Scores(0.8, 0.6, 120)));
        Snapshot unmeasured = new Snapshot(1, 0, SnapshotTag.INITIAL, 0, 0, "", new float[3], Scores.NONE);
        assertThat(SnapshotCodec.decodeInfo(SnapshotCodec.encode(unmeasured)).scores().isMeasured()).isFalse();
    }

    @Test
    void truncatedBytesAreRejected() {
        byte[] b = SnapshotCodec.encode(new Snapshot(2, 1, SnapshotTag.PRE_HEAL, 1, 1, "x", new float[100], Scores.NONE));
        assertThatThrownBy(() -> SnapshotCodec.decode(Arrays.copyOf(b, b.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
