package dev.selfheal.model;

import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioGenerator;
import dev.selfheal.signals.ConceptSignals;
import dev.selfheal.signals.SignalConfig;
import dev.selfheal.signals.SignalReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The label-free signals watch the hidden units of a backbone served as a TorchScript module as
 * they watch a chain's: the same network, once as its chain copy and once as its module, reads the
 * same drifted batches the same way.
 */
class ModuleSignalsTest {
    @Test
    void aModuleBackboneReadsDriftedBatchesAsItsChainCopyDoes(@TempDir Path dir) throws IOException {
        FraudModel chain = ImportSample.write(dir).imported("mlp32/backbone.pt", "mlp32/head.pt",
                TorchScriptImport.HeadOutput.PROBABILITY).model();
        FrozenWeights f = chain.frozen();
        FrozenWeights module = FrozenWeights.ofModule(f.inputDim(), f.hidden(),
                Files.readAllBytes(TorchScriptFixtures.file("mlp32/backbone.pt")), f.headW(), f.headB());
        SignalConfig config = new SignalConfig(true, 3, 0.005, 50);
        float[][] stream = new ScenarioGenerator(Scenario.PATTERN, 4).generate().stream().features();
        ConceptSignals copied = new ConceptSignals(f, chain.standardizer(), chain.adapter(), chain.signals(),
                chain.trainingStats(), config);
        ConceptSignals served = new ConceptSignals(module, chain.standardizer(), chain.adapter(), chain.signals(),
                chain.trainingStats(), config);
        double[] a = new double[0];
        double[] b = new double[0];
        for (int from = 0; from < 500; from += 100) {
            float[][] batch = Arrays.copyOfRange(stream, from, from + 100);
            ConceptSignals.Observation x = copied.observe(a, batch, false);
            ConceptSignals.Observation y = served.observe(b, batch, false);
            a = x.window();
            b = y.window();
            SignalReading r = y.reading();
            assertThat(r.hiddenKl()).as("batch at %d", from).isPositive()
                    .isCloseTo(x.reading().hiddenKl(), org.assertj.core.data.Offset.offset(1e-3));
            assertThat(r.units()).isNotEmpty();
            assertThat(r.alarm()).isEqualTo(x.reading().alarm());
        }
    }
}
