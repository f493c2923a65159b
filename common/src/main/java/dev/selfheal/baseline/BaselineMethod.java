package dev.selfheal.baseline;

/** A way to fit a reference model on a window of labelled rows. */
public interface BaselineMethod {

    /** The name used in reports: {@code retrain}, {@code logistic}. */
    String name();

    /** In a prequential replay, stream batches between two fits (1 = before every batch). */
    int refitEvery();

    /**
     * Fits on raw (unstandardised) rows; each method standardises with the window's own statistics.
     *
     * @param labels 0 or 1 for each row
     */
    BaselineModel fit(float[][] rows, int[] labels);
}
