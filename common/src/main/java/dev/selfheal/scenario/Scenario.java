package dev.selfheal.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The built-in drift scenarios (docs/evaluation.md); what each one does lives in {@link DriftSchedule}. */
public enum Scenario {
    SEED("normal-class V14 moves to N(-2.2, 1); fraud unchanged"),
    SHIFT("V14 - 2.2 in every row (a recalibrated upstream feature)"),
    GRADUAL("shift, ramped in linearly over batches 6-15, full after"),
    RECURRING("shift on for batches 1-5, off for 6-10, on for 11-15, ..."),
    PRIOR("fraud share 15% -> 5%, features unchanged"),
    NOISE("f3 + 3 in every row (a noise feature moves: drift that does not matter)"),
    POISON("shift, and 40% of the labels flipped in batches 10-15"),
    PATTERN("concept drift: half of the fraud rows from a new mode, V14 ~ N(0, 1) like normal rows and "
            + "f4 ~ N(2.5, 0.8) (f4 is noise at training time)"),
    PATTERN_GRADUAL("pattern, its new mode's share of fraud ramped 0 -> 50% over batches 6-15, 50% after"),
    INVERT("concept drift: fraud V14 ~ N(+2.0, 1.0) instead of N(-2.5, 0.8) (the relation's sign flips)"),
    PATTERN_SHIFT("pattern and shift at once: V14 - 2.2 in every row, new mode included"),
    MULTI("its own training data: f1, f2, f4, V14, f8 informative, unit variance, correlation 0.5 between "
            + "every pair, normal mean 0, fraud mean (f1 -1.0, f2 +1.0, f4 -0.8, V14 -1.6, f8 +0.6), other "
            + "features N(0, 1), fraud 15%; drift turns the fraud direction: fraud mean (f1 +0.6, f2 +1.0, "
            + "f4 -1.6, V14 -0.8, f8 -1.0), same separation"),
    SEA("concept switch on columns of its own, no rule: amount, hour, velocity uniform on [0, 10]; fraud when "
            + "amount + hour > 14, > 11 from batch 3 on; 5% of rows have the other class"),
    HYPERPLANE("concept switch on columns of its own, no rule: amount, hour, merchant_risk, distance, velocity, age "
            + "~ N(0, 1); fraud when w.x > 1.2, w along (1, 0.8, 0, 0, -0.5, 0), along (0, 0.8, 1, -0.7, 0, 0) "
            + "from batch 3 on; 5% of rows have the other class");

    private final String description;

    Scenario(String description) {
        this.description = description;
    }

    /** The name used on the command line and in file/dir names. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The columns of the scenario's files: those of its training law. */
    public List<String> featureNames() {
        return new DriftSchedule(this).base().featureNames();
    }

    /** What the scenario draws, in one line. */
    public String description() {
        return description;
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

    /** Every CLI name, comma-separated. */
    public static String validNames() {
        return Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", "));
    }
}
