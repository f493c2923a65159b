package dev.selfheal.heal;

/**
 * Where snapshots live. Kept this small so the Flink job can implement it over a keyed
 * {@code MapState<Long, Snapshot>} and tests over a map.
 */
public interface SnapshotStore {

    /** The snapshot with this version, or null when absent. */
    Snapshot get(long version);

    /** Stores or replaces the snapshot under its version. */
    void put(Snapshot snapshot);

    /** Removes the version; a no-op when absent. */
    void remove(long version);

    /** All stored versions, in any order. */
    Iterable<Long> versions();

    /**
     * The snapshot's version, parent, tag and scores, or null when absent. Stores that hold
     * snapshots encoded override this to skip decoding the adapter.
     */
    default SnapshotInfo info(long version) {
        Snapshot s = get(version);
        return s == null ? null : SnapshotInfo.of(s);
    }
}
