package dev.selfheal.scenario;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The best accuracy and F1 any classifier can reach on a population, by numeric integration of
 * V14's class densities. V14 is a sufficient statistic: every other feature has the same law under
 * both classes, so it cannot change the likelihood ratio.
 */
public record Ceiling(double accuracy, double f1) {
    // A grid this wide and fine keeps the integration error far below the ±0.005 the design's
    // table is quoted to; the densities here have sd >= 0.8 and means within ±5.
    private static final double LO = -20.0;
    private static final double HI = 20.0;
    private static final double STEP = 1e-3;

    /** The ceiling on the distribution at the end of the scenario's default-length stream. */
    public static Ceiling of(Scenario scenario) {
        return of(new DriftSchedule(scenario).endOfStream(ScenarioConfig.defaults().batches()));
    }

    /** The ceiling on the training (undrifted) distribution. */
    public static Ceiling clean() {
        return of(Population.clean());
    }

    public static Ceiling of(Population population) {
        double pi1 = population.fraudShare();
        double pi0 = 1.0 - pi1;
        Gaussian g0 = population.normalV14();
        Gaussian g1 = population.fraudV14();
        int cells = (int) Math.round((HI - LO) / STEP);
        double[] fraudMass = new double[cells];
        double[] normalMass = new double[cells];
        double[] logRatio = new double[cells];
        double accuracy = 0.0;
        for (int i = 0; i < cells; i++) {
            double x = LO + (i + 0.5) * STEP;
            fraudMass[i] = pi1 * g1.density(x) * STEP;
            normalMass[i] = pi0 * g0.density(x) * STEP;
            logRatio[i] = g1.logDensity(x) - g0.logDensity(x);
            // Bayes rule: each cell goes to the class with more mass in it.
            accuracy += Math.max(fraudMass[i], normalMass[i]);
        }
        return new Ceiling(accuracy, bestF1(pi1, fraudMass, normalMass, logRatio));
    }

    /**
     * The F1-optimal classifier flags the cells with the highest likelihood ratio first (a
     * Neyman–Pearson argument: for any number of false positives that set maximises true
     * positives), so sweeping cells in that order visits the optimum.
     */
    private static double bestF1(double pi1, double[] fraudMass, double[] normalMass, double[] logRatio) {
        Integer[] order = IntStream.range(0, logRatio.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> logRatio[i]).reversed());
        double tp = 0.0;
        double fp = 0.0;
        double best = 0.0;
        for (int i : order) {
            tp += fraudMass[i];
            fp += normalMass[i];
            double fn = Math.max(0.0, pi1 - tp);
            best = Math.max(best, 2 * tp / (2 * tp + fp + fn));
        }
        return best;
    }
}
