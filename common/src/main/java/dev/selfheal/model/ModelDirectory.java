package dev.selfheal.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.drift.TrainingStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model on disk: {@code manifest.json} plus {@code backbone.bin}, {@code head.bin} (raw
 * little-endian float32) and {@code adapter.bin} (the {@link AdapterCodec} format). A model whose
 * backbone is a user's TorchScript module of another architecture holds the module's file as
 * {@code backbone.pt} instead of {@code backbone.bin} (manifest {@code backbone_format:
 * torchscript}). The manifest
 * records the SHA-256 and float count of every weight file; loading verifies both before any weight
 * is used, so a corrupted or mismatched directory is refused, never half-loaded. The manifest's
 * {@code adapter_width} is the adapter's bottleneck width; a manifest without it (written before
 * widths were configurable) has a full-width adapter.
 */
public final class ModelDirectory {
    public static final String MANIFEST = "manifest.json";
    public static final String BACKBONE = "backbone.bin";
    /** A TorchScript backbone, byte for byte the file it was imported from. */
    public static final String BACKBONE_MODULE = "backbone.pt";
    public static final String TORCHSCRIPT = "torchscript";
    public static final String HEAD = "head.bin";
    public static final String ADAPTER = "adapter.bin";
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelDirectory() {}

    public static void save(FraudModel model, Path dir) {
        try {
            Files.createDirectories(dir);
            FrozenWeights frozen = model.frozen();
            byte[] backbone = frozen.isModule() ? frozen.backboneModule() : floats(frozen.backboneFlat());
            String backboneFile = frozen.isModule() ? BACKBONE_MODULE : BACKBONE;
            byte[] head = floats(model.frozen().headFlat());
            byte[] adapter = AdapterCodec.encode(model.modelId(), 1, model.adapter());
            Files.deleteIfExists(dir.resolve(frozen.isModule() ? BACKBONE : BACKBONE_MODULE));
            Files.write(dir.resolve(backboneFile), backbone);
            Files.write(dir.resolve(HEAD), head);
            Files.write(dir.resolve(ADAPTER), adapter);

            ObjectNode m = JSON.createObjectNode();
            m.put("format", FORMAT);
            m.put("model_id", model.modelId());
            m.set("features", JSON.valueToTree(model.features()));
            m.put("input_dim", model.frozen().inputDim());
            m.put("hidden", model.frozen().hidden());
            if (frozen.isModule()) {
                m.put("backbone_format", TORCHSCRIPT);
            }
            m.put("adapter_width", model.adapterShape().width());
            m.put("threshold", model.threshold());
            m.put("rules", model.rules());
            m.put("key_feature", model.keyFeature());
            ObjectNode std = m.putObject("standardizer");
            std.set("mean", JSON.valueToTree(model.standardizer().mean()));
            std.set("std", JSON.valueToTree(model.standardizer().std()));
            m.set("training_stats", JSON.valueToTree(model.trainingStats()));
            m.set("training", JSON.valueToTree(model.training()));
            m.set("metrics", JSON.valueToTree(model.metrics()));
            ObjectNode files = m.putObject("files");
            fileEntry(files, backboneFile, backbone, frozen.isModule() ? -1 : frozen.backboneFlat().length);
            fileEntry(files, HEAD, head, model.frozen().headFlat().length);
            fileEntry(files, ADAPTER, adapter, model.adapter().params().length);
            Files.write(dir.resolve(MANIFEST), JSON.writeValueAsBytes(m));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads and verifies a model directory.
     *
     * @throws InvalidModelException naming the directory and what is wrong with it
     */
    public static FraudModel load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidModelException(dir, "not a directory");
        }
        return fromFiles(dir.toString(), read(dir));
    }

    /** The files of a model directory as name → bytes, the backbone's name as its manifest says. */
    private static Map<String, byte[]> read(Path dir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : names(dir)) {
            try {
                files.put(name, Files.readAllBytes(dir.resolve(name)));
            } catch (NoSuchFileException e) {
                throw new InvalidModelException(dir, name + " is missing"
                        + (name.equals(MANIFEST) ? " (is this a model directory?)" : ""));
            } catch (IOException e) {
                throw new InvalidModelException(dir, "cannot read " + name + ": " + e.getMessage());
            }
        }
        return files;
    }

    /** Reads a model directory's files into memory, e.g. to ship the model inside a job graph. */
    public static Map<String, byte[]> readFiles(Path dir) {
        Map<String, byte[]> files = read(dir);
        fromFiles(dir.toString(), files); // verify before anything is shipped
        return files;
    }

    /** The in-memory form of {@link #save}: the same files as name → bytes. */
    public static Map<String, byte[]> toFiles(FraudModel model) {
        try {
            Path tmp = Files.createTempDirectory("selfheal-model");
            try {
                save(model, tmp);
                return readFiles(tmp);
            } finally {
                for (String name : List.of(MANIFEST, BACKBONE, BACKBONE_MODULE, HEAD, ADAPTER)) {
                    Files.deleteIfExists(tmp.resolve(name));
                }
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Verifies and decodes a model from its files (name → bytes); {@code origin} names it in errors.
     *
     * @throws InvalidModelException naming the origin and what is wrong with it
     */
    public static FraudModel fromFiles(String origin, Map<String, byte[]> files) {
        Path dir = Path.of(origin);
        JsonNode m;
        byte[] manifest = files.get(MANIFEST);
        if (manifest == null) {
            throw new InvalidModelException(dir, "no " + MANIFEST + " (is this a model directory?)");
        }
        try {
            m = JSON.readTree(manifest);
        } catch (IOException e) {
            throw new InvalidModelException(dir, MANIFEST + " is not valid JSON: " + e.getMessage());
        }
        try {
            if (m.path("format").asInt(-1) != FORMAT) {
                throw new InvalidModelException(dir, "unsupported manifest format " + m.path("format"));
            }
            int d = required(m, "input_dim", dir).asInt();
            int hd = required(m, "hidden", dir).asInt();
            if (d < 1 || hd < 1) {
                throw new InvalidModelException(dir, "input_dim and hidden must be positive");
            }
            List<String> features = JSON.convertValue(required(m, "features", dir), new TypeReference<>() {});
            if (features.size() != d) {
                throw new InvalidModelException(dir, "manifest lists " + features.size() + " features but input_dim is " + d);
            }
            JsonNode fileList = required(m, "files", dir);
            boolean module = isModule(m, dir);
            byte[] backbone = module ? verified(dir, files, fileList, BACKBONE_MODULE, -1)
                    : verified(dir, files, fileList, BACKBONE, hd * d + hd + hd * hd + hd);
            float[] head = toFloats(verified(dir, files, fileList, HEAD, hd + 1));
            byte[] adapterBytes = verified(dir, files, fileList, ADAPTER, -1);
            AdapterShape shape = adapterShape(m, hd, dir);
            EncodedAdapter adapter;
            try {
                adapter = AdapterCodec.decode(adapterBytes, shape);
            } catch (AdapterCodec.InvalidAdapterException e) {
                throw new InvalidModelException(dir, ADAPTER + ": " + e.getMessage());
            }
            JsonNode std = required(m, "standardizer", dir);
            Standardizer standardizer = new Standardizer(JSON.convertValue(std.get("mean"), float[].class),
                    JSON.convertValue(std.get("std"), float[].class));
            TrainingStats stats = m.hasNonNull("training_stats")
                    ? JSON.convertValue(m.get("training_stats"), TrainingStats.class) : null;
            Map<String, Object> training = m.hasNonNull("training")
                    ? JSON.convertValue(m.get("training"), new TypeReference<LinkedHashMap<String, Object>>() {}) : Map.of();
            Map<String, Map<String, Object>> metrics = m.hasNonNull("metrics")
                    ? JSON.convertValue(m.get("metrics"), new TypeReference<LinkedHashMap<String, Map<String, Object>>>() {})
                    : Map.of();
            return new FraudModel(m.path("model_id").asText("default"), features, m.path("threshold").asDouble(0.5),
                    m.path("rules").isNull() ? null : m.path("rules").asText(null),
                    m.path("key_feature").isNull() ? null : m.path("key_feature").asText(null),
                    standardizer, module ? FrozenWeights.ofModule(d, hd, backbone, Arrays.copyOf(head, hd),
                            new float[] {head[hd]}) : FrozenWeights.fromFlat(d, hd, toFloats(backbone), head),
                    adapter.adapter(), stats, training,
                    metrics);
        } catch (InvalidModelException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(dir, e.getMessage());
        }
    }

    private static boolean isModule(JsonNode m, Path dir) {
        JsonNode f = m.get("backbone_format");
        if (f == null || f.isNull()) {
            return false;
        }
        if (!TORCHSCRIPT.equals(f.asText())) {
            throw new InvalidModelException(dir, "unknown backbone_format " + f + " (known: " + TORCHSCRIPT + ")");
        }
        return true;
    }

    private static AdapterShape adapterShape(JsonNode m, int hidden, Path dir) {
        JsonNode w = m.get("adapter_width");
        if (w == null || w.isNull()) {
            return AdapterShape.full(hidden); // written before the width was configurable
        }
        if (!w.isIntegralNumber() || !w.canConvertToInt()) {
            throw new InvalidModelException(dir, "adapter_width must be an integer, got " + w);
        }
        try {
            return new AdapterShape(hidden, w.asInt());
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(dir, "adapter_width: " + e.getMessage());
        }
    }

    private static JsonNode required(JsonNode m, String field, Path dir) {
        JsonNode n = m.get(field);
        if (n == null || n.isNull()) {
            throw new InvalidModelException(dir, MANIFEST + " has no '" + field + "'");
        }
        return n;
    }

    private static byte[] verified(Path dir, Map<String, byte[]> files, JsonNode fileList, String name,
                                   int expectedFloats) {
        JsonNode entry = fileList.get(name);
        if (entry == null) {
            throw new InvalidModelException(dir, MANIFEST + " does not list " + name);
        }
        byte[] bytes = files.get(name);
        if (bytes == null) {
            throw new InvalidModelException(dir, name + " is missing");
        }
        String expected = entry.path("sha256").asText("");
        String actual = sha256(bytes);
        if (!actual.equals(expected)) {
            throw new InvalidModelException(dir, name + " checksum mismatch (manifest " + shortHash(expected)
                    + ", file " + shortHash(actual) + "): the file is corrupted or from another model");
        }
        int floats = entry.path("floats").asInt(-1);
        if (expectedFloats >= 0 && (floats != expectedFloats || bytes.length != 4L * expectedFloats)) {
            throw new InvalidModelException(dir, name + " has the wrong shape: " + bytes.length / 4
                    + " floats, the manifest's dimensions need " + expectedFloats);
        }
        return bytes;
    }

    private static void fileEntry(ObjectNode files, String name, byte[] bytes, int floats) {
        ObjectNode e = files.putObject(name);
        e.put("sha256", sha256(bytes));
        e.put("bytes", bytes.length);
        if (floats >= 0) {
            e.put("floats", floats);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static String shortHash(String h) {
        return h.length() > 12 ? h.substring(0, 12) + "…" : (h.isEmpty() ? "none" : h);
    }

    static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    static float[] toFloats(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.length / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }

    /** A model directory that must not be served. */
    public static final class InvalidModelException extends IllegalArgumentException {
        public InvalidModelException(Path dir, String reason) {
            super("model directory " + dir + " refused: " + reason);
        }
    }

    /** The files to read from {@code dir}: the backbone's name comes from the manifest, when it can be read. */
    private static List<String> names(Path dir) {
        String backbone = BACKBONE;
        try {
            JsonNode m = JSON.readTree(dir.resolve(MANIFEST).toFile());
            if (m != null && TORCHSCRIPT.equals(m.path("backbone_format").asText())) {
                backbone = BACKBONE_MODULE;
            }
        } catch (IOException e) {
            // unreadable or missing: reading the files reports it in its own words
        }
        return List.of(MANIFEST, backbone, HEAD, ADAPTER);
    }
}
