package dev.selfheal.signals;

import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

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
    void outputsMeasuredOnOtherRowsReplaceTheEntropyAndClassMeansAndKeepTheTails() {
        FraudModel model = SignalFixtures.model();
        SignalReference own = model.signals();
        float[][] other = SignalFixtures.rows(new SplittableRandom(9), 800, 3, 0, 0);
        SignalReference there = SignalReference.of(model.frozen(), model.standardizer(), model.adapter(), other,
                SignalFixtures.labels(other.length, 3));
        SignalReference mixed = model.withSignalOutputsFrom(other, SignalFixtures.labels(other.length, 3)).signals();

        assertThat(there.entropyMean()).isNotEqualTo(own.entropyMean());
        assertThat(mixed.entropyMean()).isEqualTo(there.entropyMean());
        assertThat(mixed.entropySd()).isEqualTo(there.entropySd());
        assertThat(mixed.byClass().entropyFraud()).isEqualTo(there.byClass().entropyFraud());
        assertThat(mixed.byClass().probNormal()).isEqualTo(there.byClass().probNormal());
        assertThat(mixed.byClass().probSd()).isEqualTo(there.byClass().probSd());
        assertThat(mixed.rows()).isEqualTo(own.rows());
        assertThat(mixed.unitTails()).isEqualTo(own.unitTails());
        assertThat(mixed.featureTails()).isEqualTo(own.featureTails());
        assertThat(mixed.unitShares()).isEqualTo(own.unitShares());
        assertThat(mixed.byClass().unitTails()).isEqualTo(own.byClass().unitTails());
        assertThat(mixed.byClass().fraudRows()).isEqualTo(own.byClass().fraudRows());
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

    @Test
    void theClassSharesTravelWithTheReferenceAndAReferenceWithoutThemStillLoads(@TempDir Path dir)
            throws Exception {
        FraudModel model = SignalFixtures.model();
        assertThat(model.signals().byClass()).isNotNull();
        ModelDirectory.save(model, dir.resolve("new"));
        assertThat(ModelDirectory.load(dir.resolve("new")).signals().byClass()).isEqualTo(model.signals().byClass());

        Path old = dir.resolve("old");
        ModelDirectory.save(model, old);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                old.resolve(ModelDirectory.MANIFEST).toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("signal_reference")).remove("byClass");
        Files.write(old.resolve(ModelDirectory.MANIFEST), json.writeValueAsBytes(manifest));
        SignalReference loaded = ModelDirectory.load(old).signals();
        assertThat(loaded.byClass()).isNull();
        assertThat(loaded.unitTails()).isDeepEqualTo(model.signals().unitTails());
    }

    @Test
    void eachClassShareIsMeasuredAgainstTheOverallEdges() {
        FraudModel model = SignalFixtures.model();
        ClassShares c = model.signals().byClass();
        int k = SignalFixtures.NAMES.indexOf("k");
        // The frauds are k + 2.5: most of k's upper tail is theirs, none of its lower tail.
        assertThat(c.featureTails()[k][ClassShares.FRAUD_HIGH]).isGreaterThan(0.05);
        assertThat(c.featureTails()[k][ClassShares.NORMAL_HIGH]).isLessThan(0.025);
        assertThat(c.featureTails()[k][ClassShares.FRAUD_LOW]).isLessThan(0.005);
        assertThat(c.normalRows() + c.fraudRows()).isEqualTo(model.signals().rows());
        // Without labels of both classes there are no class shares.
        float[][] rows = SignalFixtures.rows(new java.util.SplittableRandom(4), 200, 0, 0);
        assertThat(SignalReference.of(model.frozen(), model.standardizer(), model.adapter(), rows, new int[200])
                .byClass()).isNull();
    }
}
