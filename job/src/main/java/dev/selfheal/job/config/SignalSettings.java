package dev.selfheal.job.config;

/**
 * The label-free concept signals. Keys {@code signals.*}.
 */
public final class SignalSettings {
    private SignalSettings() {}

    public static final Setting<Boolean> ENABLED = Setting.flag("signals.enabled", true,
            "Label-free concept signals: each hidden unit's divergence from training and the output entropy, per "
                    + "heal batch, from the model directory's signal reference; an alarm raises an alert, moves the "
                    + "state to DRIFTING and spends the label budget, never changes the served adapter (the "
                    + "reference profile has it off).");
    public static final Setting<Integer> WINDOW = Setting.integer("signals.window", 3, 1, 1000,
            "Heal batches pooled into one reading of the label-free signals.");
    public static final Setting<Double> FALSE_ALARM_RATE = Setting.number("signals.false-alarm-rate", 0.005,
            1e-12, 0.5, "Chance at most that a reading of undrifted data alarms (split over the hidden units and "
                    + "the entropy, Bonferroni).");
    public static final Setting<Integer> MIN_ROWS = Setting.integer("signals.min-rows", 50, 1, 1_000_000,
            "Rows a reading of the label-free signals needs before it may alarm.");
}
