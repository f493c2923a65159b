package dev.selfheal.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LineageLayoutTest {
    @Test
    void aChainOfHealsStaysInOneLane() {
        List<LineageLayout.Place> places = LineageLayout.of(Map.of(1L, 0L, 2L, 1L, 3L, 2L, 4L, 3L));

        assertThat(places).extracting(LineageLayout.Place::lane).containsOnly(0);
        assertThat(places).extracting(LineageLayout.Place::row).containsExactly(0, 1, 2, 3);
        assertThat(LineageLayout.lanes(places)).isEqualTo(1);
    }

    @Test
    void aRollbackToAnOlderVersionBranchesIntoANewLaneAndHealsContinueThere() {
        // 1 deployed, 2 snapshot, 3 heal, 4 rollback to 1, 5 snapshot of 4, 6 heal
        Map<Long, Long> parents = new LinkedHashMap<>();
        parents.put(1L, 0L);
        parents.put(2L, 1L);
        parents.put(3L, 2L);
        parents.put(4L, 1L);
        parents.put(5L, 4L);
        parents.put(6L, 5L);
        Map<Long, LineageLayout.Place> at = byVersion(LineageLayout.of(parents));

        assertThat(at.get(3L).lane()).isZero();
        assertThat(at.get(4L).lane()).isEqualTo(1);
        assertThat(at.get(4L).parent()).isEqualTo(1L);
        assertThat(at.get(6L).lane()).isEqualTo(1);
    }

    @Test
    void aLaneLeftBehindIsUsedAgainByALaterBranch() {
        // 2 and 3 branch from 1, 4 and 5 from 3. The edge to 5 leaves 3 at row 2, below the last
        // version of lane 0 (2, at row 1): lane 0 is free again.
        Map<Long, Long> parents = Map.of(1L, 0L, 2L, 1L, 3L, 1L, 4L, 3L, 5L, 3L);
        Map<Long, LineageLayout.Place> at = byVersion(LineageLayout.of(parents));

        assertThat(at.get(2L).lane()).isZero();
        assertThat(at.get(3L).lane()).isEqualTo(1);
        assertThat(at.get(4L).lane()).isEqualTo(1);
        assertThat(at.get(5L).lane()).isZero();
    }

    @Test
    void aVersionWhoseParentWasEvictedStartsALaneOfItsOwn() {
        Map<Long, LineageLayout.Place> at = byVersion(LineageLayout.of(Map.of(7L, 6L, 8L, 7L)));

        assertThat(at.get(7L).parent()).isZero();
        assertThat(at.get(8L).parent()).isEqualTo(7L);
        assertThat(at.get(8L).lane()).isEqualTo(at.get(7L).lane());
    }

    /**
     * Whatever the tree, no edge runs through a node: between a parent's row and its child's, the
     * child's lane holds no other version.
     */
    @Property(tries = 300)
    void noEdgePassesThroughAnotherVersion(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 1000) Integer> picks) {
        Map<Long, Long> parents = new HashMap<>();
        for (int i = 0; i < picks.size(); i++) {
            long version = i + 1;
            // 0: a root; otherwise some earlier version
            parents.put(version, picks.get(i) % 5 == 0 || i == 0 ? 0L : 1L + picks.get(i) % i);
        }
        List<LineageLayout.Place> places = LineageLayout.of(parents);
        Map<Long, LineageLayout.Place> at = byVersion(places);
        for (LineageLayout.Place child : places) {
            LineageLayout.Place parent = at.get(child.parent());
            if (parent == null) {
                continue;
            }
            for (LineageLayout.Place other : places) {
                boolean between = other.row() > parent.row() && other.row() < child.row();
                assertThat(between && other.lane() == child.lane())
                        .as("v%d in lane %d between v%d and v%d", other.version(), other.lane(), parent.version(),
                                child.version())
                        .isFalse();
            }
        }
    }

    private static Map<Long, LineageLayout.Place> byVersion(List<LineageLayout.Place> places) {
        Map<Long, LineageLayout.Place> m = new HashMap<>();
        places.forEach(p -> m.put(p.version(), p));
        return m;
    }
}
