package dev.selfheal.heal;

/**
 * What happened to a model in one heal batch, as far as its state is concerned.
 *
 * @param drifting      the drift detector flagged this batch
 * @param healAttempted a heal ran (a candidate was trained) in this batch
 * @param healAccepted  that candidate passed validation and is now served
 * @param rolledBack    a rollback was applied in this batch
 * @param healthyAgain  the caller's judgement that the served adapter is fine again; the
 *                      reference's rule is simply {@code !drifting}
 */
public record BatchFacts(
        boolean drifting,
        boolean healAttempted,
        boolean healAccepted,
        boolean rolledBack,
        boolean healthyAgain) {

    public BatchFacts {
        if (healAccepted && !healAttempted) {
            throw new IllegalArgumentException("a heal cannot be accepted without being attempted");
        }
    }

    /** No drift, nothing done, and the caller considers the model healthy. */
    public static BatchFacts calm() {
        return new BatchFacts(false, false, false, false, true);
    }

    /** Drift flagged, nothing done (e.g. healing frozen or in cooldown). */
    public static BatchFacts drift() {
        return new BatchFacts(true, false, false, false, false);
    }

    public static BatchFacts heal(boolean drifting, boolean accepted) {
        return new BatchFacts(drifting, true, accepted, false, false);
    }

    public static BatchFacts rollback(boolean drifting) {
        return new BatchFacts(drifting, false, false, true, false);
    }
}
