package dev.selfheal.rules;

/** The left-hand side of a rule: a test on one raw row. */
public sealed interface Condition permits Comparison, AllOf, AnyOf {

    boolean test(float[] row);

    /** Canonical text, which parses back to an equal condition. */
    String text();
}
