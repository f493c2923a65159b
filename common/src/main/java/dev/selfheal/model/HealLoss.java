package dev.selfheal.model;

import dev.selfheal.math.Logistic;

/**
 * The heal loss {@code α·BCE_w(p,y) + (1−α)·λ·BCE(p,rule) + ε·H(p)} of one batch as a function of
 * its logits, with its derivative per logit. Each term depends on a row's logit alone, so the
 * whole loss is a sum over rows: computing it in Java from the logits DJL returns, and handing DJL
 * only {@code Σ z·∂L/∂z} to differentiate, gives the same adapter gradient as differentiating the
 * loss expression itself, with a graph of two nodes instead of some thirty.
 */
final class HealLoss {
    private final int n;
    private final float[] y;
    private final float[] labelledMask;
    private final float[] rule;
    private final double labelledWeight;
    private final double positiveWeight;
    private final double ruleWeight;
    private final double entropyWeight;

    HealLoss(HealBatch batch, HealConfig cfg) {
        n = batch.size();
        y = new float[n];
        labelledMask = new float[n];
        rule = new float[n];
        int labelled = 0;
        for (int i = 0; i < n; i++) {
            int yi = batch.labels()[i];
            if (yi == 0 || yi == 1) {
                y[i] = yi;
                labelledMask[i] = 1f;
                labelled++;
            }
            rule[i] = batch.ruleLabels()[i];
        }
        // Unlabelled rows carry no label signal; without labelled rows the term is absent.
        labelledWeight = labelled > 0 && cfg.alpha() > 0 ? cfg.alpha() / labelled : 0;
        positiveWeight = HealConfig.positiveWeight(batch.fraudShareAmongConflicts());
        ruleWeight = (1 - cfg.alpha()) * cfg.lambda() / n;
        entropyWeight = cfg.entropy() / n;
    }

    double positiveWeight() {
        return positiveWeight;
    }

    /**
     * The loss at logits {@code z}; when {@code slope} is not null, also writes ∂L/∂z_i there.
     * With p = σ(z): −log p = softplus(−z), −log(1−p) = softplus(z), and
     * ∂/∂z of the weighted BCE is {@code w·y·(p−1) + (1−y)·p}, of the rule BCE {@code p − r}, and
     * of the entropy {@code −z·p·(1−p)} (its two log terms differ by exactly z).
     */
    double value(float[] z, float[] slope) {
        double labelledSum = 0;
        double ruleSum = 0;
        double entropySum = 0;
        for (int i = 0; i < n; i++) {
            double zi = z[i];
            double tail = Math.log1p(Math.exp(-Math.abs(zi)));
            double spPos = Math.max(zi, 0) + tail;  // −log(1−p)
            double spNeg = Math.max(-zi, 0) + tail; // −log p
            double p = Logistic.sigmoid(zi);
            labelledSum += labelledMask[i] * (positiveWeight * y[i] * spNeg + (1 - y[i]) * spPos);
            ruleSum += rule[i] * spNeg + (1 - rule[i]) * spPos;
            entropySum += p * spNeg + (1 - p) * spPos;
            if (slope != null) {
                double dLabelled = labelledMask[i] * (positiveWeight * y[i] * (p - 1) + (1 - y[i]) * p);
                slope[i] = (float) (labelledWeight * dLabelled + ruleWeight * (p - rule[i])
                        - entropyWeight * zi * p * (1 - p));
            }
        }
        return labelledWeight * labelledSum + ruleWeight * ruleSum + entropyWeight * entropySum;
    }
}
