package dev.selfheal.model;

import jdk.incubator.vector.FloatVector;

/** Sweeps the kernel's vector tanh against Math.tanh (kept out of the test class, which must load without the module). */
final class VectorMathCheck {
    private VectorMathCheck() {}

    static double worstTanhError() {
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        float[] in = new float[lanes];
        float[] out = new float[lanes];
        double worst = 0;
        for (int k = -200_000; k <= 200_000; k += lanes) {
            for (int l = 0; l < lanes; l++) {
                in[l] = (k + l) * 1e-4f * (k % 3 == 0 ? 1 : 0.37f);
            }
            VectorKernel.tanh(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, in, 0)).intoArray(out, 0);
            for (int l = 0; l < lanes; l++) {
                worst = Math.max(worst, Math.abs(out[l] - Math.tanh(in[l])));
            }
        }
        return worst;
    }
}
