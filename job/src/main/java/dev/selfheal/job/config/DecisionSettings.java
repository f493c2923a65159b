package dev.selfheal.job.config;

/**
 * The costs that set the decision threshold. Keys {@code decision.*}.
 */
public final class DecisionSettings {
    private DecisionSettings() {}

    public static final Setting<Double> COST_FP = Setting.positive("decision.cost-fp", 1, 1e9,
            "Cost of a false alarm; the decision threshold is cost-fp / (cost-fp + cost-fn).");
    public static final Setting<Double> COST_FN = Setting.positive("decision.cost-fn", 1, 1e9,
            "Cost of a missed fraud.");
}
