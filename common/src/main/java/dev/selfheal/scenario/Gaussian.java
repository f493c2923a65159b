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

    public double sample(RandomGenerator rng) {
        return mean + sd * rng.nextGaussian();
    }

    public Gaussian shiftedBy(double delta) {
        return new Gaussian(mean + delta, sd);
    }
}
