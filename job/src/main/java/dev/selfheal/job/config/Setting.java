package dev.selfheal.job.config;

import java.io.Serializable;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One typed configuration key: its default, what it means, and which values are allowed. Values
 * from files and the command line are checked here, before any job starts.
 */
public final class Setting<T> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final Class<T> type;
    private final T defaultValue;
    private final String description;
    private final transient Predicate<T> valid;
    private final String validDescription;

    private Setting(String key, Class<T> type, T defaultValue, String description, Predicate<T> valid,
                    String validDescription) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.valid = valid;
        this.validDescription = validDescription;
    }

    public static Setting<Integer> integer(String key, int def, int min, int max, String description) {
        return new Setting<>(key, Integer.class, def, description, v -> v >= min && v <= max,
                "an integer in [" + min + ", " + max + "]");
    }

    public static Setting<Long> longValue(String key, long def, long min, long max, String description) {
        return new Setting<>(key, Long.class, def, description, v -> v >= min && v <= max,
                "an integer in [" + min + ", " + max + "]");
    }

    public static Setting<Double> number(String key, double def, double min, double max, String description) {
        return new Setting<>(key, Double.class, def, description, v -> !v.isNaN() && v >= min && v <= max,
                "a number in [" + min + ", " + max + "]");
    }

    /** A number that must be strictly greater than {@code minExclusive}. */
    public static Setting<Double> positive(String key, double def, double max, String description) {
        return new Setting<>(key, Double.class, def, description, v -> !v.isNaN() && v > 0 && v <= max,
                "a number in (0, " + max + "]");
    }

    public static Setting<String> text(String key, String def, String description) {
        return new Setting<>(key, String.class, def, description, v -> true, "text");
    }

    /** Comma-separated ids, each printable ASCII without blanks or quotes; empty allowed. */
    public static Setting<String> idList(String key, String def, String description) {
        return new Setting<>(key, String.class, def, description, v -> {
            try {
                dev.selfheal.data.ModelAllowList.parse(v);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }, "a comma-separated list of ids (printable ASCII, no blanks, no empty entries), or empty");
    }

    public static Setting<String> choice(String key, String def, String description, String... choices) {
        java.util.List<String> allowed = java.util.List.of(choices);
        return new Setting<>(key, String.class, def, description, allowed::contains, "one of " + allowed);
    }

    public static Setting<Boolean> flag(String key, boolean def, String description) {
        return new Setting<>(key, Boolean.class, def, description, v -> true, "true or false");
    }

    public String key() {
        return key;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public String allowed() {
        return validDescription;
    }

    /** Converts a raw value (from YAML/JSON or a string) and checks it. */
    public T parse(Object raw) {
        T value;
        try {
            value = convert(raw);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("setting '" + key + "': '" + raw + "' is not " + validDescription);
        }
        if (value == null || (valid != null && !valid.test(value))) {
            throw new IllegalArgumentException("setting '" + key + "': " + raw + " is out of range, expected "
                    + validDescription);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private T convert(Object raw) {
        if (raw == null) {
            return null;
        }
        Function<String, Object> fromString;
        if (type == Integer.class) {
            if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return (T) Integer.valueOf(Math.toIntExact(n.longValue()));
            }
            fromString = s -> Integer.valueOf(s.trim());
        } else if (type == Long.class) {
            if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return (T) Long.valueOf(n.longValue());
            }
            fromString = s -> Long.valueOf(s.trim());
        } else if (type == Double.class) {
            if (raw instanceof Number n) {
                return (T) Double.valueOf(n.doubleValue());
            }
            fromString = s -> Double.valueOf(s.trim());
        } else if (type == Boolean.class) {
            if (raw instanceof Boolean b) {
                return (T) b;
            }
            fromString = s -> {
                String v = s.trim().toLowerCase(java.util.Locale.ROOT);
                if (!v.equals("true") && !v.equals("false")) {
                    throw new IllegalArgumentException(s);
                }
                return Boolean.valueOf(v);
            };
        } else {
            fromString = s -> s;
        }
        if (raw instanceof Number || raw instanceof Boolean || raw instanceof String) {
            return (T) fromString.apply(raw.toString());
        }
        throw new IllegalArgumentException("unsupported value " + raw);
    }
}
