package dev.selfheal.heal;

/**
 * When a batch triggers a heal: the detector flags drift, or at least {@code conflictMin} rows
 * had the model and the rule disagreeing, while healing is not frozen and not in cooldown.
 *
 * @param frozen          healing switched off from the control stream; scoring goes on
 * @param cooldownBatches after a heal attempt at batch b, batches b+1 … b+cooldownBatches do not
 *                        heal; 0 allows one heal per batch. Cooldown counts attempts, rejected or
 *                        not: it exists to cap training and broadcast cost.
 */
public record HealTrigger(int conflictMin, boolean frozen, int cooldownBatches) {

    /** Marks "no heal yet" for {@code lastHealBatch}. */
    public static final long NEVER_HEALED = Long.MIN_VALUE;

    /** The reference's trigger: five conflicts, not frozen, no cooldown. */
    public static final HealTrigger DEFAULTS = new HealTrigger(5, false, 0);

    public HealTrigger {
        if (conflictMin < 1 || cooldownBatches < 0) {
            throw new IllegalArgumentException("need conflictMin >= 1 and cooldownBatches >= 0, got "
                    + conflictMin + ", " + cooldownBatches);
        }
    }

    public HealTrigger withFrozen(boolean isFrozen) {
        return new HealTrigger(conflictMin, isFrozen, cooldownBatches);
    }

    /**
     * @param lastHealBatch batch of the last heal attempt, or {@link #NEVER_HEALED}
     */
    public HealDecision decide(boolean drifting, int conflicts, long batch, long lastHealBatch) {
        boolean conflicted = conflicts >= conflictMin;
        if (!drifting && !conflicted) {
            return new HealDecision(false,
                    "no trigger: no drift signal, " + conflicts + " conflicts < " + conflictMin);
        }
        String cause = drifting && conflicted
                ? "drift signal and " + conflicts + " conflicts >= " + conflictMin
                : drifting ? "drift signal" : conflicts + " conflicts >= " + conflictMin;
        if (frozen) {
            return new HealDecision(false, "frozen: would heal on " + cause);
        }
        if (lastHealBatch != NEVER_HEALED && batch - lastHealBatch <= cooldownBatches) {
            return new HealDecision(false, "cooldown: last heal at batch " + lastHealBatch
                    + ", cooldown " + cooldownBatches + " batches; would heal on " + cause);
        }
        return new HealDecision(true, cause);
    }
}
