package dev.selfheal.healer;

import java.util.Arrays;

/**
 * Settings of {@link LineageRepairRemedy}.
 *
 * @param enabled   try a partial step toward a healthier ancestor before a rollback
 * @param steps     the step sizes α tried, each in (0, 1); the full step (α = 1) is the rollback itself
 * @param ancestors how many of the served adapter's nearest distinct ancestors are scored
 */
public record RepairConfig(boolean enabled, double[] steps, int ancestors) implements java.io.Serializable {

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
        steps = steps.clone();
        Arrays.sort(steps);
    }

    public static RepairConfig defaults() {
        return new RepairConfig(true, new double[] {0.25, 0.5, 0.75}, 8);
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
                && ancestors == r.ancestors;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(steps) * 31 + ancestors + (enabled ? 1 : 0);
    }
}
