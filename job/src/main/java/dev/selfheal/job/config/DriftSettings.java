package dev.selfheal.job.config;

/**
 * When a batch calls for a heal: the FIDI z-score of the key feature and the count of rule
 * conflicts. Keys {@code fidi.*} and {@code conflict.*}.
 */
public final class DriftSettings {
    private DriftSettings() {}

    public static final Setting<String> FIDI_FEATURE = Setting.text("fidi.feature", "",
            "Key feature for the FIDI z-score; empty = the model's key feature.");
    public static final Setting<Integer> FIDI_WINDOW = Setting.integer("fidi.window", 10, 1, 10_000,
            "Batches in the FIDI rolling mean.");
    public static final Setting<Integer> FIDI_WARMUP = Setting.integer("fidi.warmup", 3, 0, 10_000,
            "FIDI counts drift from this batch on.");
    public static final Setting<Double> FIDI_THRESHOLD = Setting.positive("fidi.threshold", 1.0, 1000,
            "Drifting when the FIDI z-score exceeds this.");
    public static final Setting<Double> CONFLICT_PROB = Setting.number("conflict.prob", 0.30, 0, 1,
            "A conflict is a row the model scores below this while a rule says fraud.");
    public static final Setting<Integer> CONFLICT_MIN = Setting.integer("conflict.min", 5, 0, 1_000_000,
            "Heal when at least this many conflicts are in a batch (or when drifting).");
}
