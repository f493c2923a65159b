package dev.selfheal.healer;

import dev.selfheal.drift.TrainingStats;
import dev.selfheal.model.Calibration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The recent-moments window and the input recalibration it calls for, on synthetic data. */
class FeatureWindowTest {
    private static final List<String> NAMES = List.of("a", "b", "c");
    private static final double MIN_SHIFT = 0.5;
    private static final double MAX_RATIO = 1.5;
    /** Training: a ~ N(0, 1), b ~ N(5, 2), c ~ N(-3, 0.5). */
    private static final double[] MEAN = {0, 5, -3};
    private static final double[] SD = {1, 2, 0.5};

    private final TrainingStats training = TrainingStats.of(NAMES, rows(new SplittableRandom(1), 20_000, MEAN, SD));

    @Test
    void addKeepsOnlyTheLastWindowBatches() {
        FeatureWindow fw = new FeatureWindow(3, 3);
        double[] state = null;
        for (int b = 1; b <= 5; b++) {
            // Batch b: b + 1 rows, every value equal to b.
            float[][] batch = new float[b + 1][];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = new float[] {b, b, b};
            }
            state = fw.add(state, batch);
            assertThat(state).hasSize(Math.min(b, 3) * 3 * 3);
        }
        // Oldest first: batches 3, 4, 5 as (count, sum, sum of squares) per feature.
        for (int k = 0; k < 3; k++) {
            int b = 3 + k;
            for (int j = 0; j < 3; j++) {
                int o = k * 9 + 3 * j;
                assertThat(state[o]).isEqualTo(b + 1);
                assertThat(state[o + 1]).isEqualTo((double) b * (b + 1));
                assertThat(state[o + 2]).isEqualTo((double) b * b * (b + 1));
            }
        }
    }

    @Test
    void addDoesNotModifyTheStateItIsGiven() {
        FeatureWindow fw = new FeatureWindow(3, 2);
        double[] first = fw.add(new double[0], new float[][] {{1, 2, 3}});
        double[] copy = first.clone();

        fw.add(first, new float[][] {{4, 5, 6}});

        assertThat(first).containsExactly(copy);
    }

    @Test
    void windowOfOneKeepsOnlyTheNewestBatch() {
        FeatureWindow fw = new FeatureWindow(3, 1);
        double[] state = fw.add(null, new float[][] {{1, 1, 1}});
        state = fw.add(state, new float[][] {{7, 7, 7}, {7, 7, 7}});

        assertThat(state).containsExactly(2, 14, 98, 2, 14, 98, 2, 14, 98);
    }

    @Test
    void featuresThatDidNotMoveKeepTheIdentityMap() {
        FeatureWindow fw = new FeatureWindow(3, 3);
        double[] state = null;
        SplittableRandom rng = new SplittableRandom(2);
        for (int b = 0; b < 3; b++) {
            state = fw.add(state, rows(rng, 100, MEAN, SD));
        }

        Calibration c = fw.calibration(state, training, MIN_SHIFT, MAX_RATIO, Calibration.identity(3));

        assertThat(c.isIdentity()).isTrue();
    }

    @Test
    void shiftedAndRescaledFeatureIsMappedBackOntoItsTrainingMoments() {
        FeatureWindow fw = new FeatureWindow(3, 3);
        SplittableRandom rng = new SplittableRandom(3);
        // b moved: mean 5 -> -1, std 2 -> 3 (ratio 1.5 would be the limit; the mean moved 3 sigmas anyway).
        double[] drifted = {0, -1, -3};
        double[] driftedSd = {1, 3, 0.5};
        double[] state = null;
        float[][][] batches = new float[3][][];
        for (int b = 0; b < 3; b++) {
            batches[b] = rows(rng, 400, drifted, driftedSd);
            state = fw.add(state, batches[b]);
        }

        Calibration c = fw.calibration(state, training, MIN_SHIFT, MAX_RATIO, Calibration.identity(3));

        // Untouched features stay identity.
        assertThat(c.scale()[0]).isEqualTo(1f);
        assertThat(c.shift()[0]).isEqualTo(0f);
        assertThat(c.scale()[2]).isEqualTo(1f);
        assertThat(c.shift()[2]).isEqualTo(0f);
        // The map is affine with a = training sd / recent sd and b = training mean - a * recent mean.
        double[] recent = moments(batches, 1);
        double a = training.get(1).std() / recent[1];
        assertThat((double) c.scale()[1]).isCloseTo(a, within(1e-5));
        assertThat((double) c.shift()[1]).isCloseTo(training.get(1).mean() - a * recent[0], within(1e-4));
        // So the recalibrated recent values have the training mean and spread.
        float[][][] mapped = new float[3][][];
        for (int b = 0; b < 3; b++) {
            mapped[b] = c.input(batches[b]);
        }
        double[] after = moments(mapped, 1);
        assertThat(after[0]).isCloseTo(training.get(1).mean(), within(1e-3 * training.get(1).std()));
        assertThat(after[1]).isCloseTo(training.get(1).std(), within(1e-3 * training.get(1).std()));
        // And roughly the known truth: a ≈ 2/3, b ≈ 5 - (2/3)(-1).
        assertThat((double) c.scale()[1]).isCloseTo(2.0 / 3, within(0.05));
        assertThat((double) c.shift()[1]).isCloseTo(5 + 2.0 / 3, within(0.2));
    }

    @Test
    void spreadChangeAloneTriggersRecalibration() {
        FeatureWindow fw = new FeatureWindow(3, 1);
        // c keeps its mean but its spread doubles (ratio 2 > 1.5).
        double[] state = fw.add(null, rows(new SplittableRandom(4), 2000, MEAN, new double[] {1, 2, 1.0}));

        Calibration c = fw.calibration(state, training, MIN_SHIFT, MAX_RATIO, Calibration.identity(3));

        assertThat((double) c.scale()[2]).isCloseTo(0.5, within(0.05));
        assertThat(c.scale()[0]).isEqualTo(1f);
        assertThat(c.scale()[1]).isEqualTo(1f);
    }

    @Test
    void scaleIsClippedToAQuarterWhenTheSpreadExplodes() {
        FeatureWindow fw = new FeatureWindow(3, 1);
        float[][] batch = rows(new SplittableRandom(5), 2000, new double[] {0, 5, -3}, new double[] {10, 2, 0.5});
        double[] state = fw.add(null, batch);

        Calibration c = fw.calibration(state, training, MIN_SHIFT, MAX_RATIO, Calibration.identity(3));

        assertThat(c.scale()[0]).isEqualTo(0.25f);
        double mean = moments(new float[][][] {batch}, 0)[0];
        assertThat((double) c.shift()[0]).isCloseTo(training.get(0).mean() - 0.25 * mean, within(1e-5));
    }

    @Test
    void scaleIsClippedToFourWhenTheSpreadCollapses() {
        FeatureWindow fw = new FeatureWindow(3, 1);
        double[] state = fw.add(null, rows(new SplittableRandom(6), 2000, new double[] {0, 5, -3},
                new double[] {0.01, 2, 0.5}));

        Calibration c = fw.calibration(state, training, MIN_SHIFT, MAX_RATIO, Calibration.identity(3));

        assertThat(c.scale()[0]).isEqualTo(4f);
    }

    @Test
    void calibrationKeepsTheCurrentOutputMap() {
        FeatureWindow fw = new FeatureWindow(3, 1);
        double[] state = fw.add(null, rows(new SplittableRandom(7), 500, new double[] {3, 5, -3}, SD));
        Calibration current = Calibration.identity(3).withOutput(1.4f, -0.6f);

        Calibration c = fw.calibration(state, training, MIN_SHIFT, MAX_RATIO, current);

        assertThat(c.outScale()).isEqualTo(1.4f);
        assertThat(c.outShift()).isEqualTo(-0.6f);
        assertThat(c.inputIsIdentity()).isFalse();
    }

    @Test
    void emptyOrSingleRowWindowGivesIdentity() {
        FeatureWindow fw = new FeatureWindow(3, 3);

        assertThat(fw.calibration(new double[0], training, MIN_SHIFT, MAX_RATIO, Calibration.identity(3))
                .isIdentity()).isTrue();
        assertThat(fw.calibration(fw.add(null, new float[][] {{100, 100, 100}}), training, MIN_SHIFT, MAX_RATIO,
                Calibration.identity(3)).isIdentity()).isTrue();
    }

    @Test
    void batchesThatLeftTheWindowNoLongerCount() {
        FeatureWindow fw = new FeatureWindow(3, 2);
        SplittableRandom rng = new SplittableRandom(8);
        double[] state = null;
        for (int b = 0; b < 3; b++) {
            state = fw.add(state, rows(rng, 300, new double[] {4, 5, -3}, SD));
        }
        for (int b = 0; b < 2; b++) {
            state = fw.add(state, rows(rng, 300, MEAN, SD));
        }

        assertThat(fw.calibration(state, training, MIN_SHIFT, MAX_RATIO, Calibration.identity(3)).isIdentity())
                .isTrue();
    }

    @Test
    void changeIsZeroForEqualCalibrations() {
        Calibration c = new Calibration(new float[] {1f, 0.8f, 1f}, new float[] {0f, 2f, 0f}, 1f, 0f);
        Calibration same = new Calibration(c.scale(), c.shift(), 2f, 1f);

        assertThat(FeatureWindow.change(c, c, training)).isZero();
        // Only the input map counts.
        assertThat(FeatureWindow.change(c, same, training)).isZero();
        assertThat(FeatureWindow.change(Calibration.identity(3), Calibration.identity(3), training)).isZero();
    }

    @Test
    void changeIsTheLargestShiftInTrainingSigmasOrScaleDifference() {
        Calibration id = Calibration.identity(3);
        // A shift of 1 on b (training sd ≈ 2) is ≈ 0.5 sigmas; a scale change of 0.3 on c.
        Calibration moved = new Calibration(new float[] {1f, 1f, 1.3f}, new float[] {0f, 1f, 0f}, 1f, 0f);

        double change = FeatureWindow.change(moved, id, training);

        assertThat(change).isCloseTo(1 / training.get(1).std(), within(1e-6));
        assertThat(FeatureWindow.change(id, moved, training)).isEqualTo(change);
    }

    /** {mean, population sd} of feature j over all rows of the batches. */
    private static double[] moments(float[][][] batches, int j) {
        double n = 0;
        double sum = 0;
        double sq = 0;
        for (float[][] batch : batches) {
            for (float[] r : batch) {
                n++;
                sum += r[j];
                sq += (double) r[j] * r[j];
            }
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(sq / n - mean * mean)};
    }

    @Test
    void aWholePopulationThatMovedIsRecalibratedWithMediansAsWithout() {
        FeatureWindow fw = new FeatureWindow(3, 3);
        double[] moments = null;
        double[] medians = null;
        SplittableRandom rng = new SplittableRandom(4);
        for (int b = 0; b < 3; b++) {
            float[][] batch = rows(rng, 200, new double[] {2, 5, -3}, SD);
            moments = fw.add(moments, batch);
            medians = fw.addMedians(medians, batch);
        }
        Calibration with = fw.calibration(moments, medians, training, MIN_SHIFT, MAX_RATIO, Calibration.identity(3));
        Calibration without = fw.calibration(moments, training, MIN_SHIFT, MAX_RATIO, Calibration.identity(3));
        assertThat(with.shift()[0]).isLessThan(-1.5f).isEqualTo(without.shift()[0]);
    }

    @Test
    void aMeanMovedByAMinorityOfRowsIsNotRecalibrated() {
        FeatureWindow fw = new FeatureWindow(3, 3);
        double[] moments = null;
        double[] medians = null;
        SplittableRandom rng = new SplittableRandom(5);
        for (int b = 0; b < 3; b++) {
            float[][] batch = rows(rng, 200, MEAN, SD);
            for (int i = 0; i < 30; i++) {
                batch[i][0] += 5; // 15% of the rows moved far: the mean moves 0.75 sd, the median hardly
            }
            moments = fw.add(moments, batch);
            medians = fw.addMedians(medians, batch);
        }
        // The spread grew too; a looser spread bound keeps this test to the mean and the median.
        double looseRatio = 3;
        Calibration without = fw.calibration(moments, training, MIN_SHIFT, looseRatio, Calibration.identity(3));
        assertThat(without.shift()[0]).as("the mean alone calls for a map").isLessThan(-0.3f);
        Calibration with = fw.calibration(moments, medians, training, MIN_SHIFT, looseRatio, Calibration.identity(3));
        assertThat(with.shift()[0]).isZero();
        assertThat(with.scale()[0]).isEqualTo(1f);
    }

    @Test
    void aUnitChangeOfEveryRowIsUndoneBeyondTheBoundWhenTheMiddleRowsMovedAsFar() {
        FeatureWindow fw = new FeatureWindow(3, 3);
        double[] moments = null;
        double[] medians = null;
        double[] spreads = null;
        SplittableRandom rng = new SplittableRandom(7);
        for (int b = 0; b < 3; b++) {
            // b in cents instead of dollars (×100), c in a unit a hundred times larger (×0.01).
            float[][] batch = rows(rng, 200, MEAN, SD);
            for (float[] r : batch) {
                r[1] *= 100;
                r[2] *= 0.01f;
            }
            moments = fw.add(moments, batch);
            medians = fw.addMedians(medians, batch);
            spreads = fw.addSpreads(spreads, batch);
        }
        Calibration c = fw.calibration(moments, medians, spreads, training, MIN_SHIFT, MAX_RATIO,
                Calibration.identity(3));
        assertThat((double) c.scale()[1]).isCloseTo(0.01, within(0.001));
        assertThat((double) c.shift()[1]).isCloseTo(0, within(0.3));
        assertThat((double) c.scale()[2]).isCloseTo(100, within(10.0));
        assertThat((double) c.shift()[2]).isCloseTo(0, within(0.3));
        assertThat(c.scale()[0]).isEqualTo(1f);
        // Older state without spreads: the bound holds, as before.
        Calibration before = fw.calibration(moments, medians, training, MIN_SHIFT, MAX_RATIO, Calibration.identity(3));
        assertThat(before.scale()[1]).isEqualTo(0.25f);
        assertThat(before.scale()[2]).isEqualTo(4f);
    }

    @Test
    void aFewFarOutRowsThatWidenTheSpreadKeepTheBound() {
        FeatureWindow fw = new FeatureWindow(3, 3);
        double[] moments = null;
        double[] spreads = null;
        SplittableRandom rng = new SplittableRandom(8);
        for (int b = 0; b < 3; b++) {
            float[][] batch = rows(rng, 200, MEAN, SD);
            for (int i = 0; i < 10; i++) {
                batch[i][0] *= 200; // 5% of the rows far out: the standard deviation grows tenfold and more
            }
            moments = fw.add(moments, batch);
            spreads = fw.addSpreads(spreads, batch);
        }
        Calibration c = fw.calibration(moments, null, spreads, training, MIN_SHIFT, MAX_RATIO, Calibration.identity(3));
        assertThat(c.scale()[0]).isEqualTo(0.25f);
    }

    @Test
    void aFeatureWhoseMiddleRowsHaveNoSpreadKeepsTheBound() {
        // A flag that is 0 in most rows: its 20th and 80th percentiles coincide in training.
        SplittableRandom rng = new SplittableRandom(9);
        float[][] train = new float[5000][1];
        for (float[] r : train) {
            r[0] = rng.nextDouble() < 0.1 ? 1 : 0;
        }
        TrainingStats flags = TrainingStats.of(List.of("flag"), train);
        FeatureWindow fw = new FeatureWindow(1, 1);
        float[][] batch = new float[400][1];
        for (float[] r : batch) {
            r[0] = rng.nextDouble() < 0.1 ? 100 : 0;
        }
        Calibration c = fw.calibration(fw.add(null, batch), null, fw.addSpreads(null, batch), flags, MIN_SHIFT,
                MAX_RATIO, Calibration.identity(1));
        assertThat(c.scale()[0]).isEqualTo(0.25f);
    }

    private static float[][] rows(SplittableRandom rng, int n, double[] mean, double[] sd) {
        float[][] x = new float[n][mean.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < mean.length; j++) {
                x[i][j] = (float) (mean[j] + sd[j] * rng.nextGaussian());
            }
        }
        return x;
    }
}
