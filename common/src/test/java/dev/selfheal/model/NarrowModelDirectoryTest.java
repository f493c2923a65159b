package dev.selfheal.model;

import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioConfig;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adapter width in a model directory: written, read back, absent meaning full width. */
class NarrowModelDirectoryTest {
    private static FraudModel narrow;
    private static FraudModel full;

    @BeforeAll
    static void train() {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 1, new ScenarioConfig(500, 200, 2, 100, 100)).generate();
        narrow = ModelFactory.train("default", data.train(), data.cleanTest(),
                TrainConfig.defaults().withEpochs(2).withAdapterWidth(8), ModelFactory.DEFAULT_RULES, null, 0.5);
        full = ModelFactory.train("default", data.train(), data.cleanTest(), TrainConfig.defaults().withEpochs(1),
                ModelFactory.DEFAULT_RULES, null, 0.5);
    }

    @Test
    void aNarrowModelSavesAndLoadsWithItsWidth(@TempDir Path dir) throws IOException {
        ModelDirectory.save(narrow, dir);
        assertThat(Files.readString(dir.resolve(ModelDirectory.MANIFEST))).contains("\"adapter_width\" : 8");
        FraudModel back = ModelDirectory.load(dir);
        assertThat(back.adapterShape()).isEqualTo(new AdapterShape(64, 8));
        assertThat(back.adapter()).isEqualTo(narrow.adapter());
        assertThat(back.frozen().backboneFlat()).isEqualTo(narrow.frozen().backboneFlat());
        assertThat(Files.size(dir.resolve(ModelDirectory.ADAPTER))).isLessThan(4500);
        // Trained, not just initialised: its clean-test accuracy is a model's, not a coin's.
        assertThat((Double) narrow.metrics().get("clean_test").get("accuracy")).isGreaterThan(0.8);
    }

    @Test
    void aManifestWithoutAdapterWidthIsAFullWidthModel(@TempDir Path dir) throws IOException {
        ModelDirectory.save(full, dir);
        Path manifest = dir.resolve(ModelDirectory.MANIFEST);
        String withWidth = Files.readString(manifest);
        assertThat(withWidth).contains("\"adapter_width\" : 64");
        Files.writeString(manifest, withWidth.replace("\"adapter_width\" : 64,", ""));
        assertThat(Files.readString(manifest)).doesNotContain("adapter_width");

        FraudModel back = ModelDirectory.load(dir);
        assertThat(back.adapterShape()).isEqualTo(AdapterShape.full(64));
        assertThat(back.adapter()).isEqualTo(full.adapter());
    }

    @Test
    void aWidthThatDisagreesWithTheAdapterFileOrTheBackboneIsRefused(@TempDir Path dir) throws IOException {
        ModelDirectory.save(narrow, dir.resolve("a"));
        Path manifest = dir.resolve("a").resolve(ModelDirectory.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"adapter_width\" : 8", "\"adapter_width\" : 16"));
        assertThatThrownBy(() -> ModelDirectory.load(dir.resolve("a")))
                .isInstanceOf(ModelDirectory.InvalidModelException.class)
                .hasMessageContaining("adapter.bin: adapter has width 8, the model's adapter has width 16");

        for (String bad : new String[] {"0", "65", "\"eight\""}) {
            ModelDirectory.save(narrow, dir.resolve(bad));
            Path m = dir.resolve(bad).resolve(ModelDirectory.MANIFEST);
            Files.writeString(m, Files.readString(m).replace("\"adapter_width\" : 8", "\"adapter_width\" : " + bad));
            assertThatThrownBy(() -> ModelDirectory.load(dir.resolve(bad))).as("adapter_width %s", bad)
                    .isInstanceOf(ModelDirectory.InvalidModelException.class)
                    .hasMessageContaining("adapter_width");
        }
    }

    @Test
    void aNarrowModelHealsThroughTheTrainerAndStaysNarrow() {
        HealBatch batch = HealingTrainerTest.batchOf(new TinyData(100, 9, -2.2f), true);
        try (HealingTrainer trainer = new HealingTrainer(narrow.frozen(), narrow.standardizer())) {
            Adapter a = narrow.adapter();
            AdamState s = AdamState.fresh(a.params().length);
            double before = trainer.loss(a, batch, HealConfig.reference());
            for (int i = 0; i < 5; i++) {
                HealResult r = trainer.heal(a, s, batch, HealConfig.reference());
                a = r.candidate();
                s = r.optimizer();
            }
            assertThat(a.shape()).isEqualTo(narrow.adapterShape());
            assertThat(trainer.loss(a, batch, HealConfig.reference())).isLessThan(before);
        }
    }
}
