package dev.selfheal.labels;

import dev.selfheal.drift.TrainingStats;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Per heal batch, the rows to ask labels for: the strategy chooses, the budget bounds. Each batch
 * aims at its own share of rows (rounded at random), never more than the sliding window allows; a
 * strategy may ask for fewer. Plain Java; HEAL keeps the {@link LabelRequesterState} of each model in
 * keyed state.
 */
public final class LabelRequester {
    /** {@code labels.strategy} values; the first is the default. */
    public static final List<String> STRATEGIES = List.of(MixedRequests.NAME, RandomRequests.NAME,
            UncertaintyRequests.NAME, DisagreementRequests.NAME, NoveltyRequests.NAME);

    private final LabelBudget budget;
    private final RequestStrategy strategy;
    private final TrainingStats trainingStats;

    /** @param trainingStats the model's training statistics (novelty measures distances with them), or null */
    public LabelRequester(LabelBudget budget, String strategy, TrainingStats trainingStats) {
        this.budget = budget;
        this.strategy = strategy(strategy);
        this.trainingStats = trainingStats;
    }

    public static RequestStrategy strategy(String name) {
        return switch (name == null ? MixedRequests.NAME : name) {
            case MixedRequests.NAME -> new MixedRequests();
            case RandomRequests.NAME -> new RandomRequests();
            case UncertaintyRequests.NAME -> new UncertaintyRequests();
            case DisagreementRequests.NAME -> new DisagreementRequests();
            case NoveltyRequests.NAME -> new NoveltyRequests();
            default -> throw new IllegalArgumentException("labels.strategy must be one of " + STRATEGIES + ", got '"
                    + name + "'");
        };
    }

    public LabelBudget budget() {
        return budget;
    }

    public String strategyName() {
        return strategy.name();
    }

    /**
     * The requests for one batch, in the order they were chosen; records the batch in {@code state}
     * (also when nothing is requested: its rows count toward the window).
     */
    public List<LabelRequest> choose(ScoredBatch batch, LabelRequesterState state) {
        int rows = batch.size();
        int allowance = budget.enabled() ? budget.allowance(state, rows) : 0;
        Choice choice = new Choice(rows, allowance);
        if (allowance > 0) {
            SplittableRandom random = new SplittableRandom(seed(batch.model(), batch.batch()));
            // The pace: the share of this batch, rounded at random so that a share of less than a row
            // per batch is still spent on average; the window bounds what rounding up accumulates.
            double exact = budget.share() * rows;
            int pace = (int) Math.floor(exact) + (random.nextDouble() < exact - Math.floor(exact) ? 1 : 0);
            // Under the concept alarm the batch may spend all the window still allows: labels are worth
            // most now, while the model has no other way to learn what changed.
            int quota = batch.conceptAlarm() ? allowance : Math.min(allowance, pace);
            if (quota > 0) {
                strategy.choose(batch, choice, quota, new RequestContext(random, state, budget.share(), trainingStats));
            }
        }
        budget.record(state, rows, choice.count());
        List<LabelRequest> out = new ArrayList<>(choice.count());
        for (Choice.Pick p : choice.picks()) {
            out.add(new LabelRequest(batch.ts(), batch.model(), batch.ids().get(p.row()), batch.batch(),
                    batch.served()[p.row()], p.strategy(), p.reason()));
        }
        return out;
    }

    /** Draws depend on model and batch only, so a job recovered from a checkpoint asks for the same rows. */
    static long seed(String model, long batch) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < model.length(); i++) {
            h = (h ^ model.charAt(i)) * 0x100000001B3L;
        }
        return h ^ (batch * 0xC2B2AE3D27D4EB4FL);
    }
}
