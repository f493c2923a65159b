package dev.selfheal.scenario;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The built-in drift scenarios (docs/evaluation.md); what each one does lives in {@link DriftSchedule}. */
public enum Scenario {
    SEED,
    SHIFT,
    GRADUAL,
    RECURRING,
    PRIOR,
    NOISE,
    POISON;

    /** The name used on the command line and in file/dir names. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a CLI name, case-insensitively; the error lists the valid names. */
    public static Scenario parse(String name) {
        if (name != null) {
            String wanted = name.strip();
            for (Scenario s : values()) {
                if (s.cliName().equalsIgnoreCase(wanted)) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown scenario '" + name + "'; valid scenarios: " + validNames());
    }

    private static String validNames() {
        return Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", "));
    }
}
