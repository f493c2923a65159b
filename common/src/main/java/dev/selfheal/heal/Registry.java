package dev.selfheal.heal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Versioned adapter snapshots of one model, over a {@link SnapshotStore}.
 *
 * <p>The last assigned version is held here, not derived from the store: recording then needs no
 * scan of the (RocksDB-backed) store, and a version stays used even if its snapshot is later
 * removed, so an audit line naming a version can never be confused with a newer adapter. The
 * operator persists {@link #lastVersion()} next to the store and passes it back in when it
 * rebuilds the registry (a registry object is cheap: it is a view over the store).
 *
 * <p>{@link #list()} loads every snapshot (up to {@code maxSnapshots} × 33 KB). Choosing a
 * rollback target ({@link #bestPostHeal}) reads only their headers ({@link SnapshotStore#info}), and
 * recording beyond the bound does so only when a version it evicts could be that target.
 */
public final class Registry {

    /**
     * Rollback-target order: F1, then accuracy, then the newer version, because a newer adapter
     * has seen more of the current distribution.
     */
    static final Comparator<SnapshotInfo> BY_QUALITY = Comparator
            .comparingDouble((SnapshotInfo s) -> s.scores().f1())
            .thenComparingDouble(s -> s.scores().accuracy())
            .thenComparingLong(SnapshotInfo::version);

    private final SnapshotStore store;
    private final RetentionPolicy retention;
    private final Clock clock;
    private long lastVersion;

    public Registry(SnapshotStore store, long lastVersion, RetentionPolicy retention, Clock clock) {
        if (lastVersion < 0) {
            throw new IllegalArgumentException("lastVersion must be >= 0, was " + lastVersion);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastVersion = lastVersion;
    }

    /** The highest version ever assigned (0 when none); persist it with the store. */
    public long lastVersion() {
        return lastVersion;
    }

    /**
     * Records a new snapshot as version {@code lastVersion + 1}, then evicts the oldest snapshots
     * beyond the bound. Never evicted: the new snapshot, {@code serving.current()},
     * {@code serving.shadow()} and the best rollback target other than the current version.
     */
    public Snapshot record(SnapshotTag tag, long parent, long batch, String reason, float[] adapter,
                           Scores scores, ServingVersions serving) {
        Snapshot snapshot = new Snapshot(lastVersion + 1, parent, tag, batch, clock.millis(), reason,
                adapter, scores);
        store.put(snapshot);
        lastVersion = snapshot.version();
        evictBeyondBound(snapshot.version(), serving);
        return snapshot;
    }

    /** Replaces the scores of a stored snapshot, e.g. once it has been measured on unseen data. */
    public Optional<Snapshot> updateScores(long version, Scores scores) {
        Optional<Snapshot> updated = get(version).map(s -> s.withScores(scores));
        updated.ifPresent(store::put);
        return updated;
    }

    public Optional<Snapshot> get(long version) {
        return Optional.ofNullable(store.get(version));
    }

    /** All stored snapshots, oldest version first. */
    public List<Snapshot> list() {
        return list(sortedVersions());
    }

    private List<Snapshot> list(List<Long> versions) {
        List<Snapshot> snapshots = new ArrayList<>(versions.size());
        for (long version : versions) {
            Snapshot s = store.get(version);
            if (s != null) {
                snapshots.add(s);
            }
        }
        return snapshots;
    }

    /**
     * The snapshot and its ancestors, newest first, following parent versions until a root or an
     * ancestor that has been evicted. Empty when {@code version} itself is not stored.
     */
    public List<Snapshot> lineage(long version) {
        List<Snapshot> chain = new ArrayList<>();
        Snapshot s = store.get(version);
        while (s != null) {
            chain.add(s);
            // Parents are strictly older (Snapshot enforces it), so this terminates.
            s = s.hasParent() ? store.get(s.parentVersion()) : null;
        }
        return chain;
    }

    /**
     * The stored versions that may be served again (POST_HEAL, INITIAL, MANUAL), newest first, read
     * from the snapshots' headers: no adapter is decoded.
     */
    public List<Long> servableNewestFirst() {
        List<Long> versions = sortedVersions();
        List<Long> out = new ArrayList<>();
        for (int i = versions.size() - 1; i >= 0; i--) {
            SnapshotInfo s = store.info(versions.get(i));
            if (s != null && s.tag().isRollbackCandidate()) {
                out.add(s.version());
            }
        }
        return out;
    }

    /**
     * The best rollback target: highest F1 (then accuracy, then newest) among POST_HEAL, INITIAL
     * and MANUAL snapshots whose scores were measured, never {@code excludingVersion} (the version
     * being served, so a "rollback" always changes the model). When the excluded version is a
     * ROLLBACK snapshot, the version it restored (its parent) is excluded too: it holds the same
     * weights, so "rolling back" to it would change nothing.
     */
    public Optional<Snapshot> bestPostHeal(long excludingVersion) {
        return bestTarget(excludingVersion, sortedVersions()).flatMap(best -> get(best.version()));
    }

    /** {@link #bestPostHeal}'s choice, made on the snapshots' headers (no adapter decoded). */
    private Optional<SnapshotInfo> bestTarget(long excludingVersion, List<Long> versions) {
        SnapshotInfo excluded = store.info(excludingVersion);
        long sameWeights = excluded != null && excluded.tag() == SnapshotTag.ROLLBACK
                ? excluded.parentVersion() : Snapshot.NO_PARENT;
        SnapshotInfo best = null;
        for (long version : versions) {
            SnapshotInfo s = store.info(version);
            if (s != null && s.version() != excludingVersion && s.version() != sameWeights
                    && s.tag().isRollbackCandidate() && s.scores().isMeasured()
                    && (best == null || BY_QUALITY.compare(s, best) > 0)) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    private void evictBeyondBound(long newest, ServingVersions serving) {
        List<Long> versions = sortedVersions();
        if (versions.size() <= retention.maxSnapshots()) {
            return;
        }
        Set<Long> keep = new HashSet<>();
        keep.add(newest);
        keep.add(serving.current());
        keep.add(serving.shadow());
        List<Long> evict = retention.evictions(versions, keep);
        // The best rollback target must survive too, but finding it reads every snapshot (in the
        // job, every one from RocksDB: most of a heal's registry time). The oldest unprotected
        // versions go first, so the target can only be among them if one of them is a measured
        // rollback candidate; otherwise keeping it too would evict exactly the same versions.
        if (evict.stream().anyMatch(this::couldBeRollbackTarget)) {
            bestTarget(serving.current(), versions).ifPresent(best -> keep.add(best.version()));
            evict = retention.evictions(versions, keep);
        }
        for (long version : evict) {
            store.remove(version);
        }
    }

    private boolean couldBeRollbackTarget(long version) {
        SnapshotInfo s = store.info(version);
        return s != null && s.tag().isRollbackCandidate() && s.scores().isMeasured();
    }

    private List<Long> sortedVersions() {
        List<Long> versions = new ArrayList<>();
        store.versions().forEach(versions::add);
        versions.sort(null);
        return versions;
    }
}
