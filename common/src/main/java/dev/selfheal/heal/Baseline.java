package dev.selfheal.heal;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What the served adapter is expected to score, measured on data it was not trained on. Set when
 * a version is deployed and again after every rollback (from the target's {@link Scores}), so the
 * rollback rule compares like with like.
 */
public record Baseline(double accuracy, double f1) {

    public static final Baseline NONE = new Baseline(Double.NaN, Double.NaN);

    public static Baseline of(Scores scores) {
        return new Baseline(scores.accuracy(), scores.f1());
    }

    @JsonIgnore
    public boolean isSet() {
        return Double.isFinite(accuracy) && Double.isFinite(f1);
    }
}
