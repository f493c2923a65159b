package dev.selfheal.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A {@link LayerNorm} over a layer's stored outputs, row by row, on whole vectors. The mean and the
 * variance are taken over the row's real units alone (a mask leaves out the zero units the kernel
 * pads a width with, which would pull both towards 0); a padded unit's weight and bias are 0, so it
 * stays exactly 0 after the normalisation.
 */
final class VectorLayerNorm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorLayerNorm() {}

    /** {@code norm} over {@code v[0..n)} in place: rows of {@code width} units, both multiples of the vector length. */
    static void apply(LayerNorm norm, float[] v, int n, int width) {
        int units = norm.units();
        float[] gamma = norm.weightArray();
        float[] beta = norm.biasArray();
        if (gamma.length != width) {
            throw new IllegalArgumentException("a LayerNorm of width " + gamma.length + " on rows of " + width);
        }
        for (int row = 0; row < n; row += width) {
            FloatVector sum = FloatVector.zero(S);
            for (int j = 0; j < width; j += L) {
                sum = sum.add(FloatVector.fromArray(S, v, row + j), S.indexInRange(j, units));
            }
            float mean = sum.reduceLanes(VectorOperators.ADD) / units;
            FloatVector squares = FloatVector.zero(S);
            for (int j = 0; j < width; j += L) {
                VectorMask<Float> real = S.indexInRange(j, units);
                FloatVector d = FloatVector.fromArray(S, v, row + j).sub(mean);
                squares = squares.add(d.mul(d), real);
            }
            float var = squares.reduceLanes(VectorOperators.ADD) / units;
            float inv = (float) (1 / Math.sqrt((double) var + norm.eps()));
            for (int j = 0; j < width; j += L) {
                FloatVector x = FloatVector.fromArray(S, v, row + j);
                FloatVector g = FloatVector.fromArray(S, gamma, j);
                FloatVector b = FloatVector.fromArray(S, beta, j);
                // a padded unit: (0 − mean)·(inv·0) + 0 = 0
                x.sub(mean).mul(g.mul(inv)).add(b).intoArray(v, row + j);
            }
        }
    }
}
