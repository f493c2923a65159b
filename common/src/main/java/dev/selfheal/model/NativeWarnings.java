package dev.selfheal.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps PyTorch's one deprecation warning off the console. DJL's in-place {@code NDArray.set} runs
 * under a guard that PyTorch 2.x deprecates, and PyTorch's C++ logger then writes "AutoNonVariableTypeMode
 * is deprecated ..." once per process straight to file descriptor 2, past Java's logging, so no log4j
 * setting can hold it back (and the {@code TORCH_CPP_LOG_LEVEL} variable is read only by PyTorch's
 * Python start-up). The C++ logger reads its threshold from the exported global
 * {@code FLAGS_caffe2_log_level}: it is raised to ERROR for one throwaway {@code set}, which spends the
 * once-only warning in silence, and put back, so any other PyTorch warning still shows.
 */
public final class NativeWarnings {
    private static final String LEVEL = "FLAGS_caffe2_log_level";
    private static final int ERROR = 2;
    private static volatile boolean done;

    private NativeWarnings() {}

    /** Loads the engine if it is not loaded yet and spends the deprecation warning silently; idempotent. */
    public static void absorbDeprecationWarning() {
        if (done) {
            return;
        }
        synchronized (NativeWarnings.class) {
            if (done) {
                return;
            }
            done = true;
            DjlBootstrap.init();
            Engine.getInstance();
            try {
                Optional<Path> c10 = loadedLibrary("libc10.so");
                if (c10.isEmpty()) {
                    return;
                }
                Pointer level = NativeLibrary.getInstance(c10.get().toString()).getGlobalVariableAddress(LEVEL);
                int before = level.getInt(0);
                level.setInt(0, Math.max(before, ERROR));
                try (NDManager manager = NDManager.newBaseManager()) {
                    NDArray one = manager.create(new float[1]);
                    one.set(new float[] {0f});
                } finally {
                    level.setInt(0, before);
                }
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                // Cosmetic only: a start-up must never fail for a console line; the warning then shows.
            }
        }
    }

    /** The path of a shared library this process has mapped, from /proc/self/maps (Linux only). */
    static Optional<Path> loadedLibrary(String fileName) {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.filter(l -> l.endsWith("/" + fileName)).map(l -> Path.of(l.substring(l.indexOf('/'))))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
