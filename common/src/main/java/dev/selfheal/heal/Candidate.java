package dev.selfheal.heal;

/**
 * A heal's proposed adapter with the evidence to judge it.
 *
 * @param lossBefore          heal loss on its training batch before the heal steps
 * @param lossAfter           the same loss after them
 * @param currentOnHeldBack   served adapter on held-back labelled rows not used for training,
 *                            {@link Scores#NONE} when there were none
 * @param candidateOnHeldBack candidate on the same rows
 */
public record Candidate(
        float[] currentAdapter,
        float[] candidateAdapter,
        double lossBefore,
        double lossAfter,
        Scores currentOnHeldBack,
        Scores candidateOnHeldBack) {

    public Candidate {
        currentOnHeldBack = currentOnHeldBack == null ? Scores.NONE : currentOnHeldBack;
        candidateOnHeldBack = candidateOnHeldBack == null ? Scores.NONE : candidateOnHeldBack;
    }
}
