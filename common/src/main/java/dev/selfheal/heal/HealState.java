package dev.selfheal.heal;

/** The health of one model as reported per batch (metrics, audit log, Prometheus gauge). */
public enum HealState {
    /** No drift signal; the served adapter is trusted. */
    HEALTHY,
    /** A problem was seen (drift signal, or a heal that was rejected) and is not fixed yet. */
    DRIFTING,
    /** A heal ran and its adapter is being served; waiting for evidence it helped. */
    HEALING,
    /** An earlier version was restored; waiting for evidence it holds. */
    ROLLED_BACK
}
