package dev.selfheal.scenario;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The best accuracy and F1 any classifier can reach on a law, by numeric integration of the
 * classes' densities over the features that tell them apart (the others have the same law under
 * every class, so they cannot change the likelihood ratio):
 * <ul>
 *   <li>one fraud mode: V14 alone, on a grid of step 1e-3 over [-20, 20];</li>
 *   <li>a second fraud mode: V14 and that mode's feature, on a 1000 × 1000 grid spanning ten
 *       standard deviations either side of every component (midpoint rule; its error on these
 *       smooth densities is far below the third decimal);</li>
 *   <li>the correlated family: the one projection μᵀΣ⁻¹x (see {@link CorrelatedPopulation});</li>
 *   <li>the concept-switch families: no integral at all, since the posterior takes two values,
 *       1 − noise inside the concept and noise outside (see {@link ConceptSwitchPopulation}).</li>
 * </ul>
 * The F1 ceiling follows one convention throughout: the best F1 over every threshold of the Bayes
 * posterior.
 */
public record Ceiling(double accuracy, double f1) {
    // A grid this wide and fine keeps the integration error far below the ±0.005 the design's
    // table is quoted to; the densities here have sd >= 0.8 and means within ±5.
    private static final double LO = -20.0;
    private static final double HI = 20.0;
    private static final double STEP = 1e-3;
    private static final int GRID_2D = 1000;
    private static final double SPAN_SDS = 10.0;

    /** The ceiling on the distribution at the end of the scenario's default-length stream. */
    public static Ceiling of(Scenario scenario) {
        return of(new DriftSchedule(scenario).endOfStream(ScenarioConfig.defaults().batches()));
    }

    /** The ceiling on the training (undrifted) distribution of the reference family. */
    public static Ceiling clean() {
        return of(Population.clean());
    }

    public static Ceiling of(Distribution law) {
        if (law instanceof CorrelatedPopulation c) {
            // Along the projection, standardised: normal N(0, 1), fraud N(Δ, 1).
            return oneFeature(c.fraudShare(), new Gaussian(0, 1), new Gaussian(c.mahalanobis(), 1));
        }
        if (law instanceof ConceptSwitchPopulation c) {
            return conceptSwitch(c);
        }
        Population p = (Population) law;
        return p.secondMode().present() ? twoFeatures(p) : oneFeature(p.fraudShare(), p.normalV14(), p.fraudV14());
    }

    /**
     * Two cells, inside the concept (share π) and outside it: fraud holds 1 − noise of the first
     * cell's mass and noise of the second's, so the Bayes rule says fraud inside, and the F1 sweep
     * chooses between flagging the inside and flagging every row.
     */
    static Ceiling conceptSwitch(ConceptSwitchPopulation law) {
        double pi = law.concept().share();
        double noise = law.labelNoise();
        double[] fraudMass = {(1 - noise) * pi, noise * (1 - pi)};
        double[] normalMass = {noise * pi, (1 - noise) * (1 - pi)};
        double accuracy = Math.max(fraudMass[0], normalMass[0]) + Math.max(fraudMass[1], normalMass[1]);
        return new Ceiling(accuracy, bestF1(law.fraudShare(), fraudMass, normalMass, new int[] {0, 1}));
    }

    /** Two Gaussian classes on one line. */
    static Ceiling oneFeature(double pi1, Gaussian g0, Gaussian g1) {
        double pi0 = 1.0 - pi1;
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
        Integer[] boxed = IntStream.range(0, cells).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, Comparator.comparingDouble((Integer i) -> logRatio[i]).reversed());
        int[] order = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
        return new Ceiling(accuracy, bestF1(pi1, fraudMass, normalMass, order));
    }

    /**
     * V14 and the second mode's feature: normal rows and the first fraud mode have that feature's
     * ordinary law, the second mode its own; every component is a product of two Gaussians.
     */
    static Ceiling twoFeatures(Population p) {
        FraudMode mode = p.secondMode();
        double offset = mode.feature() == ScenarioGenerator.NOISE_FEATURE ? p.noiseOffset() : 0.0;
        Gaussian usual = new Gaussian(offset, 1.0);
        Gaussian modeLaw = mode.law().shiftedBy(offset);
        double pi1 = p.fraudShare();
        double[] logWeight = {Math.log(1 - mode.share()), Math.log(mode.share())};
        Gaussian[] fraudU = {p.fraudV14(), mode.v14()};
        Gaussian[] fraudV = {usual, modeLaw};
        double[] uRange = span(p.normalV14(), p.fraudV14(), mode.v14());
        double[] vRange = span(usual, modeLaw);
        double du = (uRange[1] - uRange[0]) / GRID_2D;
        double dv = (vRange[1] - vRange[0]) / GRID_2D;
        int cells = GRID_2D * GRID_2D;
        double[] fraudMass = new double[cells];
        double[] normalMass = new double[cells];
        float[] logRatio = new float[cells];
        double accuracy = 0.0;
        for (int a = 0; a < GRID_2D; a++) {
            double u = uRange[0] + (a + 0.5) * du;
            for (int b = 0; b < GRID_2D; b++) {
                double v = vRange[0] + (b + 0.5) * dv;
                double logNormal = p.normalV14().logDensity(u) + usual.logDensity(v);
                double logFraud = logSumExp(logWeight[0] + fraudU[0].logDensity(u) + fraudV[0].logDensity(v),
                        logWeight[1] + fraudU[1].logDensity(u) + fraudV[1].logDensity(v));
                int i = a * GRID_2D + b;
                fraudMass[i] = pi1 * Math.exp(logFraud) * du * dv;
                normalMass[i] = (1 - pi1) * Math.exp(logNormal) * du * dv;
                logRatio[i] = (float) (logFraud - logNormal);
                accuracy += Math.max(fraudMass[i], normalMass[i]);
            }
        }
        return new Ceiling(accuracy, bestF1(pi1, fraudMass, normalMass, descending(logRatio)));
    }

    /**
     * The F1-optimal classifier flags the cells with the highest likelihood ratio first (a
     * Neyman–Pearson argument: for any number of false positives that set maximises true
     * positives), so sweeping cells in that order visits the optimum.
     */
    private static double bestF1(double pi1, double[] fraudMass, double[] normalMass, int[] order) {
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

    /**
     * Cell indices by decreasing key, with primitive sorting (a million boxed indices would take
     * seconds): each long holds the key's order-preserving bits above the index. Cells whose keys
     * agree to float precision may come in either order; that moves the F1 by less than their mass.
     */
    private static int[] descending(float[] key) {
        long[] packed = new long[key.length];
        for (int i = 0; i < key.length; i++) {
            int bits = Float.floatToIntBits(key[i]);
            int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
            packed[i] = ((long) ordered << 32) | i;
        }
        Arrays.sort(packed);
        int[] order = new int[key.length];
        for (int i = 0; i < key.length; i++) {
            order[i] = (int) packed[key.length - 1 - i];
        }
        return order;
    }

    private static double[] span(Gaussian... laws) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Gaussian g : laws) {
            lo = Math.min(lo, g.mean() - SPAN_SDS * g.sd());
            hi = Math.max(hi, g.mean() + SPAN_SDS * g.sd());
        }
        return new double[] {lo, hi};
    }

    private static double logSumExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double m = Math.max(a, b);
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }
}
