package dev.selfheal.heal;

import java.util.Locale;

/**
 * Rejects a heal that made its own training loss worse by more than {@code maxIncrease}, or
 * produced a non-finite loss: gradient steps that raise the loss they minimise point to a step
 * size or data problem, not to learning.
 */
public final class LossDeltaBound implements UpdateValidator {

    private final double maxIncrease;

    public LossDeltaBound(double maxIncrease) {
        if (!(maxIncrease >= 0)) {
            throw new IllegalArgumentException("maxIncrease must be >= 0, was " + maxIncrease);
        }
        this.maxIncrease = maxIncrease;
    }

    @Override
    public Verdict check(Candidate c) {
        if (!Double.isFinite(c.lossAfter())) {
            return Verdict.reject("loss after heal is not finite: " + c.lossAfter());
        }
        if (!Double.isFinite(c.lossBefore())) {
            return Verdict.reject("loss before heal is not finite: " + c.lossBefore());
        }
        if (c.lossAfter() > c.lossBefore() + maxIncrease) {
            return Verdict.reject(String.format(Locale.ROOT,
                    "loss rose from %.4f to %.4f (allowed increase %.4f)",
                    c.lossBefore(), c.lossAfter(), maxIncrease));
        }
        return Verdict.accept();
    }
}
