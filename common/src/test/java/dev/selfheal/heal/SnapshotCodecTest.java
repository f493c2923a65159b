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
    void truncatedBytesAreRejected() {
        byte[] b = SnapshotCodec.encode(new Snapshot(2, 1, SnapshotTag.PRE_HEAL, 1, 1, "x", new float[100], Scores.NONE));
        assertThatThrownBy(() -> SnapshotCodec.decode(Arrays.copyOf(b, b.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
