package dev.selfheal.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PyTorch writes its deprecation warning to file descriptor 2 from C++, so it can only be seen from
 * outside the JVM: each case runs a small program in a child JVM and reads its standard error.
 */
@Timeout(120)
class NativeWarningsTest {
    private static final String WARNING = "AutoNonVariableTypeMode is deprecated";

    @Test
    void anInPlaceSetPrintsTheWarningUnlessItWasAbsorbedFirst() throws Exception {
        // The control: without absorbing, DJL's set makes PyTorch print it (else this test proves nothing).
        assertThat(runChild(false)).contains(WARNING).contains("set done");
        assertThat(runChild(true)).doesNotContain(WARNING).contains("set done");
    }

    @Test
    void findsTheC10LibraryThisProcessLoaded() {
        NativeWarnings.absorbDeprecationWarning();
        assertThat(NativeWarnings.loadedLibrary("libc10.so")).hasValueSatisfying(
                p -> assertThat(p.getFileName()).hasToString("libc10.so"));
        assertThat(NativeWarnings.loadedLibrary("no-such-library.so")).isEmpty();
    }

    private static String runChild(boolean absorb) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        for (String p : new String[] {"ai.djl.offline", "ai.djl.pytorch.num_threads", "DJL_CACHE_DIR"}) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.add(Child.class.getName());
        cmd.add(Boolean.toString(absorb));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    /** The child: optionally absorb, then an in-place set as DjlScorer does on an adapter update. */
    public static final class Child {
        public static void main(String[] args) {
            DjlBootstrap.init();
            if (Boolean.parseBoolean(args[0])) {
                NativeWarnings.absorbDeprecationWarning();
            }
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray a = manager.create(new float[4]);
                a.set(new float[] {1, 2, 3, 4});
            }
            System.out.println("set done");
        }
    }
}
