package dev.selfheal.healer;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PlattFitTest {

    @Test
    void recoversAKnownMapWithinItsStatisticalError() {
        double a = 2.0;
        double b = -1.0;
        int n = 20_000;
        SplittableRandom rng = new SplittableRandom(17);
        float[] z = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) (1.5 * rng.nextGaussian());
            y[i] = rng.nextDouble() < sigmoid(a * z[i] + b) ? 1 : 0;
        }

        double[] fit = PlattFit.fit(z, y);

        // Standard errors of the maximum-likelihood estimate: sqrt of the inverse Fisher information's
        // diagonal at the true map; it shrinks as 1/sqrt(n). Four of them is a generous band that
        // still fails for a fit that ignores the data (the identity is ~40 of them away).
        double iaa = 0;
        double iab = 0;
        double ibb = 0;
        for (float zi : z) {
            double p = sigmoid(a * zi + b);
            double w = p * (1 - p);
            iaa += w * zi * zi;
            iab += w * zi;
            ibb += w;
        }
        double det = iaa * ibb - iab * iab;
        double seA = Math.sqrt(ibb / det);
        double seB = Math.sqrt(iaa / det);
        assertThat(fit[0]).isCloseTo(a, within(4 * seA));
        assertThat(fit[1]).isCloseTo(b, within(4 * seB));
        assertThat(Math.abs(1 - a) / seA).isGreaterThan(10);
    }

    @Test
    void noRowsGiveTheIdentity() {
        assertThat(PlattFit.fit(new float[0], new int[0])).containsExactly(1.0, 0.0);
    }

    @Test
    void aHandfulOfContradictingRowsMoveTheMapTowardTheEvidenceButNotFar() {
        // Three confident, wrong predictions: without the pull toward identity the log loss would
        // drive a toward minus infinity.
        float[] z = {4f, -4f, 3f};
        int[] y = {0, 1, 0};

        double[] fit = PlattFit.fit(z, y);

        assertThat(fit[0]).isLessThan(1.0).isGreaterThan(-1.0);
        assertThat(fit[1]).isBetween(-1.0, 1.0);
    }

    @Test
    void theFitNeverHasAHigherLogLossThanTheIdentityOnItsOwnRows() {
        // Saturated, mostly wrong logits are where an undamped Newton step overshoots.
        float[][] zs = {
            {4f, -4f, 3f},
            {8f, -8f, 8f, -8f, 7f, -7f, 8f, -8f, 6f, 0.5f},
            {16f, 16f, 16f, -16f, -16f, 2f, -2f, 1f},
        };
        int[][] ys = {
            {0, 1, 0},
            {0, 1, 0, 1, 0, 1, 1, 0, 0, 1},
            {0, 0, 1, 1, 1, 0, 1, 1},
        };
        for (int k = 0; k < zs.length; k++) {
            double[] fit = PlattFit.fit(zs[k], ys[k]);
            assertThat(logLoss(zs[k], ys[k], fit[0], fit[1])).as("case %d: fit %s", k, Arrays.toString(fit))
                    .isLessThanOrEqualTo(logLoss(zs[k], ys[k], 1, 0));
        }
    }

    @Test
    void aHandfulOfConsistentRowsStayNearIdentity() {
        float[] z = {2f, -2f, -1f, 1.5f};
        int[] y = {1, 0, 0, 1};

        double[] fit = PlattFit.fit(z, y);

        assertThat(fit[0]).isCloseTo(1.0, within(0.5));
        assertThat(fit[1]).isCloseTo(0.0, within(0.5));
    }

    @Test
    void theSameEvidenceRepeatedMovesTheFitFurtherFromTheIdentity() {
        // Twenty rows whose logits are twice as sharp as they should be, repeated k times: the
        // data's weight grows with k while the pull toward identity stays, so the fit must move
        // steadily away from (1, 0).
        SplittableRandom rng = new SplittableRandom(23);
        int base = 20;
        float[] z0 = new float[base];
        int[] y0 = new int[base];
        for (int i = 0; i < base; i++) {
            z0[i] = (float) (2 * rng.nextGaussian());
            y0[i] = rng.nextDouble() < sigmoid(0.5 * z0[i]) ? 1 : 0;
        }
        double previous = 0;
        for (int k : new int[] {1, 4, 16, 64}) {
            float[] z = new float[base * k];
            int[] y = new int[base * k];
            for (int r = 0; r < k; r++) {
                System.arraycopy(z0, 0, z, r * base, base);
                System.arraycopy(y0, 0, y, r * base, base);
            }
            double[] fit = PlattFit.fit(z, y);
            double distance = Math.hypot(fit[0] - 1, fit[1]);
            assertThat(distance).as("distance from identity with %d copies", k).isGreaterThan(previous);
            previous = distance;
        }
    }

    @Test
    void allOneClassGivesFiniteValues() {
        float[] z = {-3f, -1f, 0f, 2f, 5f, 16.1f, -16.1f};
        int[] ones = new int[z.length];
        Arrays.fill(ones, 1);
        int[] zeros = new int[z.length];

        for (int[] y : new int[][] {ones, zeros}) {
            double[] fit = PlattFit.fit(z, y);
            assertThat(fit).hasSize(2);
            assertThat(fit[0]).isFinite();
            assertThat(fit[1]).isFinite();
        }
    }

    @Test
    void constantLogitsGiveFiniteValuesAndMoveOnlyTheOffsetDirection() {
        float[] z = new float[200];
        Arrays.fill(z, 0.7f);
        int[] y = new int[200];
        for (int i = 0; i < 40; i++) {
            y[i] = 1;
        }

        double[] fit = PlattFit.fit(z, y);

        assertThat(fit[0]).isFinite();
        assertThat(fit[1]).isFinite();
        // 20% positives at logit 0.7: the fitted probability there is close to 0.2.
        assertThat(sigmoid(fit[0] * 0.7 + fit[1])).isCloseTo(0.2, within(0.02));
    }

    @Test
    void constantZeroLogitsOfOneClassGiveFiniteValues() {
        float[] z = new float[50];
        int[] y = new int[50];
        Arrays.fill(y, 1);

        double[] fit = PlattFit.fit(z, y);

        assertThat(fit[0]).isFinite();
        assertThat(fit[1]).isFinite();
    }

    @Test
    void logitIsClampedAtCertainProbabilities() {
        assertThat(PlattFit.logit(0.5f)).isEqualTo(0f);
        assertThat((double) PlattFit.logit(0.8f)).isCloseTo(Math.log(4), within(1e-6));
        assertThat(PlattFit.logit(0f)).isFinite().isNegative();
        assertThat(PlattFit.logit(1f)).isFinite().isPositive();
        assertThat(PlattFit.logit(Float.MIN_VALUE)).isEqualTo(PlattFit.logit(0f));
    }

    private static double logLoss(float[] z, int[] y, double a, double b) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            double u = a * z[i] + b;
            // -log σ(u) for a positive, -log(1 - σ(u)) for a negative, without overflow.
            double v = y[i] == 1 ? -u : u;
            sum += Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
        }
        return sum / z.length;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
