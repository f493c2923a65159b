package dev.selfheal.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.baseline.StreamRow;
import dev.selfheal.data.Dataset;
import dev.selfheal.data.Transaction;
import dev.selfheal.job.config.JobConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which labels the baselines may use, per label regime: only those the job was sent, and only later. */
class BaselineFiguresTest {
    private static final int BATCHES = 5;
    private static final int PER_BATCH = 10;

    /** Only the label regime, seed and settings matter here; the training file is named, never read. */
    private static ExperimentSpec spec(String labels, JobConfig config) {
        return new ExperimentSpec(Path.of("train.csv"), null, null, null, null, config, null, LabelRegime.parse(labels),
                1, null, null, 20, 0, -1, true, null, false);
    }

    /** Batches 1..5 of 10 rows; row 3 of every batch carries a flipped label, row 9 none at all. */
    private static Dataset stream(boolean numbered) {
        List<Transaction> rows = new ArrayList<>();
        for (int b = 1; b <= BATCHES; b++) {
            for (int i = 0; i < PER_BATCH; i++) {
                int n = rows.size();
                Transaction t = new Transaction("t" + n, "k", 1_000_000L + n * 10L, numbered ? b : 0,
                        i == 9 ? Transaction.NO_LABEL : i % 2, new float[] {n});
                if (i == 3) {
                    t.label = 0;
                    t.trueLabel = 1;
                }
                rows.add(t);
            }
        }
        return new Dataset(List.of("x"), rows);
    }

    @Test
    void immediateLabelsServeFromTheNextBatch() {
        List<StreamRow> rows = BaselineFigures.rows(stream(true), spec("immediate", JobConfig.defaults()));
        // Rows without any label have no known class: they are neither fitted on nor scored.
        assertThat(rows).hasSize(BATCHES * (PER_BATCH - 1));
        for (StreamRow r : rows) {
            assertThat(r.labelFromBatch()).isEqualTo(r.batch() + 1);
        }
    }

    @Test
    void delayedLabelsServeFromTheBatchAfterTheyArriveAndLateOnesNever() {
        List<StreamRow> rows = BaselineFigures.rows(stream(true), spec("delay:2", JobConfig.defaults()));
        for (StreamRow r : rows) {
            int expected = r.batch() + 2 <= BATCHES ? r.batch() + 3 : StreamRow.NEVER;
            assertThat(r.labelFromBatch()).as("batch %d", r.batch()).isEqualTo(expected);
        }
    }

    @Test
    void withoutLabelsNothingIsVisible() {
        assertThat(BaselineFigures.rows(stream(true), spec("none", JobConfig.defaults())))
                .allMatch(r -> !r.labelled());
    }

    @Test
    void aFlippedLabelIsFittedOnAsItArrivedAndScoredByTheTrueClass() {
        StreamRow r = BaselineFigures.rows(stream(true), spec("immediate", JobConfig.defaults())).get(3);
        assertThat(r.label()).isZero();
        assertThat(r.trueClass()).isOne();
    }

    @Test
    void aStreamWithoutBatchNumbersIsCutIntoHealBatches() {
        JobConfig config = JobConfig.defaults().with(Map.of("batch.size", 10));
        List<StreamRow> rows = BaselineFigures.rows(stream(false), spec("immediate", config));
        assertThat(rows.get(0).batch()).isEqualTo(1);
        assertThat(rows.get(rows.size() - 1).batch()).isEqualTo(BATCHES);
        for (StreamRow r : rows) {
            assertThat(r.labelFromBatch()).isEqualTo(r.batch() + 1);
        }
    }
}
