package dev.selfheal.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's TorchScript module ({@code torch.jit.script} or {@code trace}, saved with
 * {@code .save()}), loaded offline through DJL's PyTorch engine, in inference mode: its parameters
 * are inference tensors, so nothing can ever train through it. Used to read its parameters and to
 * compute its outputs on float32 rows; each call's arrays live in their own sub-manager. Not
 * thread-safe: one per thread.
 */
public final class TorchScriptModule implements AutoCloseable {
    private final Path path;
    private final Model model;
    /** What the module's parameters are stored as: rows are fed in this type (float32 or float64). */
    private final DataType inputType;

    private TorchScriptModule(Path path, Model model) {
        this.path = path;
        this.model = model;
        this.inputType = inputType(model);
    }

    /**
     * Float64 when the module's first floating parameter is (a model saved without
     * {@code .float()}): PyTorch refuses float32 rows there, and float64 holds every float32 exactly.
     */
    private static DataType inputType(Model model) {
        for (Pair<String, Parameter> p : model.getBlock().getDirectParameters()) {
            DataType t = p.getValue().getArray().getDataType();
            if (t.isFloating()) {
                return t == DataType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
            }
        }
        return DataType.FLOAT32;
    }

    /**
     * Loads a module.
     *
     * @throws IllegalArgumentException with one line naming the file and why it cannot be loaded
     */
    public static TorchScriptModule load(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(path + ": file not found");
        }
        return new TorchScriptModule(path, loadModel(path, path.toString()));
    }

    private static Model loadModel(Path file, String name) {
        DjlBootstrap.init();
        Model model = Model.newInstance(file.getFileName().toString(), "PyTorch");
        try {
            model.load(file.toAbsolutePath(), null, Map.of("trainParam", "false", "mapLocation", "true"));
            return model;
        } catch (Exception | UnsatisfiedLinkError e) {
            model.close();
            throw new IllegalArgumentException(name + " is not a TorchScript module this engine can load: "
                    + firstLine(e));
        }
    }

    /**
     * Loads a module from its file's bytes (a model directory's copy), through a temporary file
     * removed once loaded; {@code name} names it in errors.
     *
     * @throws IllegalArgumentException with one line naming it and why it cannot be loaded
     */
    public static TorchScriptModule load(byte[] bytes, String name) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("selfheal-module", ".pt");
            Files.write(tmp, bytes);
            return new TorchScriptModule(Path.of(name), loadModel(tmp, name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write a temporary copy of " + name + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (java.io.IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }

    public Path path() {
        return path;
    }

    /** Whether the module's parameters are float64 (its rows are fed as float64, its outputs read as float32). */
    public boolean float64() {
        return inputType == DataType.FLOAT64;
    }

    /** The module's parameters by dotted name ({@code 0.weight}, {@code 2.bias}, …), in module order. */
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getBlock().getDirectParameters()) {
            NDArray a = p.getValue().getArray();
            out.put(p.getKey(), new Tensor(a.getShape().getShape(), a.toType(DataType.FLOAT32,
                    false).toFloatArray()));
        }
        return out;
    }

    /**
     * The module's output on {@code n} rows of width {@code d} (row-major), fed in the type of the
     * module's parameters, read back as float32.
     *
     * @throws IllegalArgumentException with one line when the module refuses the input
     */
    public Tensor forward(float[] rows, int n, int d) {
        try (NDManager sub = model.getNDManager().newSubManager()) {
            NDArray x = sub.create(rows, new Shape(n, d));
            if (inputType != DataType.FLOAT32) {
                x = x.toType(inputType, false);
            }
            NDList out = model.getBlock().forward(new ParameterStore(sub, false), new NDList(x), false);
            if (out.size() != 1) {
                throw new IllegalArgumentException(path + " returns " + out.size() + " tensors, expected one");
            }
            NDArray y = out.singletonOrThrow();
            return new Tensor(y.getShape().getShape(), y.toType(DataType.FLOAT32, false)
                    .toFloatArray());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(path + " cannot take " + (inputType == DataType.FLOAT64 ? "float64"
                    : "float32") + " input of shape [" + n + ", " + d + "]: " + firstLine(e));
        }
    }

    /**
     * The line of an engine's message that says what failed: its first, or for a TorchScript
     * interpreter failure (a whole stack trace, whose first line only says that something failed)
     * its last, the error itself.
     */
    static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
        String[] lines = m.split("\n");
        if (lines.length > 1 && m.contains("Traceback of TorchScript")) {
            return lines[lines.length - 1].strip();
        }
        return lines[0].strip();
    }

    @Override
    public void close() {
        model.close();
    }

    /** A float32 tensor copied out of the engine: its shape and row-major values. */
    public record Tensor(long[] shape, float[] values) {
        public int rank() {
            return shape.length;
        }

        public String shapeText() {
            return java.util.Arrays.toString(shape);
        }
    }
}
