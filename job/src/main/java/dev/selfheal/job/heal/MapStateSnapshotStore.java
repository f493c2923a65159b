package dev.selfheal.job.heal;

import dev.selfheal.heal.Snapshot;
import dev.selfheal.heal.SnapshotCodec;
import dev.selfheal.heal.SnapshotInfo;
import dev.selfheal.heal.SnapshotStore;
import org.apache.flink.api.common.state.MapState;

import java.util.ArrayList;
import java.util.List;

/** The registry's storage in keyed RocksDB state: version → encoded snapshot. */
final class MapStateSnapshotStore implements SnapshotStore {
    private final MapState<Long, byte[]> state;

    MapStateSnapshotStore(MapState<Long, byte[]> state) {
        this.state = state;
    }

    @Override
    public Snapshot get(long version) {
        try {
            byte[] b = state.get(version);
            return b == null ? null : SnapshotCodec.decode(b);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read snapshot " + version, e);
        }
    }

    @Override
    public SnapshotInfo info(long version) {
        try {
            byte[] b = state.get(version);
            return b == null ? null : SnapshotCodec.decodeInfo(b);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read snapshot " + version, e);
        }
    }

    @Override
    public void put(Snapshot snapshot) {
        try {
            state.put(snapshot.version(), SnapshotCodec.encode(snapshot));
        } catch (Exception e) {
            throw new IllegalStateException("cannot store snapshot " + snapshot.version(), e);
        }
    }

    @Override
    public void remove(long version) {
        try {
            state.remove(version);
        } catch (Exception e) {
            throw new IllegalStateException("cannot evict snapshot " + version, e);
        }
    }

    @Override
    public Iterable<Long> versions() {
        try {
            List<Long> v = new ArrayList<>();
            for (Long k : state.keys()) {
                v.add(k);
            }
            return v;
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the registry", e);
        }
    }
}
