package dev.selfheal.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job's validated configuration: the value of every {@link Settings} key, plus {@code flink.*}
 * keys passed through to Flink. A key the user set wins, then the {@link Profile}'s value, then the
 * setting's default. Unknown keys are errors (a typo must not silently fall back to a default).
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 2L;
    public static final String FLINK_PREFIX = "flink.";

    /** Keys set by the user (file, command line); every other key takes the profile's value or its default. */
    private final LinkedHashMap<String, Object> explicit = new LinkedHashMap<>();
    private final TreeMap<String, String> flink = new TreeMap<>();

    public static JobConfig defaults() {
        return new JobConfig();
    }

    /** Reads a YAML or JSON file (JSON is YAML); nested maps are flattened with dots. */
    public static JobConfig load(Path file) {
        Object tree;
        try {
            // readTree, not readValue: an empty (or comments-only) file is no content, i.e. the defaults,
            // where readValue would fail with "No content to map".
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            JsonNode node = yaml.readTree(Files.readAllBytes(file));
            tree = node == null || node.isMissingNode() || node.isNull() ? null : yaml.treeToValue(node, Object.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file not found: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("config file " + file + " is not valid YAML/JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (tree == null) {
            return defaults();
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("config file " + file + " must hold a map of settings");
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", map, flat);
        return defaults().with(flat);
    }

    private static void flatten(String prefix, Map<?, ?> m, Map<String, Object> out) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> sub) {
                flatten(k + ".", sub, out);
            } else {
                out.put(k, e.getValue());
            }
        }
    }

    /** A copy with the given keys set; every value is checked, unknown keys are refused. */
    public JobConfig with(Map<String, ?> settings) {
        JobConfig c = copy();
        Map<String, Setting<?>> known = Settings.byKey();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ?> e : settings.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(FLINK_PREFIX)) {
                c.flink.put(k.substring(FLINK_PREFIX.length()), String.valueOf(e.getValue()));
                continue;
            }
            Setting<?> s = known.get(k);
            if (s == null) {
                unknown.add(k);
                continue;
            }
            // A null is the setting's own default, set explicitly: it also wins over the profile.
            c.explicit.put(k, e.getValue() == null ? s.defaultValue() : s.parse(e.getValue()));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown setting" + (unknown.size() > 1 ? "s " : " ") + unknown
                    + "; see `selfheal settings` for the list");
        }
        return c;
    }

    public <T> JobConfig with(Setting<T> s, T value) {
        return with(Map.of(s.key(), value));
    }

    /** The value the user set, else the profile's, else the setting's default. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> s) {
        if (explicit.containsKey(s.key())) {
            return (T) explicit.get(s.key());
        }
        Profile p = profile();
        return p.sets(s) ? p.value(s) : s.defaultValue();
    }

    /** The profile {@code profile} names; read directly, since {@link #get} asks the profile. */
    public Profile profile() {
        Object id = explicit.get(ProfileSettings.PROFILE.key());
        return Profile.of(id == null ? ProfileSettings.PROFILE.defaultValue() : (String) id);
    }

    /** Settings passed straight to Flink (keys without the {@code flink.} prefix). */
    public Map<String, String> flinkSettings() {
        return Map.copyOf(flink);
    }

    /** Every setting's value as {@link #get} gives it, by key. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Setting<?> s : Settings.all()) {
            m.put(s.key(), get(s));
        }
        return m;
    }

    private JobConfig copy() {
        JobConfig c = new JobConfig();
        c.explicit.putAll(explicit);
        c.flink.putAll(flink);
        return c;
    }
}
