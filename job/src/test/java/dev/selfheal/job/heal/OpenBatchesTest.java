package dev.selfheal.job.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.Transaction;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Batch assembly in both modes, on in-memory state. */
class OpenBatchesTest {
    private final TestingMapState<String, Transaction> rows = new TestingMapState<>();
    private final TestingMapState<Long, Long> starts = new TestingMapState<>();
    private final TestingValueState<Long> countBatch = new TestingValueState<>();
    private final TestingValueState<Integer> countOpen = new TestingValueState<>();

    private OpenBatches batches(int countBatchSize) {
        return new OpenBatches(rows, starts, countBatch, countOpen, countBatchSize);
    }

    @Test
    void aBatchIsDueOnceALaterBatchHasBegunAndTheLastOnlyAtTheEndOfInput() {
        TreeMap<Long, Long> firstTs = new TreeMap<>(java.util.Map.of(1L, 100L, 2L, 200L, 3L, 300L));

        assertThat(OpenBatches.due(firstTs, 198)).isEmpty();
        assertThat(OpenBatches.due(firstTs, 199)).containsExactly(new OpenBatches.Closing(1, 199, 100));
        assertThat(OpenBatches.due(firstTs, 1_000)).containsExactly(new OpenBatches.Closing(1, 199, 100),
                new OpenBatches.Closing(2, 299, 200));
        assertThat(OpenBatches.due(firstTs, Long.MAX_VALUE)).extracting(OpenBatches.Closing::batch,
                OpenBatches.Closing::cutoff).containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 199L),
                org.assertj.core.groups.Tuple.tuple(2L, 299L), org.assertj.core.groups.Tuple.tuple(3L, Long.MAX_VALUE));
    }

    @Test
    void numberedRowsAskForATimerWhenTheyBeginTheirBatchAndLeaveWithIt() throws Exception {
        OpenBatches b = batches(100);

        assertThat(b.addNumbered(row("a", 1, 50))).isEqualTo(49L);
        assertThat(b.addNumbered(row("b", 1, 60))).as("batch 1 has begun").isNull();
        assertThat(b.addNumbered(row("c", 1, 40))).as("an earlier row moves the start").isEqualTo(39L);
        assertThat(b.addNumbered(row("e", 2, 90))).isEqualTo(89L);
        assertThat(b.addNumbered(row("d", 2, 90))).isNull();

        assertThat(b.due(88)).isEmpty();
        assertThat(b.due(89)).containsExactly(new OpenBatches.Closing(1, 89, 40));
        assertThat(b.due(89)).as("closed once").isEmpty();
        assertThat(b.take(1)).extracting(t -> t.id).containsExactly("c", "a", "b");
        assertThat(b.holds("a")).isFalse();
        assertThat(b.holds("d")).isTrue();
        assertThat(b.due(Long.MAX_VALUE)).containsExactly(new OpenBatches.Closing(2, Long.MAX_VALUE, 90));
        assertThat(b.take(2)).as("by time, then id").extracting(t -> t.id).containsExactly("d", "e");
        assertThat(rows.isEmpty()).isTrue();
        assertThat(starts.isEmpty()).isTrue();
    }

    @Test
    void rowsWithoutANumberAreNumberedAndClosedByCount() throws Exception {
        OpenBatches b = batches(3);
        List<Transaction> first = List.of(row("a", 0, 1), row("b", 0, 2), row("c", 0, 3));

        assertThat(b.addCounted(first.get(0))).isNull();
        assertThat(b.addCounted(first.get(1))).isNull();
        assertThat(b.addCounted(first.get(2))).isEqualTo(new OpenBatches.Closing(1, Long.MAX_VALUE, 3));
        assertThat(first).extracting(t -> t.batch).containsOnly(1);
        assertThat(b.take(1)).hasSize(3);

        Transaction next = row("d", 0, 4);
        assertThat(b.addCounted(next)).isNull();
        assertThat(next.batch).isEqualTo(2);
        assertThat(countOpen.value()).isEqualTo(1);
    }

    @Test
    void stateWithoutTheOpenCountIsCountedOnce() throws Exception {
        // As restored from a savepoint taken before the count existed: two rows open, no count.
        rows.put("a", row("a", 1, 1));
        rows.put("b", row("b", 1, 2));
        countBatch.update(1L);
        OpenBatches b = batches(3);

        assertThat(b.addCounted(row("c", 0, 3))).isEqualTo(new OpenBatches.Closing(1, Long.MAX_VALUE, 3));
    }

    static Transaction row(String id, int batch, long ts) {
        return new Transaction(id, "k", ts, batch, 0, new float[] {1f});
    }
}
