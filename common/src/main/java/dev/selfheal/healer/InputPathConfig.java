package dev.selfheal.healer;

/**
 * Settings of the label-trained remedy that learns a changed fraud pattern ({@link InputPathRemedy}).
 *
 * @param enabled     whether it runs at all
 * @param window      most recent labelled training rows it fits on
 * @param minRows     labelled rows (since its last attempt, and in the window) before it tries
 * @param lambda      penalty toward the served model's own answer, in rows' worth of log loss
 * @param squares     whether the input path has square terms as well as linear ones
 * @param significance level of the likelihood-ratio test a fit must pass on its training rows
 *                    against the served model before it becomes a candidate; small, because the
 *                    test is repeated every time enough labels arrive
 * @param acceptZ     how many standard errors the candidate's held-back log loss must improve on
 *                    the served model's (paired by row) to be accepted
 * @param folds       folds of the cross-validation that picks the fit's shape ({@link InputPathChoice});
 *                    1 fits one shape only: every input, the output map free
 * @param linearShapes whether each shape is also tried without square terms
 * @param link        whether a fitted {@link dev.selfheal.model.OutputLink} competes with the
 *                    logistic link in the cross-validation
 * @param crossValidatedJudge whether a candidate is judged on its cross-validated predictions for
 *                    window rows together with the held-back ones: all of them while fewer held-back
 *                    rows than the validation minimum have arrived, and for a first path; for a
 *                    refit, the newest of those from batches after the served version was made,
 *                    up to the validation pool's size together with the held-back ones
 * @param units       whether shapes with {@link dev.selfheal.model.HiddenUnits} on their inputs
 *                    compete in the cross-validation ({@link InputPathRemedy} says when), for a
 *                    concept that depends on inputs together
 * @param newerRows   whether the chosen shape competes once more fitted on the window's newer half
 *                    (and quarter, while it keeps winning), judged out of fold on those rows: a
 *                    concept that keeps moving
 */
public record InputPathConfig(boolean enabled, int window, int minRows, double lambda, boolean squares,
                              double significance, double acceptZ, int folds, boolean linearShapes,
                              boolean link, boolean crossValidatedJudge, boolean units, boolean newerRows)
        implements java.io.Serializable {
    public InputPathConfig {
        if (window < 1 || minRows < 1) {
            throw new IllegalArgumentException("input-path window and min-rows must be >= 1");
        }
        if (folds < 1) {
            throw new IllegalArgumentException("input-path folds must be >= 1, got " + folds);
        }
        if (!(significance > 0 && significance < 0.5)) {
            throw new IllegalArgumentException("input-path significance must be in (0, 0.5), got " + significance);
        }
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("input-path lambda must be > 0, got " + lambda);
        }
    }

    /** Without the newer rows' competition. */
    public InputPathConfig(boolean enabled, int window, int minRows, double lambda, boolean squares,
                           double significance, double acceptZ, int folds, boolean linearShapes, boolean link,
                           boolean crossValidatedJudge, boolean units) {
        this(enabled, window, minRows, lambda, squares, significance, acceptZ, folds, linearShapes, link,
                crossValidatedJudge, units, false);
    }

    /** Without the hidden-units shape or the newer rows' competition. */
    public InputPathConfig(boolean enabled, int window, int minRows, double lambda, boolean squares,
                           double significance, double acceptZ, int folds, boolean linearShapes, boolean link,
                           boolean crossValidatedJudge) {
        this(enabled, window, minRows, lambda, squares, significance, acceptZ, folds, linearShapes, link,
                crossValidatedJudge, false);
    }

    public static InputPathConfig off() {
        return new InputPathConfig(false, 1000, 50, 1.0, true, 1e-6, 0.0, 5, false, false, false, false, false);
    }

    public static InputPathConfig defaults() {
        return new InputPathConfig(true, 1000, 20, 1.0, true, 1e-3, 0.0, 5, true, true, true, true, true);
    }
}
