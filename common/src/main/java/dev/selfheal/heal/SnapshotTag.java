package dev.selfheal.heal;

/** Why a snapshot was recorded. */
public enum SnapshotTag {
    /** The adapter as deployed (version 1 by convention). */
    INITIAL,
    /** The served adapter, captured just before a heal changes it. */
    PRE_HEAL,
    /** The adapter a heal produced. */
    POST_HEAL,
    /** The adapter restored by a rollback (a copy of an earlier version, with its own version). */
    ROLLBACK,
    /** Set by an operator through the control stream. */
    MANUAL;

    /**
     * Whether a snapshot with this tag may serve as a rollback target. PRE_HEAL and ROLLBACK
     * snapshots are copies of adapters that already have their own version, so offering them too
     * would only add duplicates.
     */
    public boolean isRollbackCandidate() {
        return this == POST_HEAL || this == INITIAL || this == MANUAL;
    }
}
