package dev.selfheal.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.drift.TrainingStats;
import dev.selfheal.signals.SignalReference;

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
 *
 * <p>A head that is an MLP (Linear/ReLU layers, then {@code Linear(H→1)}) keeps its hidden layers
 * in {@code head_layers.bin} (each weight {@code (out,in)} then its bias) and its last layer in
 * {@code head.bin}; the manifest's {@code head_widths} ({@code [B, k1, …, H, 1]}: the backbone's
 * output width, then each head layer's) and {@code adapter_before_head_layer} (the index of the
 * head's Linear the adapter feeds, its last) say where the adapter sits, {@code hidden} is H (the
 * adapter's width basis) and {@code backbone_width} is B. Such a directory is manifest format 2,
 * so a reader that predates MLP heads refuses it instead of misreading it. Every other directory is
 * format 1 and written exactly as before: without {@code head_widths}, its head is one Linear layer
 * with the adapter before it.
 *
 * <p>A model whose adapter sits at the logit (the user's head is neither one Linear layer nor a
 * Linear/ReLU chain) holds both of the user's files, {@code backbone.pt} and {@code head.pt}, byte
 * for byte; its manifest says {@code insertion: logit}, {@code head_format: torchscript} and
 * {@code head_output} (probability or logit: how the head's output becomes the logit), lists
 * {@code head.pt} with its SHA-256, has {@code hidden} 1 and a {@code head.bin} of weight 1 and bias
 * 0. Such a directory is manifest format 3, refused by readers that predate it.
 *
 * <p>A copied chain with an activation other than ReLU after any of its layers (none after its
 * last, Tanh, LeakyReLU, …) lists them all in the manifest's {@code activations}, one per frozen
 * layer before the adapter (the backbone's two, then those of {@code head_layers.bin}), e.g.
 * {@code ["tanh", "identity", "leaky_relu(0.1)"]}. Such a directory is manifest format 4, with or
 * without head layers, so that a reader that predates activations refuses it instead of serving
 * ReLU in their place; a chain of ReLU layers is written as before. After a TorchScript backbone,
 * an MLP head whose hidden layers have other activations than ReLU lists theirs alone, one per
 * layer of {@code head_layers.bin}, in format 5. A chain with an activation
 * added since ({@code softplus(1.0,20.0)}, {@code relu6}, {@code hardtanh(-1.0,1.0)}, {@code mish},
 * {@code prelu(0.25)} or a PReLU's one slope per unit) is manifest format 5, the same fields, so
 * that a reader that knows only the first activations refuses it; the others stay format 4. A
 * layer whose outputs go through a LayerNorm before its activation names it first in the same
 * list, {@code layer_norm(eps,weights…,biases…)+gelu}, and makes the directory format 6, which
 * readers that predate LayerNorm refuse; directories without one are written as before.
 */
public final class ModelDirectory {
    public static final String MANIFEST = "manifest.json";
    public static final String BACKBONE = "backbone.bin";
    /** A TorchScript backbone, byte for byte the file it was imported from. */
    public static final String BACKBONE_MODULE = "backbone.pt";
    public static final String TORCHSCRIPT = "torchscript";
    public static final String HEAD = "head.bin";
    public static final String ADAPTER = "adapter.bin";
    /** An MLP head's hidden layers (absent for a head that is one Linear layer). */
    public static final String HEAD_LAYERS = "head_layers.bin";
    public static final int FORMAT = 1;
    /** The format of a directory whose head has hidden layers. */
    public static final int FORMAT_MLP_HEAD = 2;
    /** The format of a directory whose adapter sits at the logit, after the user's head module. */
    public static final int FORMAT_LOGIT = 3;
    /** The format of a directory whose copied chain has other activations than ReLU. */
    public static final int FORMAT_ACTIVATIONS = 4;
    /** {@link #FORMAT_ACTIVATIONS} naming an activation added since ({@link Activation#later()}). */
    public static final int FORMAT_LATER_ACTIVATIONS = 5;
    /** {@link #FORMAT_LATER_ACTIVATIONS} with a LayerNorm before a layer's activation ({@link Activation#normed()}). */
    public static final int FORMAT_LAYER_NORM = 6;
    /** A TorchScript head, byte for byte the file it was imported from (adapter at the logit). */
    public static final String HEAD_MODULE = "head.pt";
    /** Where the adapter sits when it is after the user's whole model. */
    public static final String INSERTION_LOGIT = "logit";
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
            boolean mlpHead = !frozen.headLayers().isEmpty();
            byte[] headLayers = floats(DenseLayer.flat(frozen.headLayers()));
            if (mlpHead) {
                Files.write(dir.resolve(HEAD_LAYERS), headLayers);
            } else {
                Files.deleteIfExists(dir.resolve(HEAD_LAYERS));
            }
            boolean atLogit = frozen.atLogit();
            if (atLogit) {
                Files.write(dir.resolve(HEAD_MODULE), frozen.headModule().bytes());
            } else {
                Files.deleteIfExists(dir.resolve(HEAD_MODULE));
            }

            boolean activations = !frozen.reluOnly();
            ObjectNode m = JSON.createObjectNode();
            m.put("format", switch (frozen.layout()) {
                case RELU_CHAIN -> FORMAT;
                case MLP_HEAD -> FORMAT_MLP_HEAD;
                case AT_LOGIT -> FORMAT_LOGIT;
                case ACTIVATIONS -> FORMAT_ACTIVATIONS;
                case LATER_ACTIVATIONS -> FORMAT_LATER_ACTIVATIONS;
                case LAYER_NORM -> FORMAT_LAYER_NORM;
            });
            m.put("model_id", model.modelId());
            m.set("features", JSON.valueToTree(model.features()));
            m.put("input_dim", model.frozen().inputDim());
            m.put("hidden", model.frozen().hidden());
            if (mlpHead) {
                // A head that is one Linear layer writes none of these: its manifest stays format 1 as it was.
                m.put("backbone_width", frozen.backboneWidth());
                m.set("head_widths", JSON.valueToTree(frozen.headWidths()));
                m.put("adapter_before_head_layer", frozen.headLayers().size());
            }
            if (activations) {
                m.set("activations", JSON.valueToTree(frozen.activations().stream().map(Activation::text).toList()));
            }
            if (frozen.isModule()) {
                m.put("backbone_format", TORCHSCRIPT);
            }
            if (atLogit) {
                // Other directories write none of these: their manifests stay as they were.
                m.put("insertion", INSERTION_LOGIT);
                m.put("head_format", TORCHSCRIPT);
                m.put("head_output", frozen.headModule().output().cliName());
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
            if (model.signals() != null) {
                m.set("signal_reference", JSON.valueToTree(model.signals()));
            }
            ObjectNode files = m.putObject("files");
            fileEntry(files, backboneFile, backbone, frozen.isModule() ? -1 : frozen.backboneFlat().length);
            fileEntry(files, HEAD, head, model.frozen().headFlat().length);
            if (atLogit) {
                fileEntry(files, HEAD_MODULE, frozen.headModule().bytes(), -1);
            }
            if (mlpHead) {
                fileEntry(files, HEAD_LAYERS, headLayers, headLayers.length / 4);
            }
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
                for (String name : List.of(MANIFEST, BACKBONE, BACKBONE_MODULE, HEAD, HEAD_MODULE, HEAD_LAYERS,
                        ADAPTER)) {
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
            int format = m.path("format").asInt(-1);
            if (format != FORMAT && format != FORMAT_MLP_HEAD && format != FORMAT_LOGIT && !listsActivations(format)) {
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
            int[] headWidths = headWidths(m, hd, format, dir);
            int bw = headWidths[0];
            List<Activation> activations = activations(m, format, module, headWidths.length, dir);
            List<DenseLayer> headLayers = headWidths.length == 2 ? List.of()
                    : DenseLayer.fromFlat(Arrays.copyOf(headWidths, headWidths.length - 1), toFloats(verified(dir,
                    files, fileList, HEAD_LAYERS, DenseLayer.flatSize(Arrays.copyOf(headWidths, headWidths.length - 1)))),
                    activations == null ? null : activations.subList(module ? 0 : 2, activations.size()));
            byte[] backbone = module ? verified(dir, files, fileList, BACKBONE_MODULE, -1)
                    : verified(dir, files, fileList, BACKBONE, bw * d + bw + bw * bw + bw);
            float[] head = toFloats(verified(dir, files, fileList, HEAD, hd + 1));
            FrozenWeights.HeadModule headModule = headModule(m, format, module, headWidths, dir, files, fileList);
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
            // Absent in directories written before the label-free signals: they are then off.
            SignalReference signals = m.hasNonNull("signal_reference")
                    ? JSON.convertValue(m.get("signal_reference"), SignalReference.class) : null;
            return new FraudModel(m.path("model_id").asText("default"), features, m.path("threshold").asDouble(0.5),
                    m.path("rules").isNull() ? null : m.path("rules").asText(null),
                    m.path("key_feature").isNull() ? null : m.path("key_feature").asText(null),
                    standardizer, headModule != null ? new FrozenWeights(d, hd, null, null, null, null,
                            Arrays.copyOf(head, hd), new float[] {head[hd]}, backbone, List.of(), headModule)
                            : module ? FrozenWeights.ofModule(d, backbone, headLayers, hd, Arrays.copyOf(head, hd),
                            new float[] {head[hd]}) : FrozenWeights.fromFlat(d, bw, toFloats(backbone), headLayers, head,
                            activations == null ? null : activations.subList(0, 2)),
                    adapter.adapter(), stats, training,
                    metrics, signals);
        } catch (InvalidModelException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(dir, e.getMessage());
        }
    }

    /**
     * The manifest's {@code activations}, one per frozen layer before the adapter, for a format 4
     * or 5 directory (4 naming none of the activations added since); null for every other format,
     * whose manifests must not list them (ReLU after each).
     */
    private static List<Activation> activations(JsonNode m, int format, boolean module, int headWidths, Path dir) {
        JsonNode a = m.get("activations");
        if (!listsActivations(format)) {
            if (a != null && !a.isNull()) {
                throw new InvalidModelException(dir, "activations need manifest format " + FORMAT_ACTIVATIONS);
            }
            return null;
        }
        // a chain's two layers and one per head layer, as many as head_widths [B, k1, …, H, 1] has
        // entries; after a module backbone, one per head layer alone
        int layers = module ? headWidths - 2 : headWidths;
        if (module && format == FORMAT_ACTIVATIONS) {
            throw new InvalidModelException(dir, "activations after a TorchScript backbone need manifest format "
                    + FORMAT_LATER_ACTIVATIONS);
        }
        if (a == null || !a.isArray() || a.size() != layers || layers == 0) {
            throw new InvalidModelException(dir, "manifest format " + format + " needs activations listing one per "
                    + "layer of a chain backbone and its head's hidden layers, or of a module backbone's head's hidden "
                    + "layers (" + layers + "), got " + a);
        }
        List<Activation> out = new java.util.ArrayList<>();
        for (JsonNode t : a) {
            try {
                out.add(Activation.parse(t.asText()));
            } catch (IllegalArgumentException e) {
                throw new InvalidModelException(dir, "activations: " + e.getMessage());
            }
            if (format == FORMAT_ACTIVATIONS && out.get(out.size() - 1).later()) {
                throw new InvalidModelException(dir, "activation " + t.asText() + " needs manifest format "
                        + FORMAT_LATER_ACTIVATIONS);
            }
            if (format != FORMAT_LAYER_NORM && out.get(out.size() - 1).normed()) {
                throw new InvalidModelException(dir, "activation " + out.get(out.size() - 1).label()
                        + " needs manifest format " + FORMAT_LAYER_NORM);
            }
        }
        return out;
    }

    /** Whether a manifest of this format lists the activation after each frozen layer (formats 4 to 6). */
    private static boolean listsActivations(int format) {
        return format == FORMAT_ACTIVATIONS || format == FORMAT_LATER_ACTIVATIONS || format == FORMAT_LAYER_NORM;
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

    /**
     * The user's head module of a format 3 directory, verified; null for every other format, whose
     * manifests must not claim one.
     */
    private static FrozenWeights.HeadModule headModule(JsonNode m, int format, boolean module, int[] headWidths,
                                                       Path dir, Map<String, byte[]> files, JsonNode fileList) {
        boolean claims = m.hasNonNull("insertion") || m.hasNonNull("head_format");
        if (format != FORMAT_LOGIT) {
            if (claims) {
                throw new InvalidModelException(dir, "insertion and head_format need manifest format " + FORMAT_LOGIT);
            }
            return null;
        }
        if (!INSERTION_LOGIT.equals(m.path("insertion").asText()) || !TORCHSCRIPT.equals(m.path("head_format").asText())
                || !module || headWidths.length != 2 || headWidths[0] != 1) {
            throw new InvalidModelException(dir, "manifest format " + FORMAT_LOGIT + " needs insertion " + INSERTION_LOGIT
                    + ", head_format " + TORCHSCRIPT + ", a TorchScript backbone and hidden 1");
        }
        TorchScriptImport.HeadOutput output;
        try {
            output = TorchScriptImport.HeadOutput.parse(m.path("head_output").asText(null));
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(dir, "head_output must be probability or logit, got " + m.get("head_output"));
        }
        return new FrozenWeights.HeadModule(verified(dir, files, fileList, HEAD_MODULE, -1), output);
    }

    /**
     * The manifest's {@code head_widths}, checked against {@code hidden} and the format; a manifest
     * without them (written before they were recorded) has a head that is one Linear layer.
     */
    private static int[] headWidths(JsonNode m, int hidden, int format, Path dir) {
        JsonNode w = m.get("head_widths");
        if (w == null || w.isNull()) {
            if (format == FORMAT_MLP_HEAD) {
                throw new InvalidModelException(dir, "manifest format " + format + " needs head_widths");
            }
            return new int[] {hidden, 1};
        }
        if (!w.isArray() || w.size() < 2) {
            throw new InvalidModelException(dir, "head_widths must be a list of at least two widths, got " + w);
        }
        int[] out = new int[w.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = w.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
                throw new InvalidModelException(dir, "head_widths must be positive integers, got " + w);
            }
            out[i] = v.asInt();
        }
        if (out[out.length - 1] != 1 || out[out.length - 2] != hidden) {
            throw new InvalidModelException(dir, "head_widths " + w + " must end with hidden (" + hidden
                    + ") and 1");
        }
        if (!listsActivations(format) && (out.length > 2) != (format == FORMAT_MLP_HEAD)) {
            throw new InvalidModelException(dir, "head_widths " + w + " do not fit manifest format " + format);
        }
        JsonNode at = m.get("adapter_before_head_layer");
        if (at != null && !at.isNull() && at.asInt(-1) != out.length - 2) {
            throw new InvalidModelException(dir, "adapter_before_head_layer " + at + ": the adapter can only sit "
                    + "before the head's last Linear layer (" + (out.length - 2) + ")");
        }
        return out;
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
        boolean headLayers = false;
        boolean headModule = false;
        try {
            JsonNode m = JSON.readTree(dir.resolve(MANIFEST).toFile());
            if (m != null && TORCHSCRIPT.equals(m.path("backbone_format").asText())) {
                backbone = BACKBONE_MODULE;
            }
            headLayers = m != null && m.path("files").has(HEAD_LAYERS);
            headModule = m != null && m.path("files").has(HEAD_MODULE);
        } catch (IOException e) {
            // unreadable or missing: reading the files reports it in its own words
        }
        List<String> names = new java.util.ArrayList<>(List.of(MANIFEST, backbone, HEAD));
        if (headModule) {
            names.add(HEAD_MODULE);
        }
        if (headLayers) {
            names.add(HEAD_LAYERS);
        }
        names.add(ADAPTER);
        return names;
    }
}
