package dev.selfheal.drift;

import java.util.Arrays;

/**
 * Two-sample Kolmogorov–Smirnov test of a batch against a feature's reference sample. The p-value
 * is the asymptotic one: the Kolmogorov distribution's tail at λ = D·√(n₁n₂/(n₁+n₂)). It errs
 * slightly conservative for the ~100-row batches used here, which suits a drift alarm.
 */
public final class KsDetector {

    public KsResult test(FeatureStats reference, float[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values for KS of '" + reference.name() + "'");
        }
        float[] batch = values.clone();
        Arrays.sort(batch);
        float[] sample = reference.referenceSample();
        double d = statistic(batch, sample);
        return new KsResult(d, pValue(d, batch.length, sample.length));
    }

    /** D for two sorted samples. Steps over all copies of a tied value at once, as the ECDFs do. */
    static double statistic(float[] a, float[] b) {
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            // Float.compare orders NaN last and equal to itself, so every step makes progress.
            float x = Float.compare(a[i], b[j]) <= 0 ? a[i] : b[j];
            while (i < a.length && Float.compare(a[i], x) <= 0) {
                i++;
            }
            while (j < b.length && Float.compare(b[j], x) <= 0) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    static double pValue(double d, int n1, int n2) {
        double effectiveN = (double) n1 * n2 / (n1 + n2);
        return kolmogorovSurvival(d * Math.sqrt(effectiveN));
    }

    /**
     * P(K &gt; λ) for the Kolmogorov distribution. Two series for the same function, each used
     * where it converges in a few terms: the alternating one 2Σ(−1)^(j−1)·e^(−2j²λ²) for large λ,
     * and its Jacobi-theta dual 1 − (√(2π)/λ)·Σ e^(−(2j−1)²π²/(8λ²)) for small λ.
     */
    static double kolmogorovSurvival(double lambda) {
        if (!(lambda > 0)) {
            return 1.0;
        }
        double sum = 0;
        if (lambda < 1.18) {
            double y = Math.exp(-Math.PI * Math.PI / (8 * lambda * lambda));
            for (int j = 1; j <= 100; j++) {
                double term = Math.pow(y, (2.0 * j - 1) * (2.0 * j - 1));
                sum += term;
                if (term <= 1e-17 * sum) {
                    break;
                }
            }
            return clamp(1 - Math.sqrt(2 * Math.PI) / lambda * sum);
        }
        double x = Math.exp(-2 * lambda * lambda);
        double sign = 1;
        for (int j = 1; j <= 100; j++) {
            double term = Math.pow(x, (double) j * j);
            sum += sign * term;
            if (term <= 1e-17 * Math.abs(sum)) {
                break;
            }
            sign = -sign;
        }
        return clamp(2 * sum);
    }

    private static double clamp(double p) {
        return Math.max(0, Math.min(1, p));
    }
}
