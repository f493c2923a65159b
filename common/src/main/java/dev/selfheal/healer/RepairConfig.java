package dev.selfheal.healer;

import java.util.Arrays;

/**
 * Settings of {@link LineageRepairRemedy}.
 *
 * @param enabled   try a partial step toward a healthier ancestor before a rollback
 * @param steps     the step sizes α tried, each in (0, 1); the full step (α = 1) is the rollback itself
 * @param ancestors how many of the served adapter's nearest distinct ancestors are scored
 * @param recall    serve an earlier version again when the newest labels say it is better
 *                  ({@link RecallRemedy})
 * @param recallVersions how many of the newest distinct earlier versions recall scores
 * @param recallLevel    the recall test's one-sided level, shared between the versions and row counts tried
 */
public record RepairConfig(boolean enabled, double[] steps, int ancestors, boolean recall, int recallVersions,
                           double recallLevel) implements java.io.Serializable {

    /** Without recall. */
    public RepairConfig(boolean enabled, double[] steps, int ancestors) {
        this(enabled, steps, ancestors, false, 8, 1e-3);
    }

    public RepairConfig {
        if (steps == null || steps.length == 0) {
            throw new IllegalArgumentException("repair.steps must name at least one step size");
        }
        for (double a : steps) {
            if (!(a > 0 && a < 1)) {
                throw new IllegalArgumentException("repair.steps must lie in (0, 1), got " + a);
            }
        }
        if (ancestors < 1) {
            throw new IllegalArgumentException("repair.ancestors must be >= 1, got " + ancestors);
        }
        if (recallVersions < 1) {
            throw new IllegalArgumentException("repair.recall-versions must be >= 1, got " + recallVersions);
        }
        if (!(recallLevel > 0 && recallLevel < 1)) {
            throw new IllegalArgumentException("repair.recall-level must lie in (0, 1), got " + recallLevel);
        }
        steps = steps.clone();
        Arrays.sort(steps);
    }

    public static RepairConfig defaults() {
        return new RepairConfig(true, new double[] {0.25, 0.5, 0.75}, 8, true, 8, 1e-3);
    }

    public static RepairConfig off() {
        return new RepairConfig(false, new double[] {0.25, 0.5, 0.75}, 8);
    }

    /** Parses {@code repair.steps}: comma-separated step sizes. */
    public static double[] parseSteps(String text) {
        try {
            return Arrays.stream(text.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                    .mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("repair.steps must be comma-separated numbers, got '" + text + "'");
        }
    }

    @Override
    public double[] steps() {
        return steps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RepairConfig r && enabled == r.enabled && Arrays.equals(steps, r.steps)
                && ancestors == r.ancestors && recall == r.recall && recallVersions == r.recallVersions
                && Double.compare(recallLevel, r.recallLevel) == 0;
    }

    @Override
    public int hashCode() {
        return ((Arrays.hashCode(steps) * 31 + ancestors) * 31 + recallVersions) * 31 + Double.hashCode(recallLevel)
                + (enabled ? 1 : 0) + (recall ? 2 : 0);
    }
}
