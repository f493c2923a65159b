package dev.selfheal.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A TorchScript file read as the zip archive it is: its module tree ({@code data.pkl}), the
 * tensors in its storages ({@code data/<key>}) and the source of its classes ({@code code/…}),
 * where a module's constants are written (a LeakyReLU's slope, a BatchNorm's eps). Read to see
 * which layers a module is made of, never to run it: DJL runs it.
 */
final class TorchScriptArchive {
    /** Entries by name inside the archive's top folder, e.g. {@code data.pkl}, {@code code/__torch__.py}. */
    private final Map<String, byte[]> entries;
    private final Object root;

    private TorchScriptArchive(Map<String, byte[]> entries) {
        this.entries = entries;
        byte[] pickle = entries.get("data.pkl");
        if (pickle == null) {
            throw new IllegalArgumentException("no data.pkl");
        }
        this.root = TorchPickle.read(pickle);
    }

    /**
     * The archive in {@code file}.
     *
     * @throws IllegalArgumentException when it is no zip archive with a module tree this reader knows
     */
    static TorchScriptArchive read(Path file) {
        // ZipFile, not ZipInputStream: PyTorch stores entries uncompressed with data descriptors,
        // which only the central directory describes.
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                int slash = e.getName().indexOf('/');
                if (e.isDirectory() || slash < 0) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    entries.put(e.getName().substring(slash + 1), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a zip archive: " + e.getMessage(), e);
        }
        return new TorchScriptArchive(entries);
    }

    /** The module tree's root: the saved module. */
    Object root() {
        return root;
    }

    /**
     * A contiguous float32 or float64 tensor's values as floats, row-major.
     *
     * @throws IllegalArgumentException for another element type, a strided view or a missing storage
     */
    float[] values(TorchPickle.TensorRef t) {
        long n = 1;
        long expected = 1;
        for (int i = t.shape().length - 1; i >= 0; i--) {
            if (t.shape()[i] != 1 && t.stride()[i] != expected) {
                throw new IllegalArgumentException("a strided tensor");
            }
            expected *= t.shape()[i];
            n *= t.shape()[i];
        }
        int size = switch (t.storage().type()) {
            case "FloatStorage" -> 4;
            case "DoubleStorage" -> 8;
            default -> throw new IllegalArgumentException("a tensor of " + t.storage().type());
        };
        byte[] data = entries.get("data/" + t.storage().key());
        if (data == null || (t.offset() + n) * size > data.length) {
            throw new IllegalArgumentException("storage " + t.storage().key() + " is missing or short");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) n];
        for (int i = 0; i < out.length; i++) {
            int at = (int) ((t.offset() + i) * size);
            out[i] = size == 4 ? b.getFloat(at) : (float) b.getDouble(at);
        }
        return out;
    }

    /**
     * The source of class {@code type} ({@code class Name(Module):} up to the next class of its
     * file), empty when the archive has none.
     */
    String classSource(TorchPickle.Global type) {
        byte[] file = entries.get("code/" + type.module().replace('.', '/') + ".py");
        if (file == null) {
            return "";
        }
        String text = new String(file, StandardCharsets.UTF_8);
        int from = text.indexOf("class " + type.name() + "(");
        if (from < 0) {
            return "";
        }
        int to = text.indexOf("\nclass ", from + 1);
        return text.substring(from, to < 0 ? text.length() : to);
    }
}
