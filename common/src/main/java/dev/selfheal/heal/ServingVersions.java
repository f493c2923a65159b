package dev.selfheal.heal;

/**
 * The versions in use when a snapshot is recorded, which eviction must never drop: the one the
 * scorers serve and the one the shadow scorer runs. 0 means "none".
 */
public record ServingVersions(long current, long shadow) {

    public static final ServingVersions NONE = new ServingVersions(0, 0);
}
