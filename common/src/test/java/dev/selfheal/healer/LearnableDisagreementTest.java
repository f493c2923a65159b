package dev.selfheal.healer;

import dev.selfheal.math.Logistic;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LearnableDisagreementTest {
    private static final double LEVEL = 1e-3;

    /** Rows with {@code d} standard-normal inputs; the served model reads input 0 with slope 3. */
    private record Rows(double[] logits, double[][] u) {
        static Rows of(Random rnd, int n, int d) {
            double[] z = new double[n];
            double[][] u = new double[n][d];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    u[i][j] = rnd.nextGaussian();
                }
                z[i] = 3 * u[i][0] - 1;
            }
            return new Rows(z, u);
        }
    }

    @Test
    void aRelationThatTurnedRoundIsLearnable() {
        Random rnd = new Random(1);
        Rows r = Rows.of(rnd, 100, 5);
        int[] y = new int[100];
        for (int i = 0; i < y.length; i++) {
            y[i] = (r.u[i][0] < -0.3) ^ (rnd.nextDouble() < 0.05) ? 1 : 0;
        }
        double z = LearnableDisagreement.z(r.logits, r.u, y, 0.5, 5, 1);
        assertThat(LearnableDisagreement.learnable(z, LEVEL)).as("z = %s", z).isTrue();
    }

    @Test
    void aNewModeOnAnInputTheModelIgnoredIsLearnable() {
        // A third of the rows turn fraud on an input the model never read: the gate would suspect it.
        Random rnd = new Random(2);
        Rows r = Rows.of(rnd, 200, 8);
        int[] y = new int[200];
        for (int i = 0; i < y.length; i++) {
            y[i] = r.u[i][0] > 0.33 || r.u[i][3] > 0 ? 1 : 0;
        }
        double z = LearnableDisagreement.z(r.logits, r.u, y, 0.5, 5, 1);
        assertThat(LearnableDisagreement.learnable(z, LEVEL)).as("z = %s", z).isTrue();
    }

    @Test
    void aScoreThatTurnedRoundIsLearnableOnManyInputsAndFewRows() {
        // 80 inputs and 100 rows: too few to fit a path on every input, enough for the output map.
        Random rnd = new Random(4);
        Rows r = Rows.of(rnd, 100, 80);
        int[] y = new int[100];
        for (int i = 0; i < y.length; i++) {
            y[i] = (r.logits[i] < 0) ^ (rnd.nextDouble() < 0.05) ? 1 : 0;
        }
        double z = LearnableDisagreement.z(r.logits, r.u, y, 0.5, 5, 1);
        assertThat(LearnableDisagreement.learnable(z, LEVEL)).as("z = %s", z).isTrue();
    }

    @Test
    void labelsFlippedWhateverTheRowAreNotLearnable() {
        // 40% of the served model's own decisions flipped at random: disagreement far above usual,
        // and nothing in the inputs explains it.
        for (int seed = 0; seed < 20; seed++) {
            Random rnd = new Random(100 + seed);
            Rows r = Rows.of(rnd, 200, 10);
            int[] y = new int[200];
            for (int i = 0; i < y.length; i++) {
                boolean served = r.logits[i] > 0;
                y[i] = served ^ (rnd.nextDouble() < 0.4) ? 1 : 0;
            }
            double z = LearnableDisagreement.z(r.logits, r.u, y, 0.5, 5, 1);
            assertThat(LearnableDisagreement.learnable(z, LEVEL)).as("seed %d: z = %s", seed, z).isFalse();
        }
    }

    @Test
    void aBoundaryThatTurnedIsExplainedByTheInputsOnRowsTooFewForTheSignTest() {
        // The served model reads input 0; the concept now reads inputs 0 and 1 together. About one
        // row in five changes side: some sixteen of eighty, mostly too few for the sign test.
        int likelihood = 0;
        int sign = 0;
        for (int seed = 0; seed < 10; seed++) {
            Random rnd = new Random(300 + seed);
            Rows r = Rows.of(rnd, 80, 4);
            int[] y = new int[80];
            for (int i = 0; i < y.length; i++) {
                y[i] = (r.u[i][0] + r.u[i][1] > 0.4) ^ (rnd.nextDouble() < 0.05) ? 1 : 0;
            }
            double z = LearnableDisagreement.z(r.logits, r.u, y, 0.5, 5, 1);
            sign += LearnableDisagreement.learnable(z, LEVEL) ? 1 : 0;
            likelihood += LearnableDisagreement.inputsBeyondScore(r.logits, r.u, y, 1, LEVEL) > 1 ? 1 : 0;
        }
        assertThat(likelihood).as("turned boundaries the likelihood test sees, of 10").isGreaterThanOrEqualTo(8);
        assertThat(sign).as("the sign test sees, of 10").isLessThan(likelihood);
    }

    @Test
    void labelsFlippedWhateverTheRowAreNotExplainedByTheInputs() {
        // A refitted map explains flipped labels (they make the served score overconfident); the
        // inputs add nothing to it. At level 1e-3, 720 trials pass by chance 0.72 times on average;
        // with 30 inputs (60 path terms) on 50–200 rows the chi-squared bar must still hold.
        int passed = 0;
        for (int d : new int[] {6, 30}) {
        for (double flip : new double[] {0.1, 0.25, 0.4}) {
            for (int n : new int[] {20, 50, 200}) {
                for (int seed = 0; seed < 40; seed++) {
                    Random rnd = new Random(1000 * n + seed + (long) (100_000 * flip) + 7 * d);
                    Rows r = Rows.of(rnd, n, d);
                    int[] y = new int[n];
                    for (int i = 0; i < n; i++) {
                        boolean fraud = rnd.nextDouble() < Logistic.sigmoid(r.logits[i]);
                        y[i] = fraud ^ (rnd.nextDouble() < flip) ? 1 : 0;
                    }
                    passed += LearnableDisagreement.inputsBeyondScore(r.logits, r.u, y, 1, LEVEL) > 1 ? 1 : 0;
                }
            }
        }
        }
        assertThat(passed).as("of 720 corrupted batches").isLessThanOrEqualTo(3);
    }

    @Test
    void theLikelihoodTestNeedsRowsOfBothClasses() {
        Rows r = Rows.of(new Random(6), 100, 3);
        assertThat(LearnableDisagreement.inputsBeyondScore(r.logits, r.u, new int[100], 1, LEVEL)).isZero();
        Rows few = Rows.of(new Random(7), LearnableDisagreement.ROWS_PER_TERM * 3 - 1, 3);
        int[] y = new int[few.logits.length];
        y[0] = 1;
        y[1] = 1;
        assertThat(LearnableDisagreement.inputsBeyondScore(few.logits, few.u, y, 1, LEVEL)).isZero();
    }

    @Test
    void labelsNearlyAllOfOneClassAreALabellingFailureNotAConcept() {
        // The served model flags a third of the rows; every label says normal. A constant predicts
        // that better, but fraud does not stop: chargebacks did.
        Random rnd = new Random(5);
        Rows r = Rows.of(rnd, 200, 5);
        int[] allNormal = new int[200];
        assertThat(LearnableDisagreement.z(r.logits, r.u, allNormal, 0.5, 5, 1)).isZero();
        int[] oneFraud = new int[200];
        oneFraud[7] = 1;
        assertThat(LearnableDisagreement.z(r.logits, r.u, oneFraud, 0.5, 5, 1)).isZero();
    }

    @Test
    void levelZeroNeverReleases() {
        assertThat(LearnableDisagreement.learnable(50, 0)).isFalse();
        // Two fits, so the one-sided bar is at level / 2: z 3.29 for 1e-3.
        assertThat(LearnableDisagreement.learnable(3.35, 1e-3)).isTrue();
        assertThat(LearnableDisagreement.learnable(3.2, 1e-3)).isFalse();
    }

    @Test
    void tooFewRowsToFoldGiveNoEvidence() {
        Rows r = Rows.of(new Random(3), 6, 2);
        assertThat(LearnableDisagreement.z(r.logits, r.u, new int[6], 0.5, 5, 1)).isZero();
    }
}
