package dev.selfheal.job.config;

import dev.selfheal.healer.InputPathRemedy;
import dev.selfheal.model.HiddenUnits;

/**
 * The remedy that learns a changed fraud pattern from labels. Keys {@code input-path.*}.
 */
public final class InputPathSettings {
    private InputPathSettings() {}

    public static final Setting<Boolean> ENABLED = Setting.flag("input-path.enabled", true,
            "Learn a changed fraud pattern from labels: re-fit the output map with the adapter's input path "
                    + "when labels contradict the served model (the reference profile has it off).");
    public static final Setting<Integer> WINDOW = Setting.integer("input-path.window", 1000, 10, 1_000_000,
            "Most recent labelled training rows the input-path fit uses.");
    public static final Setting<Integer> MIN_ROWS = Setting.integer("input-path.min-rows", 20, 1, 1_000_000,
            "Newly labelled rows since the last attempt, and rows in the window, before the input path is fitted.");
    public static final Setting<Double> LAMBDA = Setting.number("input-path.lambda", 1.0, 1e-6, 1e6,
            "Pull of the input-path fit toward the served model's own answer, in rows' worth of log loss.");
    public static final Setting<Boolean> SQUARES = Setting.flag("input-path.squares", true,
            "Give the input path a square term per feature as well as a linear one.");
    public static final Setting<Double> SIGNIFICANCE = Setting.number("input-path.significance", 1e-3,
            1e-300, 0.49, "Level of the likelihood-ratio tests a first input path must pass on its training rows: "
                    + "all inputs at once against the served model, or one input at a time (divided by the inputs "
                    + "it was picked from). Small, because the tests repeat as labels arrive; a proposal that passes "
                    + "by chance still faces the cross-validation and the held-back judgement.");
    public static final Setting<Integer> FOLDS = Setting.integer("input-path.folds", 5, 1, 20,
            "Folds of the cross-validation that picks the input path's shape (every input or the selected few, "
                    + "output map free or increasing, with or without squares) and its link; 1 = always every input "
                    + "with the map free and the logistic link.");
    public static final Setting<Boolean> LINEAR_SHAPES = Setting.flag("input-path.linear-shapes", true,
            "With input-path.squares, also try each shape of the input path without square terms; the "
                    + "cross-validation keeps whichever predicts better.");
    public static final Setting<Boolean> LINK = Setting.flag("input-path.link", true,
            "Let a monotone link fitted on cross-validated scores (isotonic, 16 knots) compete with the logistic "
                    + "link: it wins where fraud does not rise with the fitted score like a sigmoid, such as a "
                    + "sharp boundary with noisy labels.");
    public static final Setting<Boolean> CROSS_VALIDATED_JUDGE = Setting.flag("input-path.cross-validated-judge",
            true, "Judge an input-path candidate on its cross-validated predictions for the labelled window "
                    + "together with the held-back rows: the whole window while fewer held-back rows than "
                    + "validate.min-samples have arrived, and always for a first path (the served model then fitted "
                    + "no more than its output map on the window); for a refit of a served path, the newest of the "
                    + "window's rows from batches after the served version was made, topping the held-back rows up to "
                    + "validate.pool. Off: the held-back rows alone.");
    public static final Setting<Boolean> UNITS = Setting.flag("input-path.units", true,
            "Let each input set of the path (every input, the selected ones) of at most "
                    + InputPathRemedy.MAX_UNIT_INPUTS + " inputs compete once more with " + HiddenUnits.UNITS
                    + " hidden ReLU units on the same inputs, on every " + InputPathRemedy.UNITS_EVERY
                    + "th heal batch, once the window holds as many rows as the units have parameters: they learn "
                    + "a concept that depends on inputs together (a band of one input that depends on another), "
                    + "which one term per input cannot express.");
    public static final Setting<Boolean> NEWER_ROWS = Setting.flag("input-path.newer-rows", true,
            "Let the chosen shape of the input path compete once more, fitted on the labelled window's newer "
                    + "half only (then its newer quarter, and so on, while it keeps winning and holds ten rows per "
                    + "term): it replaces the whole window's fit when it predicts those rows better out of fold by "
                    + "one standard error, paired by row, and is then judged on the newer held-back rows. A "
                    + "concept that keeps moving makes the window's older rows mislead the fit.");
    public static final Setting<Double> ACCEPT_Z = Setting.number("input-path.accept-z", 0.0, 0, 1000,
            "Standard errors by which a fit must improve the held-back log loss (paired by row) to be served.");
}
