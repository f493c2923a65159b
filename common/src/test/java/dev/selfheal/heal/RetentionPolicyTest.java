package dev.selfheal.heal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    @Test
    void withinTheBoundNothingIsEvicted() {
        assertThat(new RetentionPolicy(3).evictions(List.of(1L, 2L, 3L), Set.of())).isEmpty();
    }

    @Test
    void evictsTheOldestFirst() {
        assertThat(new RetentionPolicy(3).evictions(List.of(5L, 1L, 4L, 2L, 3L), Set.of()))
                .containsExactly(1L, 2L);
    }

    @Test
    void skipsKeptVersionsAndTakesTheNextOldest() {
        assertThat(new RetentionPolicy(3).evictions(List.of(1L, 2L, 3L, 4L, 5L), Set.of(1L, 3L)))
                .containsExactly(2L, 4L);
    }

    @Test
    void staysAboveTheBoundRatherThanDropAKeptVersion() {
        List<Long> evicted = new RetentionPolicy(2).evictions(List.of(1L, 2L, 3L, 4L),
                Set.of(1L, 2L, 4L));

        assertThat(evicted).containsExactly(3L);
    }
}
