package dev.selfheal.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Binary form of an adapter, for the broadcast edge, the registry and files: a little-endian header
 * (magic {@code SHAD}, format version, adapter kind, model id, adapter version, hidden width, in
 * format 2 the adapter width, float count), the raw float32 weights, then a CRC32C over everything
 * before it. Floats are copied bit for bit, so a round trip is exact (NaN payloads included).
 *
 * <p>A full-width adapter (W = H) is written as format 1, byte for byte what it was before widths
 * were configurable, so existing model files, savepoints and scorers read it unchanged. Only a
 * narrow adapter needs format 2: its width is in the header because, with a calibration tail, the
 * float count alone does not tell width and tail apart. Format 3 carries a vector with an
 * {@link InputPath} tail (kind 2): its header always has the width and also the feature count, since
 * a path tail and a longer calibration tail have the same lengths. Format 4 has format 3's header
 * and a path tail followed by an {@link OutputLink} (kind 3), so a reader that knows only format 3
 * refuses it instead of misreading it. Format 5 has the same header again, for a path with
 * {@link HiddenUnits} (kind 4) or with hidden units and a link (kind 5). Vectors without a path are
 * still written as format 1 or 2, paths without a link or units as format 3 and paths with a link
 * but no units as format 4, byte for byte as before.
 */
public final class AdapterCodec {
    public static final int FORMAT_VERSION = 1;
    /** Format 1 plus the adapter width after the hidden width: narrow adapters only. */
    public static final int FORMAT_VERSION_WIDTH = 2;
    /** Width and feature count in the header: served vectors with an input path only. */
    public static final int FORMAT_VERSION_PATH = 3;
    /** Format 3's header; served vectors with an input path and its output link only. */
    public static final int FORMAT_VERSION_LINK = 4;
    /** Format 3's header; served vectors with an input path that has hidden units. */
    public static final int FORMAT_VERSION_UNITS = 5;
    /** The reflexive adapter alone, of the width the header gives (format 2) or the hidden width. */
    public static final int KIND_REFLEXIVE = 0;
    /** The reflexive adapter followed by a {@link Calibration} tail for {@code dim} features. */
    public static final int KIND_CALIBRATED = 1;
    /** The reflexive adapter, a {@link Calibration} tail and an {@link InputPath} tail. */
    public static final int KIND_INPUT_PATH = 2;
    /** As {@link #KIND_INPUT_PATH}, the path tail followed by an {@link OutputLink}. */
    public static final int KIND_INPUT_PATH_LINK = 3;
    /** As {@link #KIND_INPUT_PATH}, the path tail with {@link HiddenUnits}. */
    public static final int KIND_INPUT_PATH_UNITS = 4;
    /** As {@link #KIND_INPUT_PATH_UNITS}, followed by an {@link OutputLink}. */
    public static final int KIND_INPUT_PATH_UNITS_LINK = 5;
    private static final byte[] MAGIC = {'S', 'H', 'A', 'D'};
    private static final int MAX_MODEL_ID_BYTES = 1024;

    private AdapterCodec() {}

    public static byte[] encode(String modelId, long version, Adapter adapter) {
        return encode(modelId, version, adapter.shape(), KIND_REFLEXIVE, adapter.params());
    }

    /** Encodes a served-adapter vector (adapter of {@code shape} plus calibration tail, if any). */
    public static byte[] encodeServed(String modelId, long version, AdapterShape shape, float[] vector) {
        if (vector.length < shape.size()) {
            throw new IllegalArgumentException("served vector of " + vector.length + " floats is shorter than an "
                    + "adapter of " + shape);
        }
        int kind = vector.length == shape.size() ? KIND_REFLEXIVE : KIND_CALIBRATED;
        return encode(modelId, version, shape, kind, vector);
    }

    /**
     * Encodes a served-adapter vector of a model with {@code dim} features, which may also carry an
     * input path (then in format 3).
     */
    public static byte[] encodeServed(String modelId, long version, AdapterShape shape, int dim, float[] vector) {
        if (vector.length == shape.size() + Calibration.tailLength(dim) + InputPath.tailLength(dim)) {
            return encode(modelId, version, shape, KIND_INPUT_PATH, dim, vector);
        }
        if (vector.length == shape.size() + Calibration.tailLength(dim) + InputPath.linkedTailLength(dim)) {
            return encode(modelId, version, shape, KIND_INPUT_PATH_LINK, dim, vector);
        }
        if (vector.length == shape.size() + Calibration.tailLength(dim) + InputPath.unitsTailLength(dim, false)) {
            return encode(modelId, version, shape, KIND_INPUT_PATH_UNITS, dim, vector);
        }
        if (vector.length == shape.size() + Calibration.tailLength(dim) + InputPath.unitsTailLength(dim, true)) {
            return encode(modelId, version, shape, KIND_INPUT_PATH_UNITS_LINK, dim, vector);
        }
        return encodeServed(modelId, version, shape, vector);
    }

    /** {@link #encodeServed(String, long, AdapterShape, float[])} for a full-width adapter. */
    public static byte[] encodeServed(String modelId, long version, int hidden, float[] vector) {
        return encodeServed(modelId, version, AdapterShape.full(hidden), vector);
    }

    private static byte[] encode(String modelId, long version, AdapterShape shape, int kind, float[] p) {
        return encode(modelId, version, shape, kind, 0, p);
    }

    private static byte[] encode(String modelId, long version, AdapterShape shape, int kind, int dim, float[] p) {
        byte[] id = modelId.getBytes(StandardCharsets.UTF_8);
        if (id.length > MAX_MODEL_ID_BYTES) {
            throw new IllegalArgumentException("model id longer than " + MAX_MODEL_ID_BYTES + " bytes");
        }
        boolean withPath = kind >= KIND_INPUT_PATH;
        boolean withWidth = withPath || !shape.isFull();
        int headerLen = 4 + 1 + 1 + 2 + id.length + 8 + 4 + (withWidth ? 4 : 0) + (withPath ? 4 : 0) + 4;
        ByteBuffer b = ByteBuffer.allocate(headerLen + 4 * p.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        int format = kind >= KIND_INPUT_PATH_UNITS ? FORMAT_VERSION_UNITS
                : kind == KIND_INPUT_PATH_LINK ? FORMAT_VERSION_LINK
                : withPath ? FORMAT_VERSION_PATH : withWidth ? FORMAT_VERSION_WIDTH : FORMAT_VERSION;
        b.put(MAGIC).put((byte) format).put((byte) kind).putShort((short) id.length).put(id);
        b.putLong(version).putInt(shape.hidden());
        if (withWidth) {
            b.putInt(shape.width());
        }
        if (withPath) {
            b.putInt(dim);
        }
        b.putInt(p.length);
        for (float v : p) {
            b.putInt(Float.floatToRawIntBits(v));
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * Decodes and verifies against the model's adapter shape: bytes for another hidden width or
     * another adapter width are refused.
     *
     * @throws InvalidAdapterException with the reason, for any malformed, truncated or corrupted input
     */
    public static EncodedAdapter decode(byte[] bytes, AdapterShape expected) {
        return decode(bytes, expected.hidden(), expected.width());
    }

    /**
     * Decodes and verifies; {@code expectedHidden} (or -1 for any) guards against an adapter meant
     * for another backbone width. The adapter width is whatever the header says.
     *
     * @throws InvalidAdapterException with the reason, for any malformed, truncated or corrupted input
     */
    public static EncodedAdapter decode(byte[] bytes, int expectedHidden) {
        return decode(bytes, expectedHidden, -1);
    }

    private static EncodedAdapter decode(byte[] bytes, int expectedHidden, int expectedWidth) {
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
        if (format != FORMAT_VERSION && format != FORMAT_VERSION_WIDTH && format != FORMAT_VERSION_PATH
                && format != FORMAT_VERSION_LINK && format != FORMAT_VERSION_UNITS) {
            throw new InvalidAdapterException("unsupported adapter format version " + format);
        }
        int kind = b.get() & 0xff;
        if (kind < KIND_REFLEXIVE || kind > KIND_INPUT_PATH_UNITS_LINK) {
            throw new InvalidAdapterException("unknown adapter kind " + kind);
        }
        boolean withUnits = format == FORMAT_VERSION_UNITS;
        boolean linked = kind == KIND_INPUT_PATH_LINK || kind == KIND_INPUT_PATH_UNITS_LINK;
        boolean withPath = format == FORMAT_VERSION_PATH || format == FORMAT_VERSION_LINK || withUnits;
        boolean kindFits = switch (format) {
            case FORMAT_VERSION_PATH -> kind == KIND_INPUT_PATH;
            case FORMAT_VERSION_LINK -> kind == KIND_INPUT_PATH_LINK;
            case FORMAT_VERSION_UNITS -> kind == KIND_INPUT_PATH_UNITS || kind == KIND_INPUT_PATH_UNITS_LINK;
            default -> kind == KIND_REFLEXIVE || kind == KIND_CALIBRATED;
        };
        if (!kindFits) {
            throw new InvalidAdapterException("adapter kind " + kind + " does not go with format " + format);
        }
        boolean withWidth = format != FORMAT_VERSION;
        int idLen = b.getShort() & 0xffff;
        if (idLen > MAX_MODEL_ID_BYTES
                || b.remaining() < idLen + 8 + 4 + (withWidth ? 4 : 0) + (withPath ? 4 : 0) + 4 + 4) {
            throw new InvalidAdapterException("adapter bytes truncated in the header");
        }
        byte[] id = new byte[idLen];
        b.get(id);
        long version = b.getLong();
        int hidden = b.getInt();
        int width = withWidth ? b.getInt() : hidden;
        int pathDim = withPath ? b.getInt() : 0;
        int count = b.getInt();
        AdapterShape shape;
        try {
            shape = new AdapterShape(hidden, width);
        } catch (IllegalArgumentException e) {
            throw new InvalidAdapterException("adapter shape invalid: " + e.getMessage());
        }
        if (format == FORMAT_VERSION_WIDTH && shape.isFull()) {
            // Format 1 is the only encoding of a full-width adapter: one adapter, one byte string.
            throw new InvalidAdapterException("adapter format " + format + " is for narrow adapters, width " + width
                    + " is the full hidden width");
        }
        int size = shape.size();
        int dim = ServedAdapter.dimOf(count, shape);
        boolean shapeOk = kind == KIND_REFLEXIVE ? count == size
                : kind == KIND_CALIBRATED ? count > size && dim >= 1 && count == size + Calibration.tailLength(dim)
                : pathDim >= 1 && pathDim <= 1 << 20 && (long) count == size + Calibration.tailLength(pathDim)
                        + (withUnits ? (long) InputPath.unitsTailLength(pathDim, linked)
                        : linked ? InputPath.linkedTailLength(pathDim) : InputPath.tailLength(pathDim));
        if (!shapeOk) {
            throw new InvalidAdapterException("adapter shape mismatch: " + count + " floats for hidden width " + hidden
                    + (withWidth ? ", width " + width : "") + " (kind " + kind + ")");
        }
        if (expectedHidden > 0 && hidden != expectedHidden) {
            throw new InvalidAdapterException("adapter has hidden width " + hidden + ", the model needs " + expectedHidden);
        }
        if (expectedWidth > 0 && width != expectedWidth) {
            throw new InvalidAdapterException("adapter has width " + width + ", the model's adapter has width "
                    + expectedWidth);
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
                new Adapter(shape, java.util.Arrays.copyOf(p, size)), p);
    }

    /** Raised for adapter bytes that must not be applied. */
    public static final class InvalidAdapterException extends IllegalArgumentException {
        public InvalidAdapterException(String message) {
            super(message);
        }
    }
}
