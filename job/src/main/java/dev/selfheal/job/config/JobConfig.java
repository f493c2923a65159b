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
 * The job's validated configuration: every {@link Settings} key with its value, plus
 * {@code flink.*} keys passed through to Flink. Unknown keys are errors (a typo must not silently
 * fall back to a default).
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String FLINK_PREFIX = "flink.";

    private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();
    private final TreeMap<String, String> flink = new TreeMap<>();
    /** Keys set by the user (file, command line), as opposed to defaults: a profile fills in the rest. */
    private final java.util.TreeSet<String> explicit = new java.util.TreeSet<>();

    public static JobConfig defaults() {
        JobConfig c = new JobConfig();
        for (Setting<?> s : Settings.all()) {
            c.values.put(s.key(), s.defaultValue());
        }
        return c;
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
    public JobConfig with(Map<String, ?> overrides) {
        JobConfig c = copy();
        Map<String, Setting<?>> known = Settings.byKey();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
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
            c.values.put(k, e.getValue() == null ? s.defaultValue() : s.parse(e.getValue()));
            c.explicit.add(k);
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

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> s) {
        return (T) values.getOrDefault(s.key(), s.defaultValue());
    }

    /** Settings passed straight to Flink (keys without the {@code flink.} prefix). */
    public boolean isExplicit(Setting<?> s) {
        return explicit.contains(s.key());
    }

    public Map<String, String> flinkSettings() {
        return Map.copyOf(flink);
    }

    public Map<String, Object> asMap() {
        return new LinkedHashMap<>(values);
    }

    private JobConfig copy() {
        JobConfig c = new JobConfig();
        c.values.putAll(values);
        c.flink.putAll(flink);
        c.explicit.addAll(explicit);
        return c;
    }
}
