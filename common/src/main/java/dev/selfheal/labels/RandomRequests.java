package dev.selfheal.labels;

/**
 * Uniformly random rows: blind to the model, so the labels they bring are an unbiased sample of the
 * stream (what a held-back check of the model needs) and cover regions the model is sure about.
 */
public final class RandomRequests implements RequestStrategy {
    public static final String NAME = "random";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void choose(ScoredBatch batch, Choice choice, int quota, RequestContext ctx) {
        int[] rows = ctx.shuffled(choice.open());
        int added = 0;
        for (int i = 0; i < rows.length && added < quota; i++) {
            if (choice.take(rows[i], NAME, "random sample")) {
                added++;
            }
        }
    }
}
