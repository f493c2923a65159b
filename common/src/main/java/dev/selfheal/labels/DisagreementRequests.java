package dev.selfheal.labels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Query by committee: the served model against the shadow, the deployed model and the served
 * adapter's ancestors. Rows where their probabilities spread most are where a heal changed the
 * model's mind, and a label says whether it was right; rows where the committee's decisions differ
 * come first. Until something has been healed the committee agrees and this asks for nothing.
 */
public final class DisagreementRequests implements RequestStrategy {
    public static final String NAME = "disagreement";
    /** Below this spread of probabilities the committee agrees. */
    static final double MIN_SPREAD = 0.1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void choose(ScoredBatch batch, Choice choice, int quota, RequestContext ctx) {
        if (quota <= 0) {
            return;
        }
        List<float[]> committee = batch.committee().get();
        if (committee.isEmpty()) {
            return;
        }
        double thr = batch.threshold();
        List<double[]> ranked = new ArrayList<>(); // row, spread, decisions differ (0/1), lo, hi
        for (int row : choice.open()) {
            double p = batch.served()[row];
            double lo = p;
            double hi = p;
            for (float[] other : committee) {
                lo = Math.min(lo, other[row]);
                hi = Math.max(hi, other[row]);
            }
            double spread = hi - lo;
            if (spread >= MIN_SPREAD) {
                ranked.add(new double[] {row, spread, lo <= thr && hi > thr ? 1 : 0, lo, hi});
            }
        }
        ranked.sort(Comparator.<double[]>comparingDouble(r -> -r[2]).thenComparingDouble(r -> -r[1])
                .thenComparingDouble(r -> r[0]));
        int added = 0;
        for (double[] r : ranked) {
            if (added >= quota) {
                break;
            }
            int row = (int) r[0];
            String why = String.format(Locale.ROOT, "served %.3f, committee %.3f..%.3f (spread %.3f)%s",
                    batch.served()[row], r[3], r[4], r[1], r[2] > 0 ? ", decisions differ" : "");
            if (choice.take(row, NAME, why)) {
                added++;
            }
        }
    }
}
