package dev.selfheal.job.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.heal.Scores;
import dev.selfheal.heal.Snapshot;
import dev.selfheal.heal.SnapshotTag;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.junit.jupiter.api.Test;

/**
 * The in-memory list of a model's registry versions agrees with what the state holds, whether the
 * index was built before the writes or read afterwards from state a previous task left (a restore).
 */
class MapStateSnapshotStoreTest {

    @Test
    void theIndexFollowsPutsAndRemovesAndAgreesWithAStoreReadingTheState() {
        CountingMapState state = new CountingMapState();
        MapStateSnapshotStore.VersionIndex index = new MapStateSnapshotStore.VersionIndex();
        MapStateSnapshotStore store = new MapStateSnapshotStore(state, index);
        for (long v = 1; v <= 10; v++) {
            store.put(snapshot(v));
        }
        store.remove(3);
        store.remove(7);
        assertThat(store.versions()).containsExactly(1L, 2L, 4L, 5L, 6L, 8L, 9L, 10L);
        int listings = state.keyListings;
        // Later calls, through a new store sharing the index (as HEAL makes one per call), answer from it.
        MapStateSnapshotStore again = new MapStateSnapshotStore(state, index);
        again.put(snapshot(11));
        again.remove(1);
        assertThat(again.versions()).containsExactly(2L, 4L, 5L, 6L, 8L, 9L, 10L, 11L);
        assertThat(state.keyListings).isEqualTo(listings);
        // A task restored from this state starts with an empty index and reads the same versions.
        assertThat(new MapStateSnapshotStore(state, new MapStateSnapshotStore.VersionIndex()).versions())
                .containsExactlyElementsOf(again.versions());
        assertThat(again.get(11).version()).isEqualTo(11);
    }

    @Test
    void anIndexReadFromStateFirstThenFollowsWrites() {
        CountingMapState state = new CountingMapState();
        MapStateSnapshotStore old = new MapStateSnapshotStore(state);
        old.put(snapshot(1));
        old.put(snapshot(2));
        MapStateSnapshotStore.VersionIndex index = new MapStateSnapshotStore.VersionIndex();
        MapStateSnapshotStore store = new MapStateSnapshotStore(state, index);
        assertThat(store.versions()).containsExactly(1L, 2L);
        store.put(snapshot(3));
        store.remove(1);
        assertThat(store.versions()).containsExactly(2L, 3L);
        assertThat(state.map.keySet()).containsExactlyInAnyOrder(2L, 3L);
        // What versions() returns is a copy: a later write does not change a listing already taken.
        Iterable<Long> taken = store.versions();
        store.put(snapshot(4));
        assertThat(taken).containsExactly(2L, 3L);
        assertThat(store.versions()).containsExactly(2L, 3L, 4L);
    }

    private static Snapshot snapshot(long v) {
        return new Snapshot(v, v - 1, v == 1 ? SnapshotTag.INITIAL : SnapshotTag.POST_HEAL, v, 1000L, "r",
                new float[] {v, 1f, 2f}, Scores.NONE);
    }

    /** A map state in a HashMap, counting how often its keys are listed. */
    private static final class CountingMapState implements MapState<Long, byte[]> {
        final Map<Long, byte[]> map = new HashMap<>();
        int keyListings;

        @Override public byte[] get(Long key) { return map.get(key); }
        @Override public void put(Long key, byte[] value) { map.put(key, value); }
        @Override public void putAll(Map<Long, byte[]> m) { map.putAll(m); }
        @Override public void remove(Long key) { map.remove(key); }
        @Override public boolean contains(Long key) { return map.containsKey(key); }
        @Override public Iterable<Map.Entry<Long, byte[]>> entries() { return map.entrySet(); }
        @Override public Iterable<Long> keys() { keyListings++; return List.copyOf(map.keySet()); }
        @Override public Iterable<byte[]> values() { return map.values(); }
        @Override public Iterator<Map.Entry<Long, byte[]>> iterator() { return map.entrySet().iterator(); }
        @Override public boolean isEmpty() { return map.isEmpty(); }
        @Override public void clear() { map.clear(); }
    }
}
