package dev.selfheal.lab.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Places a registry's versions for drawing, as a commit graph is drawn: one row per version, oldest
 * first, and a lane (column) per line of descent. A version continues its parent's lane when it is
 * the first to follow the parent there; any other child (a rollback to an older version branches
 * from it) takes the leftmost lane that is free from the parent's row on, so edges never cross a
 * node. A version whose parent is not in the registry (none, or evicted) starts a lane of its own.
 */
final class LineageLayout {
    /** Where a version is drawn; {@code parent} is 0 when its parent is not drawn. */
    record Place(long version, long parent, int row, int lane) {}

    private LineageLayout() {}

    /** @param parents version → parent version (0: none) */
    static List<Place> of(Map<Long, Long> parents) {
        Map<Long, Long> sorted = new TreeMap<>(parents);
        Map<Long, Place> placed = new HashMap<>();
        // The last row each lane is drawn to (a node or the end of an edge), -1 when never used.
        List<Integer> busyUntil = new ArrayList<>();
        List<Place> out = new ArrayList<>();
        int row = 0;
        for (Map.Entry<Long, Long> e : sorted.entrySet()) {
            long version = e.getKey();
            Place parent = placed.get(e.getValue());
            int lane;
            if (parent != null && busyUntil.get(parent.lane()) == parent.row()) {
                lane = parent.lane();
            } else {
                int freeFrom = parent != null ? parent.row() : row;
                lane = firstFree(busyUntil, freeFrom);
            }
            busyUntil.set(lane, row);
            Place p = new Place(version, parent == null ? 0 : parent.version(), row, lane);
            placed.put(version, p);
            out.add(p);
            row++;
        }
        return out;
    }

    /** The leftmost lane used by nothing at or after {@code row}, or a new one. */
    private static int firstFree(List<Integer> busyUntil, int row) {
        for (int lane = 0; lane < busyUntil.size(); lane++) {
            if (busyUntil.get(lane) < row) {
                return lane;
            }
        }
        busyUntil.add(-1);
        return busyUntil.size() - 1;
    }

    static int lanes(List<Place> places) {
        return places.stream().mapToInt(Place::lane).max().orElse(-1) + 1;
    }
}
