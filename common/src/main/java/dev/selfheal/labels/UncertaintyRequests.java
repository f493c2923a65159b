package dev.selfheal.labels;

import java.util.Locale;

/**
 * Randomised variable-threshold uncertainty sampling (after Žliobaitė et al., "Active learning with
 * drifting streaming data", 2014). Rows are visited in random order; a row is requested when its
 * margin |p − decision threshold| is under θ·η, with η drawn afresh per row. θ adapts to the budget:
 * each request shrinks it by a factor (1 − s(1 − r)), each row passed over grows it by (1 + s·r),
 * which settles where a share r of the rows visited is requested (r = the share this strategy aims
 * at); it is kept between batches in the requester state.
 *
 * <p>The paper draws η from N(1, 1), which lets rows a few θ from the boundary in but never one far
 * from it once θ is small, and a new fraud pattern the model scores as confidently normal lies
 * exactly there. Here η is the absolute value of a standard Cauchy draw (median 1), so a row at
 * margin m ≫ θ is still requested with probability ≈ 2θ/(πm): far regions get a small, steady share
 * of the budget instead of none.
 */
public final class UncertaintyRequests implements RequestStrategy {
    public static final String NAME = "uncertainty";
    /** θ before the first batch: a margin of 0.1 around the decision threshold. */
    static final double INITIAL_THRESHOLD = 0.1;
    /** Adaptation step s: at a 10% share, 100 rows passed over grow θ by ~e^0.5. */
    static final double STEP = 0.05;
    static final double MIN_THRESHOLD = 1e-4;
    static final double MAX_THRESHOLD = 1.0;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void choose(ScoredBatch batch, Choice choice, int quota, RequestContext ctx) {
        LabelRequesterState s = ctx.state();
        double theta = Double.isFinite(s.uncertaintyThreshold) && s.uncertaintyThreshold > 0
                ? s.uncertaintyThreshold : INITIAL_THRESHOLD;
        double r = Math.max(1e-6, Math.min(1, ctx.share()));
        int added = 0;
        for (int row : ctx.shuffled(choice.open())) {
            // As in the original, θ moves only while there is budget to spend.
            if (added >= quota || choice.full()) {
                break;
            }
            double margin = Math.abs(batch.served()[row] - batch.threshold());
            double limit = theta * Math.abs(Math.tan(Math.PI * (ctx.random().nextDouble() - 0.5)));
            if (margin < limit && choice.take(row, NAME, String.format(Locale.ROOT,
                    "margin %.3f under the randomised threshold %.3f", margin, limit))) {
                added++;
                theta *= 1 - STEP * (1 - r);
            } else {
                theta *= 1 + STEP * r;
            }
            theta = Math.max(MIN_THRESHOLD, Math.min(MAX_THRESHOLD, theta));
        }
        s.uncertaintyThreshold = theta;
    }
}
