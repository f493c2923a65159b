package dev.selfheal.labels;

import dev.selfheal.drift.TrainingStats;

import java.util.SplittableRandom;

/**
 * What a strategy may use besides the batch: the batch's random draws (seeded by model and batch),
 * the model's requester state, the share of rows it should aim to request on average, and the
 * training statistics of the model's features.
 */
public record RequestContext(SplittableRandom random, LabelRequesterState state, double share,
                             TrainingStats trainingStats) {

    /** The same context aiming at another share (a part of a mixed budget). */
    public RequestContext withShare(double s) {
        return new RequestContext(random, state, s, trainingStats);
    }

    /** Shuffles in place (Fisher–Yates) with the batch's draws. */
    public int[] shuffled(int[] rows) {
        for (int i = rows.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        return rows;
    }
}
