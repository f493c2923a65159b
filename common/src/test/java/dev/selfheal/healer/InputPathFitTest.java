package dev.selfheal.healer;

import dev.selfheal.math.Logistic;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class InputPathFitTest {

    @Test
    void learnsARelationTheNetworksLogitDoesNotCarry() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 2000;
        double[] z = new double[n];
        double[][] u = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                u[i][j] = rng.nextDouble() * 4 - 2;
            }
            z[i] = rng.nextDouble() * 2 - 1; // the network's logit: uninformative
            y[i] = rng.nextDouble() < Logistic.sigmoid(3 * u[i][1] - 1) ? 1 : 0;
        }
        InputPathFit.Result r = InputPathFit.fit(z, u, y, 1.0, true);
        assertThat(r.path().linear()[1]).isBetween(2.4f, 3.6f);
        assertThat(Math.abs(r.path().linear()[0])).isLessThan(0.3f);
        assertThat(Math.abs(r.path().linear()[2])).isLessThan(0.3f);
        assertThat(r.lossAfter()).isLessThan(r.lossBefore());
    }

    @Test
    void aWellCalibratedLogitNeedsNoPathAndKeepsItsMap() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 3000;
        double[] z = new double[n];
        double[][] u = new double[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            u[i][0] = rng.nextDouble() * 4 - 2;
            u[i][1] = rng.nextDouble() * 4 - 2;
            z[i] = 2 * u[i][0];
            y[i] = rng.nextDouble() < Logistic.sigmoid(z[i]) ? 1 : 0;
        }
        InputPathFit.Result r = InputPathFit.fit(z, u, y, 1.0, true);
        assertThat(r.a()).isBetween(0.8, 1.2);
        assertThat(Math.abs(r.b())).isLessThan(0.2);
        for (float w : r.path().square()) {
            assertThat(Math.abs(w)).isLessThan(0.2f);
        }
        assertThat(Math.abs(r.path().linear()[1])).isLessThan(0.2f);
    }

    @Test
    void aSignThatFlippedIsLearnedThroughTheMap() {
        SplittableRandom rng = new SplittableRandom(9);
        int n = 2000;
        double[] z = new double[n];
        double[][] u = new double[n][1];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            u[i][0] = rng.nextDouble() * 4 - 2;
            z[i] = -2 * u[i][0];
            y[i] = rng.nextDouble() < Logistic.sigmoid(2 * u[i][0]) ? 1 : 0;
        }
        InputPathFit.Result r = InputPathFit.fit(z, u, y, 1.0, false);
        // Either the map turns round or the path outweighs the logit: the served direction flips.
        double slope = -2 * r.a() + r.path().linear()[0];
        assertThat(slope).isGreaterThan(1.5);
        assertThat(r.a()).isNegative();

        // Held increasing, the map stops at zero and the path carries the flipped relation alone.
        boolean[] all = {true};
        InputPathFit.Result inc = InputPathFit.fit(z, u, y, 1.0, false, all, true);
        assertThat(inc.a()).isZero();
        assertThat(inc.path().linear()[0]).isGreaterThan(1.5f);
    }

    @Test
    void aRestrictedFitLeavesInactiveInputsAtZero() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 1000;
        double[] z = new double[n];
        double[][] u = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                u[i][j] = rng.nextDouble() * 4 - 2;
            }
            y[i] = rng.nextDouble() < Logistic.sigmoid(2 * u[i][0] + 2 * u[i][2]) ? 1 : 0;
        }
        InputPathFit.Result r = InputPathFit.fit(z, u, y, 1.0, true, new boolean[] {false, false, true}, false);
        assertThat(r.path().linear()[0]).isZero();
        assertThat(r.path().square()[0]).isZero();
        assertThat(r.path().linear()[1]).isZero();
        assertThat(r.path().linear()[2]).isGreaterThan(0.5f);
    }
}
