package dev.selfheal.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Binary form of an adapter, for the broadcast edge, the registry and files: a little-endian header
 * (magic {@code SHAD}, format version, adapter kind, model id, adapter version, hidden width, float
 * count), the raw float32 weights, then a CRC32C over everything before it. Floats are copied bit
 * for bit, so a round trip is exact (NaN payloads included).
 */
public final class AdapterCodec {
    public static final int FORMAT_VERSION = 1;
    /** The full reflexive adapter; other kinds (low-rank) get other codes. */
    public static final int KIND_REFLEXIVE = 0;
    /** The reflexive adapter followed by a {@link Calibration} tail for {@code dim} features. */
    public static final int KIND_CALIBRATED = 1;
    private static final byte[] MAGIC = {'S', 'H', 'A', 'D'};
    private static final int MAX_MODEL_ID_BYTES = 1024;

    private AdapterCodec() {}

    public static byte[] encode(String modelId, long version, Adapter adapter) {
        return encode(modelId, version, adapter.hidden(), KIND_REFLEXIVE, adapter.params());
    }

    /** Encodes a served-adapter vector (reflexive adapter plus calibration tail, if any). */
    public static byte[] encodeServed(String modelId, long version, int hidden, float[] vector) {
        int kind = vector.length == Adapter.size(hidden) ? KIND_REFLEXIVE : KIND_CALIBRATED;
        return encode(modelId, version, hidden, kind, vector);
    }

    private static byte[] encode(String modelId, long version, int hidden, int kind, float[] p) {
        byte[] id = modelId.getBytes(StandardCharsets.UTF_8);
        if (id.length > MAX_MODEL_ID_BYTES) {
            throw new IllegalArgumentException("model id longer than " + MAX_MODEL_ID_BYTES + " bytes");
        }
        int headerLen = 4 + 1 + 1 + 2 + id.length + 8 + 4 + 4;
        ByteBuffer b = ByteBuffer.allocate(headerLen + 4 * p.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) FORMAT_VERSION).put((byte) kind).putShort((short) id.length).put(id);
        b.putLong(version).putInt(hidden).putInt(p.length);
        for (float v : p) {
            b.putInt(Float.floatToRawIntBits(v));
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * Decodes and verifies; {@code expectedHidden} (or -1 for any) guards against an adapter meant
     * for another model shape.
     *
     * @throws InvalidAdapterException with the reason, for any malformed, truncated or corrupted input
     */
    public static EncodedAdapter decode(byte[] bytes, int expectedHidden) {
        if (bytes == null || bytes.length < 4 + 1 + 1 + 2 + 8 + 4 + 4 + 4) {
            throw new InvalidAdapterException("adapter bytes truncated: " + (bytes == null ? 0 : bytes.length)
                    + " bytes is shorter than any header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (byte m : MAGIC) {
            if (b.get() != m) {
                throw new InvalidAdapterException("not an adapter: bad magic");
            }
        }
        int format = b.get() & 0xff;
        if (format != FORMAT_VERSION) {
            throw new InvalidAdapterException("unsupported adapter format version " + format);
        }
        int kind = b.get() & 0xff;
        if (kind != KIND_REFLEXIVE && kind != KIND_CALIBRATED) {
            throw new InvalidAdapterException("unknown adapter kind " + kind);
        }
        int idLen = b.getShort() & 0xffff;
        if (idLen > MAX_MODEL_ID_BYTES || b.remaining() < idLen + 8 + 4 + 4 + 4) {
            throw new InvalidAdapterException("adapter bytes truncated in the header");
        }
        byte[] id = new byte[idLen];
        b.get(id);
        long version = b.getLong();
        int hidden = b.getInt();
        int count = b.getInt();
        boolean shapeOk = hidden >= 1 && (kind == KIND_REFLEXIVE ? count == Adapter.size(hidden)
                : count > Adapter.size(hidden) && ServedAdapter.dimOf(count, hidden) >= 1
                && count == Adapter.size(hidden) + Calibration.tailLength(ServedAdapter.dimOf(count, hidden)));
        if (!shapeOk) {
            throw new InvalidAdapterException("adapter shape mismatch: " + count + " floats for hidden width " + hidden
                    + " (kind " + kind + ")");
        }
        if (expectedHidden > 0 && hidden != expectedHidden) {
            throw new InvalidAdapterException("adapter has hidden width " + hidden + ", the model needs " + expectedHidden);
        }
        long expectedLen = (long) b.position() + 4L * count + 4;
        if (bytes.length != expectedLen) {
            throw new InvalidAdapterException("adapter bytes " + (bytes.length < expectedLen ? "truncated" : "too long")
                    + ": " + bytes.length + " bytes, expected " + expectedLen);
        }
        float[] p = new float[count];
        for (int i = 0; i < count; i++) {
            p[i] = Float.intBitsToFloat(b.getInt());
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, b.position());
        if ((int) crc.getValue() != b.getInt()) {
            throw new InvalidAdapterException("adapter checksum mismatch: the bytes are corrupted");
        }
        return new EncodedAdapter(new String(id, StandardCharsets.UTF_8), version,
                new Adapter(hidden, java.util.Arrays.copyOf(p, Adapter.size(hidden))), p);
    }

    /** Raised for adapter bytes that must not be applied. */
    public static final class InvalidAdapterException extends IllegalArgumentException {
        public InvalidAdapterException(String message) {
            super(message);
        }
    }
}
