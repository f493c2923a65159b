package dev.selfheal.scenario;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The fraud concept of a concept-switch generator: features drawn from a law of their own, on
 * columns of their own, and a deterministic rule saying which rows are fraud. Switching the rule
 * and keeping the law changes P(fraud | features) and nothing else.
 */
public sealed interface Concept permits SeaConcept, HyperplaneConcept {

    /** The columns, in the order {@link #draw} fills them. */
    List<String> featureNames();

    /** One row's features from their law, which does not depend on the rule. */
    float[] draw(SplittableRandom rng);

    /** Whether the rule calls the row fraud; evaluated on the float values a file holds. */
    boolean fraud(float[] x);

    /** P(fraud(x)) for x drawn by {@link #draw}, exactly. */
    double share();

    /** The family of laws the features come from; concepts of one family share their columns. */
    String family();
}
