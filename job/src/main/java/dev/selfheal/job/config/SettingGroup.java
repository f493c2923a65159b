package dev.selfheal.job.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** The settings of one feature under a title: in the docs, one section. */
public record SettingGroup(String title, List<Setting<?>> settings) {
    public SettingGroup {
        settings = List.copyOf(settings);
    }

    /**
     * The {@code public static final Setting} constants of {@code holder}, in declaration order: HotSpot
     * lists a class's fields that way (reflection does not promise it), and the test of the generated
     * docs/configuration.md would show any other order.
     */
    public static SettingGroup of(String title, Class<?> holder) {
        List<Setting<?>> settings = new ArrayList<>();
        for (Field f : holder.getDeclaredFields()) {
            if (f.getType() != Setting.class) {
                continue;
            }
            int m = f.getModifiers();
            if (!Modifier.isPublic(m) || !Modifier.isStatic(m) || !Modifier.isFinal(m)) {
                throw new IllegalStateException(holder.getSimpleName() + "." + f.getName()
                        + " must be public static final to be a setting");
            }
            try {
                settings.add((Setting<?>) f.get(null));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(holder.getSimpleName() + " must be a public class", e);
            }
        }
        if (settings.isEmpty()) {
            throw new IllegalStateException(holder.getSimpleName() + " holds no settings");
        }
        return new SettingGroup(title, settings);
    }
}
