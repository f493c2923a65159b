package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vector kernel's LayerNorm over rows padded with zero units: the mean and variance are the
 * real units' alone (the reference, in double, on the unpadded row), and a padded unit stays
 * exactly 0, so the next layer's zero weights meet only zeros.
 */
class VectorLayerNormTest {
    @Test
    void paddedRowsAreNormalisedOverTheirRealUnitsAndThePaddingStaysZero() {
        int lanes = VectorKernel.lanes();
        int units = 3 * lanes - 5;
        int width = 3 * lanes;
        SplittableRandom rng = new SplittableRandom(7);
        float[] w = new float[units];
        float[] b = new float[units];
        for (int i = 0; i < units; i++) {
            w[i] = (float) (0.5 + rng.nextDouble());
            b[i] = (float) rng.nextGaussian();
        }
        LayerNorm norm = new LayerNorm(units, 1e-5f, w, b);
        int rows = 4;
        float[] v = new float[rows * width];
        double[][] want = new double[rows][units];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < units; i++) {
                // an offset and a spread that a mean or variance over the padding would get wrong
                v[r * width + i] = (float) (5 + 3 * rng.nextGaussian());
                want[r][i] = v[r * width + i];
            }
            norm.apply(want[r], 0);
        }
        VectorActivations.apply(Activation.IDENTITY.withNorm(norm.padded(width)), v, rows * width, width);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < units; i++) {
                assertThat((double) v[r * width + i]).as("row %d unit %d", r, i)
                        .isCloseTo(want[r][i], org.assertj.core.data.Offset.offset(1e-5));
            }
            for (int i = units; i < width; i++) {
                assertThat(Float.floatToRawIntBits(v[r * width + i])).as("padded unit %d", i).isZero();
            }
        }
    }

    @Test
    void aReluAfterTheNormIsAppliedToItsOutputNotFusedBeforeIt() {
        int width = VectorKernel.lanes();
        float[] v = new float[width];
        for (int i = 0; i < width; i++) {
            v[i] = i;
        }
        VectorActivations.apply(Activation.RELU.withNorm(LayerNorm.plain(width, 1e-5f)), v, width, width);
        // the lower half of a normalised 0..n−1 is below 0: ReLU after the norm zeroes it, the upper half stays
        for (int i = 0; i < width; i++) {
            assertThat(v[i] == 0f).as("unit %d", i).isEqualTo(i < width / 2);
        }
    }
}
