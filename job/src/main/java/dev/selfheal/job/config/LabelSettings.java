package dev.selfheal.job.config;

/**
 * Labels in HEAL: the gate against corrupted labels, how long a row waits for its label, and the
 * label requests. Keys {@code labels.*}.
 */
public final class LabelSettings {
    private LabelSettings() {}

    public static final Setting<Boolean> GATE = Setting.flag("labels.gate", true,
            "Do not learn from a batch whose labels disagree with a healthy model far more than usual.");
    public static final Setting<Double> GATE_MARGIN = Setting.number("labels.gate-margin", 0.2, 0, 1,
            "How far above the usual disagreement rate a batch's labels are suspect.");
    public static final Setting<Double> GATE_CONCEPT_LEVEL = Setting.number("labels.gate-concept-level", 1e-3, 0,
            0.499, "Level of the test that tells a changed concept from corrupted labels: suspect labels are learned "
                    + "from after all when a fit on the inputs predicts the suspect rows it did not see better than the "
                    + "served model (one-sided sign test on the rows the two decide differently). 0 = never.");
    public static final Setting<Integer> GATE_MIN_ROWS = Setting.integer("labels.gate-min-rows", 20, 1, 1_000_000,
            "Labelled rows the label gate judges at once, and counts toward the usual rate; smaller batches are "
                    + "pooled until they hold as many (labels.gate-pool).");
    public static final Setting<Boolean> GATE_POOL = Setting.flag("labels.gate-pool", true,
            "Judge batches with fewer than labels.gate-min-rows labelled rows together once they hold that many: with "
                    + "scarce labels, the only way the gate sees a changed concept. Their labels are learned from as "
                    + "they come; when the pooled rows, or their newest batches, are a changed concept "
                    + "(labels.gate-concept-level), fits forget the labels from before it.");
    public static final Setting<Boolean> GATE_POOL_LIKELIHOOD = Setting.flag("labels.gate-pool-likelihood", true,
            "With pooled labels (labels.gate-pool), also call a pool suspect when its disagreement is above the usual "
                    + "rate beyond chance (binomial), and a changed concept when the inputs explain its labels beyond a "
                    + "refit of the served score (likelihood ratio), both at labels.gate-concept-level: a boundary that "
                    + "moved a little, which the margin and the sign test miss on a few dozen rows.");
    public static final Setting<Integer> GATE_MIN_HISTORY = Setting.integer("labels.gate-min-history", 3, 1, 5,
            "Batches of usual disagreement the label gate remembers before it judges (it keeps the last 5).");
    public static final Setting<Double> GATE_STABLE_CHANGE = Setting.number("labels.gate-stable-change", 0.25, 1e-6,
            100, "Input calibration change, in training standard deviations, below which the inputs count as "
                    + "stable, so that sudden disagreement points at the labels rather than the data.");
    public static final Setting<Integer> PENDING_MAX = Setting.integer("labels.pending-max", 100_000, 1, 100_000_000,
            "Most samples kept waiting for their label; the oldest are dropped (and counted) beyond it.");
    public static final Setting<Integer> TTL_BATCHES = Setting.integer("labels.ttl-batches", 50, 1, 1_000_000,
            "A sample waits this many heal batches for its label, then expires.");
    public static final Setting<Long> UNMATCHED_TTL_MINUTES = Setting.longValue("labels.unmatched-ttl-minutes",
            1440, 1, 525_600, "A label whose transaction never arrives is dropped after this long (processing time), as a dead letter "
                    + "'unmatched_label'; swept by a timer per model, so also when no batch closes.");
    public static final Setting<Double> BUDGET = Setting.number("labels.budget", 0, 0, 1,
            "Label requests: the share of the rows HEAL scores (all rows at sample.rate 1) it may ask labels for, "
                    + "per model over labels.budget-window; requests go to label_requests/ under output.dir or "
                    + "kafka.label-request-topic, and are audit events. 0 = no requests.");
    public static final Setting<String> STRATEGY = Setting.choice("labels.strategy", "mix",
            "Which rows to ask labels for: random; uncertainty (randomised variable-threshold: near the decision "
                    + "threshold, far rows keep a small chance); disagreement (served vs shadow, deployed model and "
                    + "the served adapter's ancestors); novelty (far out on the features that drifted); mix (a "
                    + "quarter random, up to a quarter each novelty and disagreement, the rest uncertainty).",
            "mix", "random", "uncertainty", "disagreement", "novelty");
    public static final Setting<Integer> BUDGET_WINDOW = Setting.integer("labels.budget-window", 10, 1,
            1_000_000, "The sliding window labels.budget holds over, in heal batches of batch.size rows: in any "
                    + "run of this many times batch.size scored rows, requests are at most labels.budget of them.");
}
