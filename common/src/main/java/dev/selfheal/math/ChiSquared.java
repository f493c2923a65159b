package dev.selfheal.math;

/** Upper quantiles of the chi-squared distribution, by the Wilson–Hilferty cube approximation. */
public final class ChiSquared {
    private ChiSquared() {}

    /** The value a chi-squared variable with {@code dof} degrees of freedom exceeds with probability {@code p}. */
    public static double upperQuantile(int dof, double p) {
        double k = Math.max(1, dof);
        double t = 2 / (9 * k);
        double c = 1 - t + normalUpperQuantile(p) * Math.sqrt(t);
        return k * c * c * c;
    }

    /** z with P(Z > z) = p for a standard normal Z (Abramowitz and Stegun 26.2.23, error below 5e-4). */
    public static double normalUpperQuantile(double p) {
        double q = Math.min(Math.max(p, 1e-300), 0.5);
        double t = Math.sqrt(-2 * Math.log(q));
        double z = t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
                / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
        return p <= 0.5 ? z : -normalUpperQuantile(1 - p);
    }
}
