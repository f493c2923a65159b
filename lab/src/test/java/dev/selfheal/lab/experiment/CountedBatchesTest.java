package dev.selfheal.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountedBatchesTest {

    @Test
    void rowsWithoutBatchNumbersAreNumberedAsHealCountsThem() {
        List<Transaction> rows = rows(0, 0, 0, 0, 0, 0, 0);

        ExperimentRunner.countedBatches(rows, 3);

        assertThat(rows).extracting(t -> t.batch).containsExactly(1, 1, 1, 2, 2, 2, 3);
    }

    @Test
    void batchNumbersFromTheFileAreKept() {
        List<Transaction> rows = rows(1, 1, 2, 2, 5);

        ExperimentRunner.countedBatches(rows, 1);

        assertThat(rows).extracting(t -> t.batch).containsExactly(1, 1, 2, 2, 5);
    }

    private static List<Transaction> rows(int... batches) {
        List<Transaction> out = new ArrayList<>();
        for (int i = 0; i < batches.length; i++) {
            out.add(new Transaction("t" + i, "k", i, batches[i], 0, new float[] {0f}));
        }
        return out;
    }
}
