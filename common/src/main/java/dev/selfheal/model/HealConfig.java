package dev.selfheal.model;

/**
 * The heal's loss and optimiser settings. Defaults are the reference heal's (docs/healing.md):
 * {@code α·BCE_w(p,y) + (1−α)·λ·BCE(p,rule) + ε·H(p)}, 5 Adam steps at 0.003.
 */
public record HealConfig(int steps, double learningRate, double alpha, double lambda, double entropy) implements java.io.Serializable {
    public HealConfig {
        if (steps < 1) throw new IllegalArgumentException("heal.steps must be >= 1, got " + steps);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("heal.lr must be positive and finite, got " + learningRate);
        }
        if (alpha < 0 || alpha > 1) throw new IllegalArgumentException("heal.alpha must be in [0,1], got " + alpha);
        if (lambda < 0) throw new IllegalArgumentException("heal.lambda must be >= 0, got " + lambda);
        if (entropy < 0) throw new IllegalArgumentException("heal.entropy must be >= 0, got " + entropy);
    }

    public static HealConfig reference() {
        return new HealConfig(5, 0.003, 0.70, 0.80, 0.03);
    }

    public HealConfig withLearningRate(double lr) {
        return new HealConfig(steps, lr, alpha, lambda, entropy);
    }

    public HealConfig withSteps(int s) {
        return new HealConfig(s, learningRate, alpha, lambda, entropy);
    }

    /**
     * The reference's pos_weight gate: 1 while frauds are under 10% of the conflict rows, then
     * {@code min(2 + 10·(share − 0.10), 4)}.
     */
    public static double positiveWeight(double fraudShareAmongConflicts) {
        if (!(fraudShareAmongConflicts >= 0.10)) {
            return 1.0;
        }
        return Math.min(2.0 + 10.0 * (fraudShareAmongConflicts - 0.10), 4.0);
    }
}
