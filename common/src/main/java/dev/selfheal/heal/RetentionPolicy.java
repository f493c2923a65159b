package dev.selfheal.heal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Chooses which snapshots to drop so the registry stays within {@code maxSnapshots}: the oldest
 * first, skipping the versions the caller must keep.
 *
 * <p>When more versions must be kept than the bound allows, the registry stays above the bound
 * rather than drop a version still in use; only the unprotected ones go.
 */
public final class RetentionPolicy {

    public static final int DEFAULT_MAX_SNAPSHOTS = 64;

    private final int maxSnapshots;

    public RetentionPolicy(int maxSnapshots) {
        if (maxSnapshots < 1) {
            throw new IllegalArgumentException("maxSnapshots must be >= 1, was " + maxSnapshots);
        }
        this.maxSnapshots = maxSnapshots;
    }

    public static RetentionPolicy defaults() {
        return new RetentionPolicy(DEFAULT_MAX_SNAPSHOTS);
    }

    public int maxSnapshots() {
        return maxSnapshots;
    }

    /**
     * @param versions stored versions, any order
     * @param keep     versions that must survive whatever their age
     * @return versions to remove, oldest first
     */
    public List<Long> evictions(Collection<Long> versions, Set<Long> keep) {
        int excess = versions.size() - maxSnapshots;
        List<Long> evict = new ArrayList<>();
        if (excess <= 0) {
            return evict;
        }
        List<Long> oldestFirst = new ArrayList<>(versions);
        oldestFirst.sort(null);
        for (Long version : oldestFirst) {
            if (evict.size() == excess) {
                break;
            }
            if (!keep.contains(version)) {
                evict.add(version);
            }
        }
        return evict;
    }
}
