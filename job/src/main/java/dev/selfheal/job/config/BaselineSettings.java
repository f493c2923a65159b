package dev.selfheal.job.config;

/**
 * What a team would do instead of healing, fitted beside it by {@code experiment}, {@code demo} and
 * the zoo and reported next to the heal. Keys {@code baseline.*}.
 */
public final class BaselineSettings {
    private BaselineSettings() {}

    public static final Setting<Integer> WINDOW = Setting.integer("baseline.window", 1000, 0, 10_000_000,
            "Most recent labelled stream rows the retrain and logistic baselines are fitted on; 0 = no baselines.");
}
