package dev.selfheal.job.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.Transaction;
import dev.selfheal.healer.LabelledRow;
import dev.selfheal.job.event.ArrivedLabel;
import dev.selfheal.job.event.DeadLetterRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The label join, first label wins and the unmatched sweep, on in-memory state. */
class PendingLabelsTest {
    private static final String MODEL = "m";
    private static final long MINUTE = 60_000;

    private final TestingMapState<String, LabelledRow> awaiting = new TestingMapState<>();
    private final TestingMapState<String, ArrivedLabel> labels = new TestingMapState<>();
    private final TestingMapState<String, Long> arrivals = new TestingMapState<>();
    private final TestingValueState<Long> sweepTimer = new TestingValueState<>();
    private final TestingMapState<String, Boolean> labelled = new TestingMapState<>();
    private final List<Long> timers = new ArrayList<>();
    private final PendingLabels pending = new PendingLabels(awaiting, labels, arrivals, sweepTimer, labelled,
            new UnmatchedLabels(10));

    @Test
    void onlyTheFirstLabelOfAnIdIsKeptAndOnlyOneTimerIsPending() throws Exception {
        assertThat(pending.receive(MODEL, "a", 1, 5, 0, timers::add)).isNull();
        assertThat(pending.receive(MODEL, "b", 0, 6, MINUTE, timers::add)).isNull();
        DeadLetterRecord again = pending.receive(MODEL, "a", 0, 7, MINUTE, timers::add);
        DeadLetterRecord seven = pending.receive(MODEL, "c", 7, 8, MINUTE, timers::add);

        assertThat(again.reason).isEqualTo(HealDeadLetters.DUPLICATE_LABEL);
        assertThat(seven.reason).isEqualTo(HealDeadLetters.BAD_LABEL);
        assertThat(labels.get("a").label).as("not replaced").isEqualTo(1);
        assertThat(labels.contains("c")).isFalse();
        assertThat(timers).as("the TTL of the first label, on a whole minute").containsExactly(10 * MINUTE);
    }

    @Test
    void aClosingBatchTakesTheLabelsStampedUpToItsCutoffAndAUsedLabelCannotBeReplaced() throws Exception {
        pending.receive(MODEL, "b", 1, 100, 0, timers::add);
        pending.receive(MODEL, "a", 0, 100, 0, timers::add);
        pending.receive(MODEL, "late", 1, 500, 0, timers::add);

        PendingLabels.Join j = pending.join(1, 200, List.of(row("late", 1, 90), row("b", 1, 10), row("a", 1, 20)), 5);

        assertThat(j.labelled()).extracting(r -> r.id, r -> r.label).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", 0), org.assertj.core.groups.Tuple.tuple("b", 1));
        assertThat(j.expired()).isZero();
        assertThat(awaiting.map.keySet()).as("its label is stamped after the cutoff").containsExactly("late");
        assertThat(arrivals.map.keySet()).containsExactly("late");
        assertThat(pending.receive(MODEL, "a", 1, 300, 0, timers::add).reason)
                .isEqualTo(HealDeadLetters.DUPLICATE_LABEL);

        PendingLabels.Join next = pending.join(2, Long.MAX_VALUE, List.of(), 5);
        assertThat(next.labelled()).extracting(r -> r.id).containsExactly("late");
        assertThat(awaiting.isEmpty()).isTrue();
    }

    @Test
    void rowsWaitingLongerThanTheirTtlInBatchesGiveUp() throws Exception {
        pending.join(1, 100, List.of(row("old", 1, 1)), 2);
        pending.join(3, 300, List.of(row("new", 3, 250)), 2);
        assertThat(awaiting.map.keySet()).containsExactly("old", "new");

        PendingLabels.Join j = pending.join(4, 400, List.of(), 2);

        assertThat(j.expired()).isEqualTo(1);
        assertThat(awaiting.map.keySet()).containsExactly("new");
    }

    @Test
    void beyondTheCapTheOldestWaitingRowsGo() throws Exception {
        pending.join(2, 0, List.of(row("c", 2, 1), row("b", 2, 1)), 100);
        pending.join(1, 0, List.of(row("z", 1, 1)), 100);

        assertThat(pending.cap(3)).isZero();
        assertThat(pending.cap(1)).isEqualTo(2);
        assertThat(awaiting.map.keySet()).containsExactly("c");
    }

    @Test
    void aLabelPastItsTtlBecomesOneDeadLetterUnlessItsRowWaitsInAnOpenBatch() throws Exception {
        pending.receive(MODEL, "ghost", 1, 7, 0, timers::add);
        pending.receive(MODEL, "open", 0, 8, 0, timers::add);
        pending.receive(MODEL, "fresh", 1, 9, 9 * MINUTE, timers::add);
        Set<String> open = Set.of("open");

        List<DeadLetterRecord> dead = pending.onSweepTimer(MODEL, 10 * MINUTE, 10 * MINUTE, open::contains,
                timers::add);

        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.reason).isEqualTo(HealDeadLetters.UNMATCHED_LABEL);
            assertThat(d.raw).isEqualTo("ghost,1,7,m");
        });
        assertThat(arrivals.map.keySet()).containsExactlyInAnyOrder("open", "fresh");
        assertThat(timers).as("again for the label still within its TTL").containsExactly(10 * MINUTE, 19 * MINUTE);
        assertThat(pending.sweep(MODEL, 10 * MINUTE, UnmatchedLabels.Occasion.END_OF_INPUT, open::contains))
                .as("at the end of input, past its TTL or without its row here, a label is unmatched")
                .extracting(d -> d.raw).containsExactly("fresh,1,9,m", "open,0,8,m");
    }

    private static Transaction row(String id, int batch, long ts) {
        return OpenBatchesTest.row(id, batch, ts);
    }
}
