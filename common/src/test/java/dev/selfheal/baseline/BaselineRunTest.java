package dev.selfheal.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.metrics.Confusion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineRunTest {

    /** Remembers the rows of every fit (feature 0 holds the row's stream index); flags every row. */
    static final class TestingMethod implements BaselineMethod {
        final int refitEvery;
        final List<int[]> fits = new ArrayList<>();
        final List<int[]> labelsSeen = new ArrayList<>();

        TestingMethod(int refitEvery) {
            this.refitEvery = refitEvery;
        }

        @Override
        public String name() {
            return "testing";
        }

        @Override
        public int refitEvery() {
            return refitEvery;
        }

        @Override
        public BaselineModel fit(float[][] rows, int[] labels) {
            int[] ids = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                ids[i] = (int) rows[i][0];
            }
            fits.add(ids);
            labelsSeen.add(labels.clone());
            return batch -> {
                float[] p = new float[batch.length];
                java.util.Arrays.fill(p, 1f);
                return p;
            };
        }
    }

    /**
     * {@code batches} batches of 10 rows; rows 0-2 of each batch are fraud. The label of a row in
     * batch b arrives {@code delay} batches later and serves from the batch after (never past the
     * last batch, as in a stream that ends).
     */
    static List<StreamRow> stream(int batches, int delay) {
        List<StreamRow> rows = new ArrayList<>();
        for (int b = 1; b <= batches; b++) {
            for (int k = 0; k < 10; k++) {
                int y = k < 3 ? 1 : 0;
                int arrival = b + delay;
                int from = arrival > batches ? StreamRow.NEVER : arrival + 1;
                rows.add(new StreamRow(new float[] {rows.size()}, b, y, y, from));
            }
        }
        return rows;
    }

    private static final float[][] HOLDOUT = {{-1}, {-2}, {-3}, {-4}};
    private static final int[] HOLDOUT_CLASSES = {1, 0, 0, 0};

    private static boolean[] deployed(int n, boolean flag) {
        boolean[] d = new boolean[n];
        java.util.Arrays.fill(d, flag);
        return d;
    }

    @Test
    void eachFitSeesOnlyLabelsThatHadArrived() {
        List<StreamRow> s = stream(8, 2);
        TestingMethod m = new TestingMethod(1);
        new BaselineRun(1000).run(m, s, deployed(s.size(), false), HOLDOUT, HOLDOUT_CLASSES);
        // Labels of batch 1 arrive in batch 3 and serve from batch 4: fits before batches 4..8.
        assertThat(m.fits).hasSize(5 + 1);
        for (int f = 0; f < 5; f++) {
            int scoredBatch = 4 + f;
            for (int id : m.fits.get(f)) {
                assertThat(s.get(id).labelFromBatch()).isLessThanOrEqualTo(scoredBatch);
                assertThat(s.get(id).batch()).isLessThanOrEqualTo(scoredBatch - 3);
            }
            assertThat(m.fits.get(f)).hasSize(10 * (f + 1));
        }
        // The holdout fit has every label that arrived: batches 1..6 (7 and 8 arrive after the end).
        assertThat(m.fits.get(5)).hasSize(60);
    }

    @Test
    void aFitUsesOnlyTheLastWindowOfLabels() {
        List<StreamRow> s = stream(6, 0);
        TestingMethod m = new TestingMethod(1);
        new BaselineRun(15).run(m, s, deployed(s.size(), false), HOLDOUT, HOLDOUT_CLASSES);
        int[] last = m.fits.get(m.fits.size() - 1);
        assertThat(last).hasSize(15);
        assertThat(last).containsExactly(45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59);
    }

    @Test
    void refitsOnlyEveryRefitEveryBatches() {
        List<StreamRow> s = stream(12, 0);
        TestingMethod m = new TestingMethod(5);
        BaselineRun.Result r = new BaselineRun(1000).run(m, s, deployed(s.size(), false), HOLDOUT, HOLDOUT_CLASSES);
        // Before batches 2, 7 and 12, then the holdout fit.
        assertThat(m.fits).extracting(f -> f.length).containsExactly(10, 60, 110, 120);
        assertThat(r.fits()).isEqualTo(4);
    }

    @Test
    void theDeployedDecisionsStandUntilTheFirstFit() {
        List<StreamRow> s = stream(4, 1);
        BaselineRun.Result r = new BaselineRun(1000).run(new TestingMethod(1), s, deployed(s.size(), false), HOLDOUT,
                HOLDOUT_CLASSES);
        // Batches 1 and 2: deployed says normal (3 fn + 7 tn each); batches 3, 4: the fake flags all.
        assertThat(r.prequential()).usingRecursiveComparison().isEqualTo(new Confusion(6, 14, 14, 6));
        assertThat(r.holdout()).usingRecursiveComparison().isEqualTo(new Confusion(1, 0, 3, 0));
    }

    @Test
    void fitsOnArrivedLabelsButScoresAgainstTheTrueClass() {
        List<StreamRow> s = new ArrayList<>();
        for (StreamRow r : stream(3, 0)) {
            // Every arriving label flipped, as under poisoning.
            s.add(new StreamRow(r.features(), r.batch(), r.trueClass(), 1 - r.label(), r.labelFromBatch()));
        }
        TestingMethod m = new TestingMethod(1);
        BaselineRun.Result r = new BaselineRun(1000).run(m, s, deployed(s.size(), false), HOLDOUT, HOLDOUT_CLASSES);
        assertThat(m.labelsSeen.get(0)).containsExactly(0, 0, 0, 1, 1, 1, 1, 1, 1, 1);
        // Batch 1 deployed (3 fn, 7 tn); batches 2, 3 flagged: true classes give 6 tp and 14 fp.
        assertThat(r.prequential()).usingRecursiveComparison().isEqualTo(new Confusion(6, 7, 14, 3));
    }

    @Test
    void noArrivingLabelMeansNoBaseline() {
        List<StreamRow> s = new ArrayList<>();
        for (StreamRow r : stream(5, 0)) {
            s.add(new StreamRow(r.features(), r.batch(), r.trueClass(), r.label(), StreamRow.NEVER));
        }
        TestingMethod m = new TestingMethod(1);
        assertThat(new BaselineRun(1000).run(m, s, deployed(s.size(), true), HOLDOUT, HOLDOUT_CLASSES)).isNull();
        assertThat(m.fits).isEmpty();
    }

    @Test
    void labelsOfOneClassOnlyMeanNoBaseline() {
        List<StreamRow> s = new ArrayList<>();
        for (StreamRow r : stream(5, 0)) {
            s.add(new StreamRow(r.features(), r.batch(), r.trueClass(), r.label(),
                    r.trueClass() == 1 ? StreamRow.NEVER : r.labelFromBatch()));
        }
        assertThat(new BaselineRun(1000).run(new TestingMethod(1), s, deployed(s.size(), true), HOLDOUT,
                HOLDOUT_CLASSES)).isNull();
    }
}
