package dev.selfheal.heal;

import java.util.Arrays;
import java.util.Objects;

/**
 * One recorded adapter version. Immutable: the adapter is copied on construction because the
 * trainer keeps updating its own array in place after the snapshot is taken.
 *
 * <p>{@link #adapter()} returns the stored array without copying (it is 33 KB and read on every
 * rollback and broadcast); callers must not modify it.
 *
 * @param version       continuous, starting at 1, never reused
 * @param parentVersion the version this adapter was derived from, 0 for none
 * @param batch         heal batch at which it was recorded
 * @param timeMs        wall-clock time of recording, from the registry's injected clock
 * @param scores        measured on data this adapter did not train on, {@link Scores#NONE} until then
 */
public record Snapshot(
        long version,
        long parentVersion,
        SnapshotTag tag,
        long batch,
        long timeMs,
        String reason,
        float[] adapter,
        Scores scores) {

    public static final long NO_PARENT = 0L;

    public Snapshot {
        if (version <= 0) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
        if (parentVersion < 0 || parentVersion >= version) {
            throw new IllegalArgumentException(
                    "parent " + parentVersion + " must be 0 or older than version " + version);
        }
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(adapter, "adapter");
        reason = reason == null ? "" : reason;
        scores = scores == null ? Scores.NONE : scores;
        adapter = adapter.clone();
    }

    /** The same snapshot with scores measured later (e.g. on the next, still unseen, batch). */
    public Snapshot withScores(Scores newScores) {
        return new Snapshot(version, parentVersion, tag, batch, timeMs, reason, adapter, newScores);
    }

    public boolean hasParent() {
        return parentVersion != NO_PARENT;
    }

    // Records compare arrays by identity; snapshots read back from state are equal by content.
    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot s
                && version == s.version
                && parentVersion == s.parentVersion
                && tag == s.tag
                && batch == s.batch
                && timeMs == s.timeMs
                && reason.equals(s.reason)
                && Arrays.equals(adapter, s.adapter)
                && scores.equals(s.scores);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, parentVersion, tag, batch, timeMs, reason, scores) * 31
                + Arrays.hashCode(adapter);
    }

    @Override
    public String toString() {
        return "Snapshot{v" + version + " parent=" + parentVersion + " " + tag + " batch=" + batch
                + " timeMs=" + timeMs + " reason='" + reason + "' weights=" + adapter.length
                + " " + scores + "}";
    }
}
