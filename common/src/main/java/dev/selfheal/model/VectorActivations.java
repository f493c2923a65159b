package dev.selfheal.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The activations of an imported chain other than ReLU (which {@link VectorKernel} fuses into its
 * stores), on whole vectors, run over a layer's outputs once they are stored. Each smooth one is
 * built from one {@code exp} of a non-positive argument (Softplus adds a {@code log1p} of its
 * result), accurate to a few float ulps relative, so that a value near 0 (a sigmoid far below 0, a
 * SiLU, GELU, Mish or Softplus of a large negative input) is as accurate as a value near 1: the
 * copy must give the module's outputs on extreme rows too.
 */
final class VectorActivations {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);
    private static final float SQRT_HALF = (float) Math.sqrt(0.5);
    // erfc(u) ≈ t·(A1 + t·(A2 + t·(A3 + t·(A4 + t·A5))))·exp(−u²), t = 1/(1 + P·u), u ≥ 0
    // (Abramowitz and Stegun 7.1.26: absolute error below 1.5e-7).
    private static final float P = 0.3275911f;
    private static final float A1 = 0.254829592f;
    private static final float A2 = -0.284496736f;
    private static final float A3 = 1.421413741f;
    private static final float A4 = -1.453152027f;
    private static final float A5 = 1.061405429f;
    private static final float LOG2E = 1.44269504f;
    private static final float LN2 = 0.693147181f;
    private static final float SQRT_2 = (float) Math.sqrt(2);
    private static final float LN2_HI = 0.693145752f;
    private static final float LN2_LO = 1.42860677e-6f;
    /** 1.5·2^23: adding it rounds to an integer, which then sits in the low mantissa bits. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);

    private VectorActivations() {}

    /** {@code a} over {@code v[0..n)} in place, {@code n} a multiple of the vector length, one row of units. */
    static void apply(Activation a, float[] v, int n) {
        apply(a, v, n, n);
    }

    /**
     * {@code a} over {@code v[0..n)} in place: rows of {@code width} units (which a per-unit
     * activation's constants follow), both multiples of the vector length.
     */
    static void apply(Activation a, float[] v, int n, int width) {
        if (a.normed()) {
            VectorLayerNorm.apply(a.norm(), v, n, width);
        }
        switch (a.kind()) {
            case TANH -> {
                for (int i = 0; i < n; i += L) {
                    VectorKernel.tanh(FloatVector.fromArray(S, v, i)).intoArray(v, i);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i += L) {
                    sigmoid(FloatVector.fromArray(S, v, i)).intoArray(v, i);
                }
            }
            case SILU -> {
                for (int i = 0; i < n; i += L) {
                    FloatVector x = FloatVector.fromArray(S, v, i);
                    x.mul(sigmoid(x)).intoArray(v, i);
                }
            }
            case LEAKY_RELU -> {
                float slope = a.param();
                for (int i = 0; i < n; i += L) {
                    FloatVector x = FloatVector.fromArray(S, v, i);
                    x.max(0f).add(x.min(0f).mul(slope)).intoArray(v, i);
                }
            }
            case ELU -> {
                float alpha = a.param();
                for (int i = 0; i < n; i += L) {
                    FloatVector x = FloatVector.fromArray(S, v, i);
                    x.max(0f).add(exp(x.min(0f)).sub(1f).mul(alpha)).intoArray(v, i);
                }
            }
            case GELU -> {
                for (int i = 0; i < n; i += L) {
                    FloatVector x = FloatVector.fromArray(S, v, i);
                    x.mul(normalCdf(x)).intoArray(v, i);
                }
            }
            case GELU_TANH -> {
                // 0.5·(1 + tanh(y)) = sigmoid(2y): accurate where the tanh form's 1 + tanh(y) cancels
                for (int i = 0; i < n; i += L) {
                    FloatVector x = FloatVector.fromArray(S, v, i);
                    FloatVector y = x.mul(x).mul(x).mul(0.044715f).add(x).mul(2 * SQRT_2_OVER_PI);
                    x.mul(sigmoid(y)).intoArray(v, i);
                }
            }
            case SOFTPLUS -> {
                float beta = a.param();
                float threshold = a.params()[1];
                for (int i = 0; i < n; i += L) {
                    FloatVector x = FloatVector.fromArray(S, v, i);
                    FloatVector bx = x.mul(beta);
                    // log(1 + e^bx) = max(bx, 0) + log1p(e^−|bx|), then PyTorch's linear part above the threshold
                    FloatVector sp = bx.max(0f).add(log1p(exp(bx.abs().neg()))).div(beta);
                    sp.blend(x, bx.compare(VectorOperators.GT, threshold)).intoArray(v, i);
                }
            }
            case RELU6 -> clamp(v, n, 0f, 6f);
            case HARDTANH -> clamp(v, n, a.params()[0], a.params()[1]);
            case MISH -> {
                // tanh(log(1 + e^x)) = n/(n + 2), n = e^x·(e^x + 2); from e = e^−|x| so nothing overflows:
                // (e² + 2e)/(e² + 2e + 2) below 0, (1 + 2e)/(1 + 2e + 2e²) above
                for (int i = 0; i < n; i += L) {
                    FloatVector x = FloatVector.fromArray(S, v, i);
                    FloatVector e = exp(x.abs().neg());
                    FloatVector below = e.mul(e.add(2f));
                    FloatVector above = e.mul(2f).add(1f);
                    VectorMask<Float> positive = x.compare(VectorOperators.GE, 0f);
                    FloatVector num = below.blend(above, positive);
                    FloatVector den = below.add(2f).blend(above.add(e.mul(e).mul(2f)), positive);
                    x.mul(num.div(den)).intoArray(v, i);
                }
            }
            case PRELU -> {
                float[] slopes = a.params();
                for (int i = 0; i < n; i += L) {
                    FloatVector x = FloatVector.fromArray(S, v, i);
                    FloatVector slope = slopes.length == 1 ? FloatVector.broadcast(S, slopes[0])
                            : FloatVector.fromArray(S, slopes, i % width);
                    x.max(0f).add(x.min(0f).mul(slope)).intoArray(v, i);
                }
            }
            case RELU -> {
                // after a LayerNorm: the store could not take it as a floor
                requireNorm(a);
                for (int i = 0; i < n; i += L) {
                    FloatVector.fromArray(S, v, i).max(0f).intoArray(v, i);
                }
            }
            case IDENTITY -> requireNorm(a);
        }
    }

    private static void requireNorm(Activation a) {
        if (!a.normed()) {
            throw new IllegalArgumentException(a.text() + " is fused into the layer's store");
        }
    }

    private static void clamp(float[] v, int n, float lo, float hi) {
        for (int i = 0; i < n; i += L) {
            FloatVector.fromArray(S, v, i).max(lo).min(hi).intoArray(v, i);
        }
    }

    /**
     * log(1 + e) for 0 ≤ e ≤ 1, accurate relative to e itself when e is tiny: u = 1 + e as m·2^k
     * with m in [√½, √2), log m by the series of atanh((m − 1)/(m + 1)) (to s¹¹: truncation below
     * 1e-10), plus the rounding of 1 + e, (e − (u − 1))/u.
     */
    static FloatVector log1p(FloatVector e) {
        FloatVector u = e.add(1f);
        VectorMask<Float> high = u.compare(VectorOperators.GE, SQRT_2);
        FloatVector m = u.blend(u.mul(0.5f), high);
        FloatVector s = m.sub(1f).div(m.add(1f));
        FloatVector s2 = s.mul(s);
        FloatVector series = s2.mul(1f / 11f).add(1f / 9f).mul(s2).add(1f / 7f).mul(s2).add(1f / 5f).mul(s2)
                .add(1f / 3f).mul(s2).add(1f).mul(s).mul(2f);
        FloatVector k = FloatVector.zero(S).blend(LN2, high);
        FloatVector rounding = e.sub(u.sub(1f)).div(u);
        return k.add(series).add(rounding);
    }

    /** 1/(1 + e^−x), from e = exp(−|x|): 1/(1 + e) for x ≥ 0, e/(1 + e) below. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector q = e.add(1f);
        return e.blend(1f, x.compare(VectorOperators.GE, 0f)).div(q);
    }

    /** Φ(x) = erfc(−x/√2)/2, from erfc of |x|/√2 (A&amp;S 7.1.26) and its reflection for x &gt; 0. */
    static FloatVector normalCdf(FloatVector x) {
        FloatVector u = x.abs().mul(SQRT_HALF);
        FloatVector t = u.mul(P).add(1f);
        t = FloatVector.broadcast(S, 1f).div(t);
        FloatVector poly = t.mul(A5).add(A4).mul(t).add(A3).mul(t).add(A2).mul(t).add(A1).mul(t);
        FloatVector half = poly.mul(exp(u.mul(u).neg())).mul(0.5f); // erfc(u)/2 = Φ(−|x|)
        VectorMask<Float> positive = x.compare(VectorOperators.GT, 0f);
        return half.blend(half.neg().add(1f), positive);
    }

    /**
     * e^z for z ≤ 0 (clamped at −87, where it is below every float's significance here): 2^k times
     * e^r, |r| ≤ ln2/2, by its Taylor series to r^7 (truncation below 1e-8 relative).
     */
    static FloatVector exp(FloatVector z) {
        z = z.max(-87f);
        FloatVector shifted = z.mul(LOG2E).add(ROUND);
        FloatVector k = shifted.sub(ROUND);
        FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), z);
        r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector q = r.mul(1f / 5040f).add(1f / 720f);
        q = q.fma(r, FloatVector.broadcast(S, 1f / 120f));
        q = q.fma(r, FloatVector.broadcast(S, 1f / 24f));
        q = q.fma(r, FloatVector.broadcast(S, 1f / 6f));
        q = q.fma(r, FloatVector.broadcast(S, 0.5f));
        q = q.fma(r, FloatVector.broadcast(S, 1f));
        q = q.fma(r, FloatVector.broadcast(S, 1f));
        FloatVector pow2 = shifted.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return q.mul(pow2);
    }
}
