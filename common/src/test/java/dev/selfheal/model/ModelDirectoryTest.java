package dev.selfheal.model;

import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioConfig;
import dev.selfheal.scenario.ScenarioGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelDirectoryTest {
    private static FraudModel model;

    @BeforeAll
    static void train() {
        ScenarioData data = new ScenarioGenerator(Scenario.SEED, 1, new ScenarioConfig(500, 200, 2, 100, 100)).generate();
        model = ModelFactory.train("default", data.train(), data.cleanTest(), TrainConfig.defaults().withEpochs(1),
                ModelFactory.DEFAULT_RULES, null, 0.5);
    }

    @Test
    void saveThenLoadGivesTheSameModel(@TempDir Path dir) {
        ModelDirectory.save(model, dir);
        FraudModel back = ModelDirectory.load(dir);
        assertThat(back.features()).isEqualTo(model.features());
        assertThat(back.adapter().params()).isEqualTo(model.adapter().params());
        assertThat(back.frozen().backboneFlat()).isEqualTo(model.frozen().backboneFlat());
        assertThat(back.frozen().headFlat()).isEqualTo(model.frozen().headFlat());
        assertThat(back.standardizer().mean()).isEqualTo(model.standardizer().mean());
        assertThat(back.trainingStats()).isEqualTo(model.trainingStats());
        assertThat(back.rules()).isEqualTo(model.rules());
        assertThat(back.metrics().get("clean_test").get("accuracy"))
                .isEqualTo(model.metrics().get("clean_test").get("accuracy"));
    }

    @Test
    void aFlippedByteInAnyWeightFileIsRefused(@TempDir Path dir) throws IOException {
        for (String name : new String[] {ModelDirectory.BACKBONE, ModelDirectory.HEAD, ModelDirectory.ADAPTER}) {
            Path d = dir.resolve(name.replace('.', '_'));
            ModelDirectory.save(model, d);
            byte[] bytes = Files.readAllBytes(d.resolve(name));
            bytes[bytes.length / 2] ^= 0x10;
            Files.write(d.resolve(name), bytes);
            assertThatThrownBy(() -> ModelDirectory.load(d))
                    .isInstanceOf(ModelDirectory.InvalidModelException.class)
                    .hasMessageContaining(name + " checksum mismatch");
        }
    }

    @Test
    void missingFilesAndWrongShapesAreRefusedWithAClearMessage(@TempDir Path dir) throws IOException {
        ModelDirectory.save(model, dir.resolve("a"));
        Files.delete(dir.resolve("a").resolve(ModelDirectory.HEAD));
        assertThatThrownBy(() -> ModelDirectory.load(dir.resolve("a"))).hasMessageContaining("head.bin is missing");

        ModelDirectory.save(model, dir.resolve("b"));
        Path manifest = dir.resolve("b").resolve(ModelDirectory.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"hidden\" : 64", "\"hidden\" : 32"));
        assertThatThrownBy(() -> ModelDirectory.load(dir.resolve("b"))).hasMessageContaining("wrong shape");

        assertThatThrownBy(() -> ModelDirectory.load(dir.resolve("nothing-here"))).hasMessageContaining("not a directory");
        ModelDirectory.save(model, dir.resolve("c"));
        Files.writeString(dir.resolve("c").resolve(ModelDirectory.MANIFEST), "{not json");
        assertThatThrownBy(() -> ModelDirectory.load(dir.resolve("c"))).hasMessageContaining("not valid JSON");
    }
}
