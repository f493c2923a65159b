package dev.selfheal.heal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Snapshots as bytes for keyed state: an explicit, versioned layout rather than a serializer chosen
 * by reflection, so a savepoint taken today can still be read after the class changes.
 */
public final class SnapshotCodec {
    private static final int FORMAT = 1;

    private SnapshotCodec() {}

    public static byte[] encode(Snapshot s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 4 * s.adapter().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(s.version());
            out.writeLong(s.parentVersion());
            out.writeUTF(s.tag().name());
            out.writeLong(s.batch());
            out.writeLong(s.timeMs());
            out.writeUTF(s.reason().length() > 16_000 ? s.reason().substring(0, 16_000) : s.reason());
            out.writeDouble(s.scores().accuracy());
            out.writeDouble(s.scores().f1());
            out.writeInt(s.scores().n());
            out.writeInt(s.adapter().length);
            // One bulk copy, the same big-endian raw bits as writeInt(floatToRawIntBits(f)) per
            // float: per-float stream calls were a quarter of HEAL's CPU with many models (JFR).
            ByteBuffer floats = ByteBuffer.allocate(4 * s.adapter().length);
            floats.asFloatBuffer().put(s.adapter());
            out.write(floats.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The header of {@link #encode}'s bytes: everything the registry chooses by, not the adapter. */
    public static SnapshotInfo decodeInfo(byte[] b) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            Header h = readHeader(in);
            return new SnapshotInfo(h.version, h.parent, h.tag, h.scores);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated snapshot bytes", e);
        }
    }

    public static Snapshot decode(byte[] b) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            Header h = readHeader(in);
            int n = in.readInt();
            if (n < 0 || n > (b.length / 4)) {
                throw new IllegalArgumentException("snapshot adapter length " + n + " does not fit the bytes");
            }
            float[] adapter = new float[n];
            byte[] raw = new byte[4 * n];
            in.readFully(raw);
            ByteBuffer.wrap(raw).asFloatBuffer().get(adapter);
            return new Snapshot(h.version, h.parent, h.tag, h.batch, h.time, h.reason, adapter, h.scores);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated snapshot bytes", e);
        }
    }

    private record Header(long version, long parent, SnapshotTag tag, long batch, long time, String reason,
                          Scores scores) {}

    /** Everything {@link #encode} writes before the adapter, in its order. */
    private static Header readHeader(DataInputStream in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unsupported snapshot format " + format);
        }
        long version = in.readLong();
        long parent = in.readLong();
        SnapshotTag tag = SnapshotTag.valueOf(in.readUTF());
        long batch = in.readLong();
        long time = in.readLong();
        String reason = in.readUTF();
        return new Header(version, parent, tag, batch, time, reason,
                new Scores(in.readDouble(), in.readDouble(), in.readInt()));
    }
}
