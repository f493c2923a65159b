package dev.selfheal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format, float32 only: an 8-byte little-endian header length, a JSON header
 * naming each tensor's {@code dtype}, {@code shape} and {@code data_offsets} (start and end in the
 * data section) plus an optional {@code __metadata__} map of strings, then the raw little-endian
 * data. What PyTorch's and NumPy's safetensors readers load, and simple enough to read by hand.
 */
public final class SafeTensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "__metadata__";

    private SafeTensors() {}

    /** A float32 tensor: its shape and row-major values. */
    public record Tensor(long[] shape, float[] values) {
        public Tensor {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " holds " + n
                        + " values, got " + values.length);
            }
        }
    }

    /** A file's tensors, in file order, and its metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    public static byte[] write(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = header.putObject(METADATA);
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            ArrayNode shape = t.putArray("shape");
            for (long s : e.getValue().shape()) {
                shape.add(s);
            }
            long end = offset + 4L * e.getValue().values().length;
            t.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        // The data section starts 8-byte aligned; the format pads the header with spaces for that.
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded);
        b.put(json);
        for (int i = json.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        for (Tensor t : tensors.values()) {
            for (float v : t.values()) {
                b.putFloat(v);
            }
        }
        return b.array();
    }

    /**
     * Reads a float32 safetensors file.
     *
     * @throws IllegalArgumentException with one line when the bytes are not one
     */
    public static Contents read(byte[] bytes) {
        if (bytes.length < 8) {
            throw new IllegalArgumentException("not a safetensors file: " + bytes.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = b.getLong();
        if (headerLength < 2 || headerLength > bytes.length - 8) {
            throw new IllegalArgumentException("not a safetensors file: header length " + headerLength);
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a safetensors file: its header is not JSON");
        }
        int data = 8 + (int) headerLength;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(METADATA)) {
                e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            JsonNode t = e.getValue();
            if (!"F32".equals(t.path("dtype").asText())) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " is " + t.path("dtype").asText()
                        + ", only F32 is read");
            }
            long[] shape = new long[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asLong();
            }
            long start = t.path("data_offsets").path(0).asLong(-1);
            long end = t.path("data_offsets").path(1).asLong(-1);
            if (start < 0 || end < start || data + end > bytes.length || (end - start) % 4 != 0) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " has bad data offsets");
            }
            float[] v = new float[(int) ((end - start) / 4)];
            ByteBuffer d = ByteBuffer.wrap(bytes, data + (int) start, (int) (end - start)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < v.length; i++) {
                v[i] = d.getFloat();
            }
            tensors.put(e.getKey(), new Tensor(shape, v));
        }
        return new Contents(tensors, metadata);
    }
}
