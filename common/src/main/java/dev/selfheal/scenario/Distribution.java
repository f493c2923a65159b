package dev.selfheal.scenario;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The law that one set or stream batch is drawn from: how many rows are fraud, how a row's features
 * are drawn given its class, and which carried labels are flipped.
 */
public sealed interface Distribution permits Population, CorrelatedPopulation, ConceptSwitchPopulation {

    double fraudShare();

    /** Share of rows whose carried label is flipped (their true class is kept for evaluation). */
    double flippedLabelShare();

    /** The same law with every carried label true: what a holdout measures the model on. */
    Distribution withTrueLabels();

    /**
     * How many of {@code fraudRows} fraud rows come from a second fraud mode (an exact count, like
     * the class counts); 0 when the law has one fraud mode.
     */
    default int secondModeRows(int fraudRows) {
        return 0;
    }

    /** The columns of the rows this law draws, in the order {@link #features} fills them. */
    List<String> featureNames();

    /** Draws one row's features, in the order of {@link #featureNames()}. */
    float[] features(boolean fraud, boolean secondMode, SplittableRandom rng);

    /**
     * Names the law the training data come from. Scenarios of one family share their training and
     * clean-test sets for a seed, so one trained model serves them all.
     */
    String family();
}
