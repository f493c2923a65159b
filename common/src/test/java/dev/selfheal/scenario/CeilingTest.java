package dev.selfheal.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CeilingTest {

    /** The scenarios' published ceilings (docs/evaluation.md), copied literally. */
    @ParameterizedTest
    @CsvSource({
        "seed,      0.850, 0.295",
        "shift,     0.942, 0.805",
        "gradual,   0.942, 0.805",
        "recurring, 0.942, 0.805",
        "prior,     0.970, 0.681",
        "noise,     0.942, 0.805",
        "poison,    0.942, 0.805",
        "pattern,         0.924, 0.743",
        "pattern-gradual, 0.924, 0.743",
    })
    void matchesTheDesignTable(String scenario, double accuracy, double f1) {
        Ceiling c = Ceiling.of(Scenario.parse(scenario));
        assertThat(c.accuracy()).isCloseTo(accuracy, within(0.005));
        assertThat(c.f1()).isCloseTo(f1, within(0.005));
    }

    @Test
    void cleanDistributionIsTheShiftedOneMovedBack() {
        Ceiling c = Ceiling.clean();
        assertThat(c.accuracy()).isCloseTo(0.942, within(0.005));
        assertThat(c.f1()).isCloseTo(0.805, within(0.005));
    }

    @Test
    void indistinguishableClassesLeaveOnlyThePrior() {
        Population same = Population.clean().withNormalV14(new Gaussian(-2.5, 0.8));
        Ceiling c = Ceiling.of(same);
        // Best accuracy: say "normal" always. Best F1: say "fraud" always, 2π/(1+π).
        assertThat(c.accuracy()).isCloseTo(0.85, within(1e-6));
        assertThat(c.f1()).isCloseTo(2 * 0.15 / 1.15, within(1e-6));
    }

    /**
     * Invert's classes have one variance (normal N(0, 1), fraud N(2, 1)), so its accuracy ceiling is
     * the closed form of an equal-variance pair with Δ = 2.
     */
    @Test
    void invertIsTheClosedFormOfItsSeparation() {
        double delta = 2.0;
        double pi = 0.15;
        double t = delta / 2 + Math.log((1 - pi) / pi) / delta;
        double expected = (1 - pi) * phi(t) + pi * (1 - phi(t - delta));
        assertThat(Ceiling.of(Scenario.INVERT).accuracy()).isCloseTo(expected, within(1e-5));
    }

    @Test
    void movingV14InEveryRowLeavesTheCeilingOfPattern() {
        Ceiling pattern = Ceiling.of(Scenario.PATTERN);
        Ceiling both = Ceiling.of(Scenario.PATTERN_SHIFT);
        assertThat(both.accuracy()).isCloseTo(pattern.accuracy(), within(1e-4));
        assertThat(both.f1()).isCloseTo(pattern.f1(), within(1e-4));
    }

    @Test
    void aVanishingSecondModeGivesTheOneFeatureCeiling() {
        Population one = Population.clean();
        Population two = one.withSecondMode(DriftSchedule.PATTERN_MODE.withShare(1e-9));
        Ceiling a = Ceiling.of(one);
        Ceiling b = Ceiling.of(two);
        assertThat(b.accuracy()).isCloseTo(a.accuracy(), within(1e-4));
        assertThat(b.f1()).isCloseTo(a.f1(), within(1e-4));
    }

    @Test
    void aSecondModeOnTheMovedNoiseFeatureIsMovedWithIt() {
        FraudMode onF3 = new FraudMode(0.5, Population.CLEAN_NORMAL_V14, 3, new Gaussian(2.5, 0.8));
        Ceiling still = Ceiling.of(Population.clean().withSecondMode(onF3));
        Ceiling moved = Ceiling.of(Population.clean().withSecondMode(onF3).withNoiseOffset(3.0));
        assertThat(moved.accuracy()).isCloseTo(still.accuracy(), within(1e-4));
        assertThat(moved.f1()).isCloseTo(still.f1(), within(1e-4));
    }

    /**
     * The integration against the generator itself: rows drawn by the pattern law, each scored by
     * its exact posterior; E[max(η, 1 − η)] is the Bayes rule's accuracy.
     */
    @Test
    void patternAccuracyAgreesWithRowsTheGeneratorDraws() {
        Population law = (Population) new DriftSchedule(Scenario.PATTERN).endOfStream(25);
        SplittableRandom rng = new SplittableRandom(5);
        int n = 200_000;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            boolean fraud = rng.nextDouble() < law.fraudShare();
            boolean second = fraud && rng.nextDouble() < law.secondMode().share();
            float[] x = law.features(fraud, second, rng);
            double v14 = x[ScenarioGenerator.V14];
            double f4 = x[4];
            double normal = (1 - law.fraudShare()) * law.normalV14().density(v14) * new Gaussian(0, 1).density(f4);
            double fraudDensity = law.fraudShare() * (0.5 * law.fraudV14().density(v14) * new Gaussian(0, 1).density(f4)
                    + 0.5 * law.secondMode().v14().density(v14) * law.secondMode().law().density(f4));
            double eta = fraudDensity / (fraudDensity + normal);
            double correct = Math.max(eta, 1 - eta);
            sum += correct;
            sq += correct * correct;
        }
        double mean = sum / n;
        double se = Math.sqrt((sq / n - mean * mean) / n);
        assertThat(Ceiling.of(law).accuracy()).isCloseTo(mean, within(4 * se + 1e-4));
    }

    /**
     * Two Gaussians of one variance: the Bayes threshold on the projection is closed-form,
     * t = Δ/2 + ln((1 − π)/π)/Δ, and the accuracy (1 − π)Φ(t) + π(1 − Φ(t − Δ)).
     */
    @Test
    void correlatedCeilingIsTheClosedFormOfItsSeparation() {
        for (CorrelatedPopulation law : new CorrelatedPopulation[] {DriftSchedule.multiClean(),
                DriftSchedule.multiDrifted()}) {
            double delta = law.mahalanobis();
            double pi = law.fraudShare();
            double t = delta / 2 + Math.log((1 - pi) / pi) / delta;
            double expected = (1 - pi) * phi(t) + pi * (1 - phi(t - delta));
            assertThat(Ceiling.of(law).accuracy()).isCloseTo(expected, within(1e-5));
        }
        assertThat(Ceiling.of(Scenario.MULTI).accuracy())
                .isCloseTo(Ceiling.of(DriftSchedule.multiClean()).accuracy(), within(1e-9));
    }

    @Test
    void correlationChangesTheSeparation() {
        // Equicorrelation rho, offsets summing to s: μᵀΣ⁻¹μ = (|μ|² − rho·s²/(1 + (k − 1)rho)) / (1 − rho).
        double[] mu = {-1.0, 1.0, -0.8, -1.6, 0.6};
        double norm2 = 0;
        double sum = 0;
        for (double m : mu) {
            norm2 += m * m;
            sum += m;
        }
        double rho = 0.5;
        double expected = (norm2 - rho * sum * sum / (1 + 4 * rho)) / (1 - rho);
        CorrelatedPopulation law = new CorrelatedPopulation(0.15, rho, new int[] {1, 2, 4, 7, 8}, mu, 0.0);
        assertThat(law.mahalanobis() * law.mahalanobis()).isCloseTo(expected, within(1e-9));
    }

    /**
     * The concept-switch ceiling against the generator's own rows: 10⁶ rows of each law, drawn as
     * the generator draws them (exact class counts per 10,000), scored by the Bayes rule (fraud
     * inside the concept). Tolerance: 4 binomial standard errors of each figure, the F1's by the
     * delta method over its counts; exact class counts only make the spread smaller.
     */
    @Test
    void conceptSwitchCeilingAgreesWithRowsTheGeneratorDraws() {
        ConceptSwitchPopulation[] laws = {DriftSchedule.seaClean(), DriftSchedule.seaDrifted(),
                DriftSchedule.hyperplaneClean(), DriftSchedule.hyperplaneDrifted()};
        int chunks = 100;
        int chunk = 10_000;
        double n = (double) chunks * chunk;
        for (ConceptSwitchPopulation law : laws) {
            PopulationSampler sampler = new PopulationSampler(new SplittableRandom(11), "mc");
            long inside = 0;
            long tp = 0;
            long fp = 0;
            long fn = 0;
            for (int c = 0; c < chunks; c++) {
                for (dev.selfheal.data.Transaction t : sampler.draw(law, chunk, 0)) {
                    boolean says = law.concept().fraud(t.features);
                    boolean fraud = t.trueLabel == 1;
                    inside += says ? 1 : 0;
                    tp += says && fraud ? 1 : 0;
                    fp += says && !fraud ? 1 : 0;
                    fn += !says && fraud ? 1 : 0;
                }
            }
            Ceiling ceiling = Ceiling.of(law);
            double pi = law.concept().share();
            assertThat(inside / n).as("%s share", law).isCloseTo(pi, within(4 * Math.sqrt(pi * (1 - pi) / n)));
            double accuracy = 1 - (fp + fn) / n;
            assertThat(accuracy).as("%s accuracy", law)
                    .isCloseTo(ceiling.accuracy(), within(4 * Math.sqrt(accuracy * (1 - accuracy) / n)));
            // F1 = 2a/(2a + e), a = TP/n and e = (FP + FN)/n, each a binomial share.
            double a = tp / n;
            double e = (fp + fn) / n;
            double d = (2 * a + e) * (2 * a + e);
            double se = Math.sqrt(Math.pow(2 * e / d, 2) * a * (1 - a) / n + Math.pow(2 * a / d, 2) * e * (1 - e) / n);
            assertThat(2 * a / (2 * a + e)).as("%s F1", law).isCloseTo(ceiling.f1(), within(4 * se));
        }
    }

    /**
     * The formulas of docs/evaluation.md from the laws' literal parameters: accuracy 1 − noise; F1
     * of flagging the concept, TP = 0.95π, FP = 0.05(1 − π), FN = 0.05π, with π = (20 − 11)²/200 for
     * sea (the sum of two uniforms on [0, 10] has a triangular density) and P(Z > 1.2) for hyperplane.
     */
    @Test
    void conceptSwitchCeilingIsTheFlagTheConceptClassifier() {
        double[] pis = {(20 - 11.0) * (20 - 11.0) / 200, 1 - phi(1.2)};
        Scenario[] scenarios = {Scenario.SEA, Scenario.HYPERPLANE};
        for (int i = 0; i < pis.length; i++) {
            double pi = pis[i];
            double tp = 0.95 * pi;
            double fp = 0.05 * (1 - pi);
            double fn = 0.05 * pi;
            Ceiling c = Ceiling.of(scenarios[i]);
            assertThat(c.accuracy()).as(scenarios[i].cliName()).isCloseTo(0.95, within(1e-12));
            assertThat(c.f1()).as(scenarios[i].cliName()).isCloseTo(2 * tp / (2 * tp + fp + fn), within(1e-9));
        }
    }

    /**
     * With noise near one half, flagging every row beats flagging the concept (the outside cell's
     * fraud rate exceeds half the concept's F1), and the sweep finds it.
     */
    @Test
    void conceptSwitchF1FlagsEveryRowWhenThatIsBetter() {
        ConceptSwitchPopulation law = new ConceptSwitchPopulation(new SeaConcept(10.0), 0.45);
        double pi = 1 - 10.0 * 10.0 / 200;
        double p = 0.55 * pi + 0.45 * (1 - pi);
        double concept = 2 * 0.55 * pi / (2 * 0.55 * pi + 0.45 * (1 - pi) + 0.45 * pi);
        double everyRow = 2 * p / (1 + p);
        assertThat(everyRow).isGreaterThan(concept + 0.05);
        assertThat(Ceiling.of(law).f1()).isCloseTo(everyRow, within(1e-12));
        assertThat(Ceiling.of(law).accuracy()).isCloseTo(0.55, within(1e-12));
    }

    private static double phi(double z) {
        double lo = -12.0;
        int steps = 20_000;
        double h = (z - lo) / steps;
        double sum = pdf(lo) + pdf(z);
        for (int i = 1; i < steps; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * pdf(lo + i * h);
        }
        return sum * h / 3;
    }

    private static double pdf(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }
}
