package dev.selfheal.signals;

import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SignalReferenceTest {

    @Test
    void tailsHoldTheirShareOnEachSideAndAUnitThatIsMostlyZeroHasNoLowerTail() {
        float[] sorted = new float[1000];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i < 600 ? 0f : i; // a ReLU unit: zero for 60% of rows
        }
        double[] t = SignalReference.tails(sorted);
        assertThat(t[SignalReference.LOW_EDGE]).isZero();
        assertThat(t[SignalReference.LOW_SHARE]).isZero();
        assertThat(t[SignalReference.HIGH_SHARE]).isCloseTo(0.025, org.assertj.core.data.Offset.offset(0.002));
    }

    @Test
    void binsMergeEqualDecilesAndSharesSumToOne() {
        SignalReference r = SignalFixtures.model().signals();
        assertThat(r.units()).isEqualTo(8);
        for (int u = 0; u < r.units(); u++) {
            assertThat(java.util.Arrays.stream(r.unitShares()[u]).sum()).isCloseTo(1.0,
                    org.assertj.core.data.Offset.offset(1e-9));
            double[] e = r.unitEdges()[u];
            for (int k = 1; k < e.length; k++) {
                assertThat(e[k]).isGreaterThan(e[k - 1]);
            }
            assertThat(r.bin(u, Double.NEGATIVE_INFINITY)).isZero();
            assertThat(r.bin(u, Double.POSITIVE_INFINITY)).isEqualTo(r.bins(u) - 1);
        }
        assertThat(r.entropyMean()).isPositive();
    }

    @Test
    void theModelDirectoryKeepsTheReferenceAndAnOlderDirectoryLoadsWithout(@TempDir Path dir) throws Exception {
        FraudModel model = SignalFixtures.model();
        ModelDirectory.save(model, dir.resolve("new"));
        assertThat(ModelDirectory.load(dir.resolve("new")).signals()).isEqualTo(model.signals());

        Path old = dir.resolve("old");
        ModelDirectory.save(model, old);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                old.resolve(ModelDirectory.MANIFEST).toFile());
        manifest.remove("signal_reference");
        Files.write(old.resolve(ModelDirectory.MANIFEST), json.writeValueAsBytes(manifest));
        assertThat(ModelDirectory.load(old).signals()).isNull();
    }
}
