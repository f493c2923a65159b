package dev.selfheal.job.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key the job understands: the constants of the group classes below, one class
 * per feature, collected by reflection so that no list of settings is kept by hand. The heal's defaults
 * are our remedies on; {@link Profile} holds what the reference profile changes.
 */
public final class Settings {
    private Settings() {}

    /** In the order `selfheal settings` and docs/configuration.md list them. */
    private static final List<SettingGroup> GROUPS = List.of(
            SettingGroup.of("Inputs", InputSettings.class),
            SettingGroup.of("Outputs", OutputSettings.class),
            SettingGroup.of("Kafka", KafkaSettings.class),
            SettingGroup.of("Metrics", MetricsSettings.class),
            SettingGroup.of("Scoring and parallelism", ScoreSettings.class),
            SettingGroup.of("Checkpoints", CheckpointSettings.class),
            SettingGroup.of("Drift detection", DriftSettings.class),
            SettingGroup.of("Heal", HealSettings.class),
            SettingGroup.of("Profile", ProfileSettings.class),
            SettingGroup.of("Calibration", CalibrationSettings.class),
            SettingGroup.of("Input path", InputPathSettings.class),
            SettingGroup.of("Label-free signals", SignalSettings.class),
            SettingGroup.of("Lineage repair", RepairSettings.class),
            SettingGroup.of("Validation of candidates", ValidateSettings.class),
            SettingGroup.of("Health and rollback", HealthSettings.class),
            SettingGroup.of("Decision", DecisionSettings.class),
            SettingGroup.of("Registry and shadow", RegistrySettings.class),
            SettingGroup.of("Labels", LabelSettings.class),
            SettingGroup.of("Control commands", ControlSettings.class),
            SettingGroup.of("Evaluation baselines", BaselineSettings.class));
    private static final List<Setting<?>> ALL = GROUPS.stream().flatMap(g -> g.settings().stream()).toList();
    private static final Map<String, Setting<?>> BY_KEY = index(ALL);

    public static List<SettingGroup> groups() {
        return GROUPS;
    }

    public static List<Setting<?>> all() {
        return ALL;
    }

    public static Map<String, Setting<?>> byKey() {
        return BY_KEY;
    }

    /** Settings by key, in order; two settings with one key would leave one of them unreachable. */
    static Map<String, Setting<?>> index(List<Setting<?>> settings) {
        Map<String, Setting<?>> m = new LinkedHashMap<>();
        for (Setting<?> s : settings) {
            if (m.put(s.key(), s) != null) {
                throw new IllegalStateException("two settings share the key '" + s.key() + "'");
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
