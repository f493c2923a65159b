package dev.selfheal.heal;

import java.util.ArrayList;
import java.util.TreeMap;

/** A {@link SnapshotStore} in a sorted map, for tests and offline tools. */
public final class InMemorySnapshotStore implements SnapshotStore {

    private final TreeMap<Long, Snapshot> snapshots = new TreeMap<>();

    @Override
    public Snapshot get(long version) {
        return snapshots.get(version);
    }

    @Override
    public void put(Snapshot snapshot) {
        snapshots.put(snapshot.version(), snapshot);
    }

    @Override
    public void remove(long version) {
        snapshots.remove(version);
    }

    @Override
    public Iterable<Long> versions() {
        // A copy, so callers may remove while iterating (as eviction does).
        return new ArrayList<>(snapshots.keySet());
    }

    public int size() {
        return snapshots.size();
    }
}
