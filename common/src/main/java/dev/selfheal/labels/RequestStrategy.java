package dev.selfheal.labels;

/** One way of choosing which rows of a batch to ask an investigator about. */
public interface RequestStrategy {
    String name();

    /**
     * Adds rows of {@code batch} to {@code choice}, at most {@code quota} of them (the choice also
     * refuses anything beyond the budget's allowance). A strategy may choose fewer, or none.
     */
    void choose(ScoredBatch batch, Choice choice, int quota, RequestContext ctx);
}
