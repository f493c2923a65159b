package dev.selfheal.scenario;

import java.util.random.RandomGenerator;

/** A normal distribution N(mean, sd²): the class-conditional law of V14. */
public record Gaussian(double mean, double sd) {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    public Gaussian {
        if (!Double.isFinite(mean) || !(sd > 0) || !Double.isFinite(sd)) {
            throw new IllegalArgumentException("need a finite mean and sd > 0, got N(" + mean + ", " + sd + ")");
        }
    }

    public double density(double x) {
        return Math.exp(logDensity(x));
    }

    /** Kept separate so likelihood ratios far in the tails do not underflow to 0/0. */
    public double logDensity(double x) {
        double z = (x - mean) / sd;
        return -0.5 * z * z - Math.log(sd) - LOG_SQRT_2PI;
    }

    /**
     * P(X > x), by Simpson's rule on the standard density over 40 standard deviations with step
     * 10⁻³ (error below 10⁻¹²; the tail beyond is below 10⁻³⁴⁸).
     */
    public double upperTail(double x) {
        double z = (x - mean) / sd;
        return z >= 0 ? standardTail(z) : 1 - standardTail(-z);
    }

    private static double standardTail(double z) {
        int steps = 40_000;
        double h = 40.0 / steps;
        double sum = standardDensity(z) + standardDensity(z + 40.0);
        for (int i = 1; i < steps; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * standardDensity(z + i * h);
        }
        return sum * h / 3;
    }

    private static double standardDensity(double z) {
        return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    }

    public double sample(RandomGenerator rng) {
        return mean + sd * rng.nextGaussian();
    }

    public Gaussian shiftedBy(double delta) {
        return new Gaussian(mean + delta, sd);
    }
}
