package dev.selfheal.heal;

/**
 * A snapshot without its adapter: what choosing among snapshots (a rollback target, what to
 * evict) needs. Reading this from a store of encoded snapshots skips decoding 33 KB of weights.
 */
public record SnapshotInfo(long version, long parentVersion, SnapshotTag tag, Scores scores) {

    public static SnapshotInfo of(Snapshot s) {
        return new SnapshotInfo(s.version(), s.parentVersion(), s.tag(), s.scores());
    }
}
