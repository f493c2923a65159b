package dev.selfheal.labels;

/**
 * The default: a quarter of each batch's allowance goes to random rows, the rest to the targeted
 * strategies. Random rows are chosen first, from the whole batch, so they stay an unbiased sample:
 * the held-back labels candidates are judged on then still look like the stream, not only like
 * its hard cases. Of the rest, novelty and disagreement may each take up to a third (when features
 * drifted, when a heal made the committee disagree) and uncertainty takes whatever is left, aiming
 * its adaptive threshold at that part of the share. When the batch's drift report names inputs
 * that moved, novelty may take half: rows far out on them were fraud far more often than the rows
 * near the boundary that uncertainty picks.
 */
public final class MixedRequests implements RequestStrategy {
    public static final String NAME = "mix";
    /** The part of the allowance always spent on random rows. */
    static final double RANDOM_SHARE = 0.25;

    private final RequestStrategy random = new RandomRequests();
    private final RequestStrategy novelty = new NoveltyRequests();
    private final RequestStrategy disagreement = new DisagreementRequests();
    private final RequestStrategy uncertainty = new UncertaintyRequests();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void choose(ScoredBatch batch, Choice choice, int quota, RequestContext ctx) {
        if (quota <= 0) {
            return;
        }
        int start = choice.count();
        // Randomised rounding keeps the random part at a quarter on average, also for small quotas.
        double exact = RANDOM_SHARE * quota;
        int randomPart = (int) Math.floor(exact) + (ctx.random().nextDouble() < exact - Math.floor(exact) ? 1 : 0);
        random.choose(batch, choice, randomPart, ctx);
        int rest = quota - (choice.count() - start);
        int third = rest / 3;
        boolean inputsMoved = batch.drift() != null && !batch.drift().driftedFeatures().isEmpty();
        novelty.choose(batch, choice, inputsMoved ? rest / 2 : third, ctx);
        disagreement.choose(batch, choice, third, ctx);
        int left = quota - (choice.count() - start);
        uncertainty.choose(batch, choice, left, ctx.withShare(ctx.share() * left / quota));
    }
}
