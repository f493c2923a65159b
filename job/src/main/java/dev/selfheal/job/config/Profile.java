package dev.selfheal.job.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A named set of values for some settings, chosen by {@code profile}. A key the user sets wins over
 * the profile, and the profile wins over the setting's own default ({@link JobConfig#get}).
 *
 * <p>The settings' defaults are our remedies on, so {@link #SELFHEAL} changes nothing;
 * {@link #REFERENCE} is the published reference method alone, for comparison: the remedies we added
 * off, heals without labels allowed, candidates judged on accuracy and F1 as the reference does.
 */
public enum Profile {
    SELFHEAL(Map.of()),
    REFERENCE(overrides(
            set(CalibrationSettings.RECALIBRATE_ENABLED, false),
            set(CalibrationSettings.PLATT_ENABLED, false),
            set(CalibrationSettings.RULES_ON_CALIBRATED, false),
            set(LabelSettings.GATE, false),
            set(LabelSettings.GATE_CONCEPT_LEVEL, 0.0),
            set(LabelSettings.GATE_POOL, false),
            set(LabelSettings.GATE_POOL_LIKELIHOOD, false),
            set(HealSettings.MIN_LABELLED, 0),
            set(ValidateSettings.METRIC, "accuracy+f1"),
            set(HealthSettings.MIN_ROWS, 0),
            set(HealthSettings.ROLLBACK_RESCORE_TARGETS, false),
            set(HealthSettings.ROLLBACK_RESCORE_LEVEL, 1.0),
            set(InputPathSettings.ENABLED, false),
            set(SignalSettings.ENABLED, false),
            set(RepairSettings.ENABLED, false),
            set(RepairSettings.RECALL, false)));

    /** By key rather than by {@link Setting}: a deserialized setting is another instance of the same key. */
    private final Map<String, Object> byKey;
    private final Map<Setting<?>, Object> overrides;

    Profile(Map<Setting<?>, Object> overrides) {
        this.overrides = overrides;
        Map<String, Object> m = new LinkedHashMap<>();
        overrides.forEach((s, v) -> m.put(s.key(), v));
        this.byKey = Map.copyOf(m);
    }

    /** The value of {@code profile} that selects this profile. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String[] ids() {
        return Arrays.stream(values()).map(Profile::id).toArray(String[]::new);
    }

    public static Profile of(String id) {
        for (Profile p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + id + "', expected one of " + List.of(ids()));
    }

    /** The settings this profile sets, in a stable order, with their values. */
    public Map<Setting<?>, Object> overrides() {
        return overrides;
    }

    boolean sets(Setting<?> s) {
        return byKey.containsKey(s.key());
    }

    @SuppressWarnings("unchecked")
    <T> T value(Setting<T> s) {
        return (T) byKey.get(s.key());
    }

    private record Entry(Setting<?> setting, Object value) {}

    /** Checked like a value from a file, so a profile cannot hold what a user could not set. */
    private static <T> Entry set(Setting<T> s, T value) {
        return new Entry(s, s.parse(value));
    }

    private static Map<Setting<?>, Object> overrides(Entry... entries) {
        Map<Setting<?>, Object> m = new LinkedHashMap<>();
        for (Entry o : entries) {
            if (m.put(o.setting(), o.value()) != null) {
                throw new IllegalStateException("profile sets '" + o.setting().key() + "' twice");
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
