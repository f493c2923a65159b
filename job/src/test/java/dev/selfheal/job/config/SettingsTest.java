package dev.selfheal.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The settings are collected from their group classes: none may be missed, none may share a key. */
class SettingsTest {
    @Test
    void noTwoSettingsShareAKey() {
        assertThat(Settings.byKey().keySet()).containsExactlyElementsOf(
                Settings.all().stream().map(Setting::key).toList());
    }

    @Test
    void aSecondSettingWithAKeyIsRefusedByName() {
        Setting<Integer> a = Setting.integer("x.size", 1, 0, 9, "a");
        Setting<Integer> b = Setting.integer("x.size", 2, 0, 9, "b");

        assertThatThrownBy(() -> Settings.index(List.of(a, b))).hasMessageContaining("'x.size'");
    }

    @Test
    void everySettingConstantInTheJobIsInAGroup() throws Exception {
        Path classes = Path.of(Settings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<Setting<?>> registered = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        registered.addAll(Settings.all());
        List<String> missing = new ArrayList<>();
        int seen = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".")
                        .replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, Settings.class.getClassLoader());
                for (Field field : type.getDeclaredFields()) {
                    if (field.getType() == Setting.class && Modifier.isStatic(field.getModifiers())) {
                        field.setAccessible(true);
                        seen++;
                        if (!registered.contains((Setting<?>) field.get(null))) {
                            missing.add(type.getSimpleName() + "." + field.getName());
                        }
                    }
                }
            }
        }
        assertThat(missing).as("settings in a class that is not in Settings' list of groups").isEmpty();
        assertThat(seen).isEqualTo(Settings.all().size());
    }

    @Test
    void aKeysPrefixTellsItsGroup() {
        Map<String, Set<String>> groupsByPrefix = new TreeMap<>();
        for (SettingGroup g : Settings.groups()) {
            for (Setting<?> s : g.settings()) {
                groupsByPrefix.computeIfAbsent(s.key().split("\\.", 2)[0], k -> new TreeSet<>()).add(g.title());
            }
        }
        Map<String, Set<String>> shared = groupsByPrefix.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        assertThat(shared).as("key prefixes spread over more than one group").isEmpty();
    }

    @Test
    void groupTitlesAreDistinct() {
        List<String> titles = Settings.groups().stream().map(SettingGroup::title).toList();

        assertThat(titles).doesNotHaveDuplicates();
    }
}
