package dev.selfheal.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsHoldEverySettingsDefault() {
        JobConfig c = JobConfig.defaults();

        for (Setting<?> s : Settings.all()) {
            assertThat((Object) c.get(s)).as(s.key()).isEqualTo(s.defaultValue());
        }
        assertThat(c.asMap()).hasSize(Settings.all().size());
        assertThat(c.flinkSettings()).isEmpty();
    }

    @Test
    void defaultsAreTheDocumentedReferenceValues() {
        JobConfig c = JobConfig.defaults();

        assertThat(c.get(HealSettings.LR)).isEqualTo(0.003);
        assertThat(c.get(HealSettings.STEPS)).isEqualTo(5);
        assertThat(c.get(DriftSettings.FIDI_WINDOW)).isEqualTo(10);
        assertThat(c.get(DriftSettings.FIDI_THRESHOLD)).isEqualTo(1.0);
        assertThat(c.get(ScoreSettings.PARALLELISM)).isEqualTo(2);
        assertThat(c.get(HealSettings.BATCH_SIZE)).isEqualTo(100);
        assertThat(c.get(HealSettings.APPROVAL)).isEqualTo("auto");
        assertThat(c.get(RegistrySettings.SHADOW_VERSION)).isEqualTo(1L);
    }

    @Test
    void everySettingsDefaultIsWithinItsOwnAllowedRange() {
        for (Setting<?> s : Settings.all()) {
            assertThat((Object) s.parse(s.defaultValue())).as(s.key()).isEqualTo(s.defaultValue());
        }
    }

    @Test
    void theProfileSuppliesItsValuesBeneathTheKeysTheUserSets() {
        JobConfig reference = JobConfig.defaults().with(Map.of("profile", "reference"));

        assertThat(reference.profile()).isEqualTo(Profile.REFERENCE);
        assertThat(reference.get(CalibrationSettings.PLATT_ENABLED)).isFalse();
        assertThat(reference.get(ValidateSettings.METRIC)).isEqualTo("accuracy+f1");
        assertThat(reference.get(HealSettings.STEPS)).isEqualTo(HealSettings.STEPS.defaultValue());
        assertThat(reference.with(CalibrationSettings.PLATT_ENABLED, true).get(CalibrationSettings.PLATT_ENABLED))
                .isTrue();
        assertThat(reference.asMap()).containsEntry("platt.enabled", false).containsEntry("heal.steps", 5);
        assertThat(JobConfig.defaults().get(CalibrationSettings.PLATT_ENABLED)).isTrue();
    }

    @Test
    void aProfileSetAfterTheKeysItNamesStillYieldsToThem() {
        JobConfig c = JobConfig.defaults().with(Map.of("signals.enabled", true)).with(Map.of("profile", "reference"));

        assertThat(c.get(SignalSettings.ENABLED)).isTrue();
        assertThat(c.get(RepairSettings.ENABLED)).isFalse();
    }

    @Test
    void aNullValueIsTheSettingsOwnDefaultEvenUnderAProfile() {
        JobConfig c = JobConfig.defaults().with(Map.of("profile", "reference"))
                .with(new java.util.HashMap<>(java.util.Collections.singletonMap("platt.enabled", null)));

        assertThat(c.get(CalibrationSettings.PLATT_ENABLED)).isTrue();
    }

    @Test
    void readsNestedYamlKeys() throws IOException {
        JobConfig c = JobConfig.load(write("c.yaml", """
                heal:
                  lr: 0.01
                  steps: 9
                fidi:
                  window: 20
                """));

        assertThat(c.get(HealSettings.LR)).isEqualTo(0.01);
        assertThat(c.get(HealSettings.STEPS)).isEqualTo(9);
        assertThat(c.get(DriftSettings.FIDI_WINDOW)).isEqualTo(20);
        assertThat(c.get(ScoreSettings.PARALLELISM)).isEqualTo(ScoreSettings.PARALLELISM.defaultValue());
    }

    @Test
    void readsFlatYamlKeys() throws IOException {
        JobConfig c = JobConfig.load(write("c.yaml", """
                heal.lr: 0.02
                score.batch-size: 64
                heal.approval: manual
                parallelism: 4
                """));

        assertThat(c.get(HealSettings.LR)).isEqualTo(0.02);
        assertThat(c.get(ScoreSettings.BATCH_SIZE)).isEqualTo(64);
        assertThat(c.get(HealSettings.APPROVAL)).isEqualTo("manual");
        assertThat(c.get(ScoreSettings.PARALLELISM)).isEqualTo(4);
    }

    @Test
    void readsMixedNestedAndFlatKeys() throws IOException {
        JobConfig c = JobConfig.load(write("c.yaml", """
                validate:
                  max-norm: 50
                rollback.f1-drop: 0.2
                """));

        assertThat(c.get(ValidateSettings.MAX_NORM)).isEqualTo(50.0);
        assertThat(c.get(HealthSettings.ROLLBACK_F1_DROP)).isEqualTo(0.2);
    }

    @Test
    void readsAJsonFile() throws IOException {
        JobConfig c = JobConfig.load(write("c.json", """
                {"heal": {"lr": 0.05, "cooldown": 2}, "fidi.window": 7, "shadow.version": 3}
                """));

        assertThat(c.get(HealSettings.LR)).isEqualTo(0.05);
        assertThat(c.get(HealSettings.COOLDOWN)).isEqualTo(2);
        assertThat(c.get(DriftSettings.FIDI_WINDOW)).isEqualTo(7);
        assertThat(c.get(RegistrySettings.SHADOW_VERSION)).isEqualTo(3L);
    }

    @Test
    void anEmptyFileGivesTheDefaults() throws IOException {
        JobConfig c = JobConfig.load(write("c.yaml", ""));

        assertThat(c.asMap()).isEqualTo(JobConfig.defaults().asMap());
    }

    @Test
    void aFileWithOnlyCommentsGivesTheDefaults() throws IOException {
        JobConfig c = JobConfig.load(write("c.yaml", "# nothing set yet\n"));

        assertThat(c.asMap()).isEqualTo(JobConfig.defaults().asMap());
    }

    @Test
    void anUnknownKeyIsAnErrorNamingIt() throws IOException {
        Path f = write("c.yaml", """
                heal:
                  lr: 0.01
                  learning-rate: 0.01
                """);

        assertThatThrownBy(() -> JobConfig.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown setting").hasMessageContaining("heal.learning-rate");
    }

    @Test
    void everyUnknownKeyIsNamed() {
        assertThatThrownBy(() -> JobConfig.defaults().with(Map.of("paralelism", 2, "fidi.windw", 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paralelism").hasMessageContaining("fidi.windw");
    }

    @Test
    void aNegativeHealLearningRateIsAnErrorNamingTheKeyAndRange() throws IOException {
        Path f = write("c.yaml", "heal:\n  lr: -0.1\n");

        assertThatThrownBy(() -> JobConfig.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'heal.lr'").hasMessageContaining("-0.1").hasMessageContaining("(0, 10.0]");
    }

    @Test
    void aZeroHealLearningRateIsAnError() {
        assertThatThrownBy(() -> JobConfig.defaults().with(HealSettings.LR, 0.0))
                .hasMessageContaining("'heal.lr'").hasMessageContaining("(0, 10.0]");
    }

    @Test
    void aFidiWindowOfZeroIsAnErrorNamingTheKeyAndRange() throws IOException {
        Path f = write("c.yaml", "fidi.window: 0\n");

        assertThatThrownBy(() -> JobConfig.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fidi.window'").hasMessageContaining("[1, 10000]");
    }

    @Test
    void aParallelismOfZeroIsAnErrorNamingTheKeyAndRange() {
        assertThatThrownBy(() -> JobConfig.defaults().with(Map.of("parallelism", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'parallelism'").hasMessageContaining("[1, 1024]");
    }

    @Test
    void aNonNumericValueIsAnErrorNamingTheKeyAndTheExpectedType() throws IOException {
        Path f = write("c.yaml", "heal.steps: many\n");

        assertThatThrownBy(() -> JobConfig.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'heal.steps'").hasMessageContaining("many")
                .hasMessageContaining("an integer in [1, 10000]");
    }

    @Test
    void aFractionalValueForAnIntegerKeyIsAnError() {
        assertThatThrownBy(() -> JobConfig.defaults().with(Map.of("fidi.window", 2.5)))
                .hasMessageContaining("'fidi.window'");
    }

    @Test
    void aChoiceOutsideItsListIsAnErrorListingTheChoices() {
        assertThatThrownBy(() -> JobConfig.defaults().with(Map.of("heal.approval", "sometimes")))
                .hasMessageContaining("'heal.approval'").hasMessageContaining("[auto, manual]");
    }

    @Test
    void aMissingFileIsAClearError() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> JobConfig.load(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config file not found: " + missing);
    }

    @Test
    void invalidYamlIsAClearError() throws IOException {
        Path f = write("c.yaml", "heal: [unclosed\n");

        assertThatThrownBy(() -> JobConfig.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid YAML/JSON");
    }

    @Test
    void aFileThatIsNotAMapIsAnError() throws IOException {
        Path f = write("c.yaml", "- heal.lr\n- 0.1\n");

        assertThatThrownBy(() -> JobConfig.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must hold a map");
    }

    @Test
    void flinkKeysArePassedThroughWithoutThePrefix() throws IOException {
        JobConfig c = JobConfig.load(write("c.yaml", """
                flink:
                  taskmanager.numberOfTaskSlots: 4
                  state.backend.type: rocksdb
                flink.pipeline.name: selfheal-test
                """));

        assertThat(c.flinkSettings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "taskmanager.numberOfTaskSlots", "4",
                "state.backend.type", "rocksdb",
                "pipeline.name", "selfheal-test"));
        assertThat(c.asMap()).isEqualTo(JobConfig.defaults().asMap());
    }

    @Test
    void withLeavesTheOriginalUnchanged() {
        JobConfig base = JobConfig.defaults();

        JobConfig changed = base.with(HealSettings.STEPS, 7).with(Map.of("flink.a", "b"));

        assertThat(changed.get(HealSettings.STEPS)).isEqualTo(7);
        assertThat(base.get(HealSettings.STEPS)).isEqualTo(5);
        assertThat(base.flinkSettings()).isEmpty();
    }

    @Test
    void aNullValueMeansTheDefault() {
        JobConfig c = JobConfig.defaults().with(HealSettings.STEPS, 7)
                .with(new java.util.HashMap<>(java.util.Collections.singletonMap("heal.steps", null)));

        assertThat(c.get(HealSettings.STEPS)).isEqualTo(5);
    }

    @Test
    void stringValuesFromTheCommandLineAreConverted() {
        JobConfig c = JobConfig.defaults().with(Map.of("heal.lr", "0.004", "heal.steps", " 12 ", "checkpoint.interval-ms",
                "500"));

        assertThat(c.get(HealSettings.LR)).isEqualTo(0.004);
        assertThat(c.get(HealSettings.STEPS)).isEqualTo(12);
        assertThat(c.get(CheckpointSettings.INTERVAL_MS)).isEqualTo(500L);
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }
}
