package dev.selfheal.drift;

/**
 * A two-sample Kolmogorov–Smirnov test.
 *
 * @param statistic D, the largest gap between the two empirical distribution functions (0..1)
 * @param pValue asymptotic probability of a D at least this large if both samples came from one
 *     distribution
 */
public record KsResult(double statistic, double pValue) {}
