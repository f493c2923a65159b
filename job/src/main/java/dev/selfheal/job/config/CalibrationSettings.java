package dev.selfheal.job.config;

/**
 * Label-free recalibration of moved inputs and the Platt re-fit of the outputs. Keys
 * {@code recalibrate.*} and {@code platt.*}; also {@code rules.on-calibrated}, whether the rules see
 * the recalibrated inputs.
 */
public final class CalibrationSettings {
    private CalibrationSettings() {}

    public static final Setting<Boolean> RECALIBRATE_ENABLED = Setting.flag("recalibrate.enabled", true,
            "Undo a moved feature at the input from its recent mean and spread (no labels needed).");
    public static final Setting<Integer> RECALIBRATE_WINDOW = Setting.integer("recalibrate.window", 3, 1, 1000,
            "Recent batches whose moments define the feature's current distribution.");
    public static final Setting<Double> RECALIBRATE_MIN_SHIFT = Setting.number("recalibrate.min-shift", 0.5, 0, 100,
            "Recalibrate a feature whose mean moved at least this many training standard deviations ...");
    public static final Setting<Double> RECALIBRATE_MAX_STD_RATIO = Setting.number("recalibrate.max-std-ratio", 1.5,
            1, 100, "... or whose spread changed by more than this factor.");
    public static final Setting<Double> RECALIBRATE_MIN_CHANGE = Setting.number("recalibrate.min-change", 0.1, 0,
            100, "Smallest change of the input calibration, in training standard deviations, worth a new version.");
    public static final Setting<Boolean> PLATT_ENABLED = Setting.flag("platt.enabled", true,
            "Re-fit the output probabilities (Platt scaling) on recent labelled rows.");
    public static final Setting<Integer> PLATT_POOL = Setting.integer("platt.pool", 300, 30, 1_000_000,
            "Most recent labelled training rows the Platt fit uses.");
    public static final Setting<Integer> PLATT_MIN_POOL = Setting.integer("platt.min-pool", 30, 2, 1_000_000,
            "Labelled rows the Platt pool needs before a refit is tried.");
    public static final Setting<Boolean> RULES_ON_CALIBRATED = Setting.flag("rules.on-calibrated", true,
            "Evaluate domain rules on recalibrated features.");
}
