package dev.selfheal.model;

/**
 * A candidate adapter and what it cost: the heal loss on its own batch before and after the
 * steps (a candidate is judged elsewhere, on data it did not train on), and the new optimiser state
 * to keep only if the candidate is accepted.
 */
public record HealResult(Adapter candidate, AdamState optimizer, double lossBefore, double lossAfter,
                         double positiveWeight, int steps) {
}
