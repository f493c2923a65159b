package dev.selfheal.math;

/** Tail probabilities of the binomial distribution, summed exactly in log space. */
public final class Binomial {
    private Binomial() {}

    /** P(X ≥ k) for X ~ Binomial(n, p). */
    public static double upperTail(long n, long k, double p) {
        if (k <= 0) {
            return 1;
        }
        if (k > n || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return 1;
        }
        // log P(X = k), then the terms above it by the ratio of consecutive terms.
        double logPmf = k * Math.log(p) + (n - k) * Math.log1p(-p);
        for (long i = 1; i <= k; i++) {
            logPmf += Math.log((double) (n - k + i) / i);
        }
        double term = Math.exp(logPmf);
        double sum = term;
        double ratio = p / (1 - p);
        for (long j = k; j < n; j++) {
            term *= (double) (n - j) / (j + 1) * ratio;
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return Math.min(1, sum);
    }
}
