package dev.selfheal.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The investigator answers only what was requested, from the file's labels, for the batch D after
 * the next, and holds the watermark just short of that batch's close until the answers are given.
 */
class SimulatedInvestigatorTest {
    private static final int BATCHES = 8;
    private static final int PER_BATCH = 4;
    private static final long STEP = 100;

    /** Batch b (1..8) starts at ts b × 1000; row r of it is id "b-r", labelled r % 2. */
    private static List<Transaction> stream() {
        List<Transaction> rows = new ArrayList<>();
        for (int b = 1; b <= BATCHES; b++) {
            for (int r = 0; r < PER_BATCH; r++) {
                rows.add(new Transaction(b + "-" + r, "k", b * 1000L + r * STEP, b, r % 2, new float[] {0f}));
            }
        }
        return rows;
    }

    @Test
    void answersOnlyTheRequestedIdsWithTheFilesLabelsAtTheStartOfTheNextBatch() {
        SimulatedInvestigator inv = new SimulatedInvestigator(stream(), 0, true);
        inv.closed("default", 1, new String[] {"1-1", "1-2"});

        assertThat(inv.poll().lines()).containsExactly("1-1,1,2000", "1-2,0,2000");
        assertThat(inv.poll().lines()).as("each answer once").isEmpty();
        assertThat(inv.answers()).extracting(SimulatedInvestigator.Answer::batch).containsExactly(2, 2);
    }

    @Test
    void aDelayOfDBatchesPutsTheAnswerInBatchBPlusOnePlusD() {
        SimulatedInvestigator inv = new SimulatedInvestigator(stream(), 3, true);
        inv.closed("default", 2, new String[] {"2-3"});

        assertThat(inv.poll().lines()).containsExactly("2-3,1,6000");
    }

    @Test
    void theWatermarkStopsShortOfTheBatchWhoseAnswersAreOutstanding() {
        SimulatedInvestigator inv = new SimulatedInvestigator(stream(), 0, true);
        // Nothing closed: batch 1's answers are due in batch 2, which closes when the watermark reaches
        // the start of batch 3 (3000) less one; hold it one below that.
        assertThat(inv.poll().watermark()).isEqualTo(2998);
        inv.closed("default", 1, new String[0]);
        assertThat(inv.poll().watermark()).isEqualTo(3998);
        inv.closed("default", 2, new String[] {"2-0"});
        SimulatedInvestigator.Poll p = inv.poll();
        assertThat(p.lines()).containsExactly("2-0,0,3000");
        assertThat(p.watermark()).as("batch 3 may close now, its answer is in").isEqualTo(4998);
    }

    @Test
    void itEndsWhenNoLaterAnswerFitsInTheStreamAndAnswersNothingPastIt() {
        SimulatedInvestigator inv = new SimulatedInvestigator(stream(), 1, true);
        for (int b = 1; b <= 5; b++) {
            assertThat(inv.poll().done()).isFalse();
            inv.closed("default", b, new String[] {b + "-0"});
        }
        // Batch 6's answers would be used in batch 8, the last: still possible.
        assertThat(inv.poll().done()).isFalse();
        inv.closed("default", 6, new String[] {"6-0"});
        assertThat(inv.poll().done()).isTrue();
        inv.closed("default", 7, new String[] {"7-0"});
        assertThat(inv.answers()).extracting(SimulatedInvestigator.Answer::id)
                .containsExactly("1-0", "2-0", "3-0", "4-0", "5-0", "6-0");
        assertThat(inv.requested()).isEqualTo(7);
    }

    @Test
    void unknownIdsAndRowsWithoutALabelGetNoAnswer() {
        List<Transaction> rows = stream();
        rows.get(1).label = Transaction.NO_LABEL;
        SimulatedInvestigator inv = new SimulatedInvestigator(rows, 0, true);
        inv.closed("default", 1, new String[] {"1-1", "nobody", "1-0"});
        assertThat(inv.poll().lines()).containsExactly("1-0,0,2000");
    }

    @Test
    void withNoBudgetThereIsNothingToWaitFor() {
        assertThat(new SimulatedInvestigator(stream(), 0, false).poll().done()).isTrue();
    }

    @Test
    void theWaitIsForTheSlowestModel() {
        List<Transaction> rows = stream();
        rows.get(0).model = "other";
        SimulatedInvestigator inv = new SimulatedInvestigator(rows, 0, true);
        inv.closed("default", 1, new String[0]);
        inv.closed("default", 2, new String[0]);
        assertThat(inv.poll().watermark()).isEqualTo(2998);
        inv.closed("other", 1, new String[] {"1-0"});
        assertThat(inv.poll().lines()).containsExactly("1-0,0,2000,other");
        assertThat(inv.poll().watermark()).isEqualTo(3998);
    }

    @Test
    void aStalledRunIsLetGoOneBatchAtATime() {
        SimulatedInvestigator inv = new SimulatedInvestigator(stream(), 0, true);
        inv.nudgeIfStalled(System.currentTimeMillis());
        assertThat(inv.stalls()).isZero();
        inv.nudgeIfStalled(System.currentTimeMillis() + SimulatedInvestigator.STALL_MS + 1);
        assertThat(inv.stalls()).isOne();
        assertThat(inv.poll().watermark()).isEqualTo(3998);
    }
}
