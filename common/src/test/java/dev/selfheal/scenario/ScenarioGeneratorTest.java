package dev.selfheal.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.selfheal.data.Dataset;
import dev.selfheal.data.Transaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generated data against the scenarios' laws (docs/evaluation.md). Statistical checks allow 4
 * standard errors of the sampled statistic (a false failure about once in 16,000 checks); the
 * standard errors are those of stratified samples, because class counts are exact. Expected values
 * are computed from the laws' literal parameters, never from the generator's constants.
 */
class ScenarioGeneratorTest {
    private static final long SEED = 42;
    private static final double SE_MULTIPLE = 4.0;
    private static final int V14 = 7;
    private static final int F3 = 3;

    // The laws' parameters, as documented.
    private static final double NORMAL_MEAN = 0.0;
    private static final double NORMAL_SD = 1.0;
    private static final double FRAUD_MEAN = -2.5;
    private static final double FRAUD_SD = 0.8;
    private static final double SHIFT = -2.2;

    private static ScenarioData generate(Scenario s) {
        return new ScenarioGenerator(s, SEED).generate();
    }

    @ParameterizedTest
    @EnumSource(value = Scenario.class, mode = EnumSource.Mode.EXCLUDE, names = {"SEA", "HYPERPLANE"})
    void classCountsAreExactInEverySetAndBatch(Scenario scenario) {
        ScenarioData d = generate(scenario);
        int batchFraud = scenario == Scenario.PRIOR ? 5 : 15;
        int holdoutFraud = scenario == Scenario.PRIOR ? 50 : 150;

        assertThat(d.train().size()).isEqualTo(5000);
        assertThat(fraudCount(d.train().rows())).isEqualTo(750);
        assertThat(d.cleanTest().size()).isEqualTo(1000);
        assertThat(fraudCount(d.cleanTest().rows())).isEqualTo(150);
        assertThat(d.holdout().size()).isEqualTo(1000);
        assertThat(fraudCount(d.holdout().rows())).isEqualTo(holdoutFraud);
        assertThat(d.stream().size()).isEqualTo(2500);
        for (int b = 1; b <= 25; b++) {
            List<Transaction> batch = batch(d.stream(), b);
            assertThat(batch).as("batch %d", b).hasSize(100);
            assertThat(fraudCount(batch)).as("batch %d", b).isEqualTo(batchFraud);
        }
    }

    @Test
    void classesAreShuffledWithinABatch() {
        List<Transaction> batch = batch(generate(Scenario.SHIFT).stream(), 1);
        // Sorted classes would put all 15 fraud rows at one end.
        long fraudInFirstHalf = batch.subList(0, 50).stream().filter(t -> t.trueLabel == 1).count();
        assertThat(fraudInFirstHalf).isBetween(1L, 14L);
    }

    @Test
    void rowFieldsFollowTheContract() {
        ScenarioData d = generate(Scenario.POISON);
        Set<String> ids = new HashSet<>();
        for (Dataset set : List.of(d.train(), d.cleanTest(), d.stream(), d.holdout())) {
            assertThat(set.featureNames())
                    .containsExactly("f0", "f1", "f2", "f3", "f4", "f5", "f6", "V14", "f8", "f9");
            long previousTs = Long.MIN_VALUE;
            for (Transaction t : set.rows()) {
                assertThat(ids.add(t.id)).as("unique id %s", t.id).isTrue();
                assertThat(t.key).matches("acct-\\d{1,3}");
                assertThat(t.model).isEqualTo("default");
                assertThat(t.ts).isGreaterThan(previousTs);
                previousTs = t.ts;
                assertThat(t.features).hasSize(10);
                assertThat(t.trueLabel).isIn(0, 1);
            }
            assertThat(set.rows().get(0).ts).isEqualTo(1_700_000_000_000L);
            assertThat(set.rows().get(1).ts).isEqualTo(1_700_000_000_010L);
        }
        assertThat(d.train().rows().get(0).id).isEqualTo("train-000001");
        assertThat(d.cleanTest().rows().get(0).id).startsWith("test-");
        assertThat(d.stream().rows().get(0).id).startsWith("s-");
        assertThat(d.holdout().rows().get(0).id).startsWith("hold-");
        assertThat(d.train().rows()).allMatch(t -> t.batch == 0);
        assertThat(d.holdout().rows()).allMatch(t -> t.batch == 0);
        assertThat(d.stream().rows()).extracting(t -> t.batch).containsSubsequence(1, 2, 25);
        assertThat(d.stream().rows().get(2499).batch).isEqualTo(25);
    }

    @Test
    void keysSpreadOverAThousandAccounts() {
        ScenarioData d = generate(Scenario.SHIFT);
        Set<String> keys = new HashSet<>();
        d.train().rows().forEach(t -> keys.add(t.key));
        // 5000 uniform draws over 1000 accounts leave ~7 unseen; a narrower range would show here.
        assertThat(keys).hasSizeBetween(970, 1000).contains("acct-0", "acct-999");
    }

    @Test
    void cleanTrainingV14MatchesTheMixture() {
        List<Transaction> rows = generate(Scenario.SEED).train().rows();
        Mixture clean = new Mixture(4250, NORMAL_MEAN, NORMAL_SD, 750, FRAUD_MEAN, FRAUD_SD);
        assertThat(clean.mean()).isCloseTo(-0.375, within(1e-12));
        assertThat(clean.shareBelow(-1.5)).isCloseTo(0.19, within(0.005));
        assertWithinStandardErrors(mean(rows, V14), clean.mean(), clean.meanSe());
        assertWithinStandardErrors(shareBelow(rows, V14, -1.5), clean.shareBelow(-1.5), clean.shareBelowSe(-1.5));
    }

    @Test
    void seedMovesTheNormalClassOntoTheFraudClass() {
        ScenarioData d = generate(Scenario.SEED);
        List<Transaction> drifted = pooled(d.stream(), d.holdout());
        // 25 × 85 + 850 normal rows, 25 × 15 + 150 fraud rows.
        Mixture seed = new Mixture(2975, -2.2, 1.0, 525, FRAUD_MEAN, FRAUD_SD);
        assertThat(seed.mean()).isCloseTo(-2.25, within(0.01));
        assertThat(seed.shareBelow(-1.5)).isCloseTo(0.78, within(0.005));
        assertWithinStandardErrors(mean(drifted, V14), seed.mean(), seed.meanSe());
        assertWithinStandardErrors(shareBelow(drifted, V14, -1.5), seed.shareBelow(-1.5), seed.shareBelowSe(-1.5));
        // Fraud is unchanged.
        List<Transaction> fraud = drifted.stream().filter(t -> t.trueLabel == 1).toList();
        assertWithinStandardErrors(mean(fraud, V14), FRAUD_MEAN, FRAUD_SD / Math.sqrt(fraud.size()));
    }

    @Test
    void shiftMovesBothClassesBy2point2() {
        ScenarioData d = generate(Scenario.SHIFT);
        List<Transaction> drifted = pooled(d.stream(), d.holdout());
        List<Transaction> normal = drifted.stream().filter(t -> t.trueLabel == 0).toList();
        List<Transaction> fraud = drifted.stream().filter(t -> t.trueLabel == 1).toList();
        assertWithinStandardErrors(mean(normal, V14), NORMAL_MEAN + SHIFT, NORMAL_SD / Math.sqrt(normal.size()));
        assertWithinStandardErrors(mean(fraud, V14), FRAUD_MEAN + SHIFT, FRAUD_SD / Math.sqrt(fraud.size()));
        // Noise features stay put, and training data stays clean.
        assertWithinStandardErrors(mean(drifted, F3), 0.0, 1.0 / Math.sqrt(drifted.size()));
        Mixture clean = new Mixture(4250, NORMAL_MEAN, NORMAL_SD, 750, FRAUD_MEAN, FRAUD_SD);
        assertWithinStandardErrors(mean(d.train().rows(), V14), clean.mean(), clean.meanSe());
    }

    @Test
    void gradualRampsBatchMeans() {
        ScenarioData d = generate(Scenario.GRADUAL);
        Mixture perBatch = new Mixture(85, NORMAL_MEAN, NORMAL_SD, 15, FRAUD_MEAN, FRAUD_SD);
        double[] means = new double[26];
        for (int b = 1; b <= 25; b++) {
            double fraction = b <= 5 ? 0.0 : b >= 15 ? 1.0 : (b - 5) / 10.0;
            means[b] = mean(batch(d.stream(), b), V14);
            assertWithinStandardErrors(means[b], perBatch.mean() + SHIFT * fraction, perBatch.meanSe());
        }
        // The ramp as a whole: each block of five is lower than the one before, until the plateau.
        double early = avg(means, 1, 5);
        double ramp1 = avg(means, 6, 10);
        double ramp2 = avg(means, 11, 15);
        double plateau = avg(means, 16, 25);
        assertThat(early).isGreaterThan(ramp1);
        assertThat(ramp1).isGreaterThan(ramp2);
        assertThat(ramp2).isGreaterThan(plateau);
        assertWithinStandardErrors(mean(d.holdout().rows(), V14), perBatch.mean() + SHIFT,
                new Mixture(850, NORMAL_MEAN, NORMAL_SD, 150, FRAUD_MEAN, FRAUD_SD).meanSe());
    }

    @Test
    void recurringSwitchesEveryFiveBatches() {
        ScenarioData d = generate(Scenario.RECURRING);
        Mixture perBatch = new Mixture(85, NORMAL_MEAN, NORMAL_SD, 15, FRAUD_MEAN, FRAUD_SD);
        for (int b = 1; b <= 25; b++) {
            boolean on = (b - 1) / 5 % 2 == 0;
            assertWithinStandardErrors(mean(batch(d.stream(), b), V14),
                    perBatch.mean() + (on ? SHIFT : 0.0), perBatch.meanSe());
        }
        assertWithinStandardErrors(mean(d.holdout().rows(), V14), perBatch.mean() + SHIFT,
                new Mixture(850, NORMAL_MEAN, NORMAL_SD, 150, FRAUD_MEAN, FRAUD_SD).meanSe());
    }

    @Test
    void poisonFlipsExactlyFortyLabelsInBatchesTenToFifteen() {
        ScenarioData d = generate(Scenario.POISON);
        for (int b = 1; b <= 25; b++) {
            List<Transaction> batch = batch(d.stream(), b);
            long flipped = batch.stream().filter(t -> t.label != t.trueLabel).count();
            assertThat(flipped).as("batch %d", b).isEqualTo(b >= 10 && b <= 15 ? 40 : 0);
            assertThat(batch).allMatch(t -> t.label == 0 || t.label == 1);
        }
        for (Dataset clean : List.of(d.train(), d.cleanTest(), d.holdout())) {
            assertThat(clean.rows()).allMatch(t -> t.label == t.trueLabel);
        }
    }

    @Test
    void otherScenariosNeverFlipLabels() {
        for (Scenario s : Scenario.values()) {
            if (s == Scenario.POISON) {
                continue;
            }
            ScenarioData d = generate(s);
            assertThat(pooled(d.train(), d.cleanTest(), d.stream(), d.holdout()))
                    .as(s.cliName()).allMatch(t -> t.label == t.trueLabel);
        }
    }

    @Test
    void noiseMovesOnlyF3() {
        ScenarioData d = generate(Scenario.NOISE);
        List<Transaction> drifted = pooled(d.stream(), d.holdout());
        assertWithinStandardErrors(mean(drifted, F3), 3.0, 1.0 / Math.sqrt(drifted.size()));
        assertWithinStandardErrors(mean(d.train().rows(), F3), 0.0, 1.0 / Math.sqrt(5000));
        Mixture clean = new Mixture(2975, NORMAL_MEAN, NORMAL_SD, 525, FRAUD_MEAN, FRAUD_SD);
        assertWithinStandardErrors(mean(drifted, V14), clean.mean(), clean.meanSe());
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        ScenarioData a = new ScenarioGenerator(Scenario.GRADUAL, 7).generate();
        ScenarioData b = new ScenarioGenerator(Scenario.GRADUAL, 7).generate();
        ScenarioData c = new ScenarioGenerator(Scenario.GRADUAL, 8).generate();
        assertThat(b).isEqualTo(a);
        assertThat(c.train()).isNotEqualTo(a.train());
        assertThat(c.stream()).isNotEqualTo(a.stream());
        assertThat(c.holdout()).isNotEqualTo(a.holdout());
    }

    @Test
    void trainingDataDoesNotDependOnTheScenario() {
        ScenarioData seed = generate(Scenario.SEED);
        ScenarioData prior = generate(Scenario.PRIOR);
        assertThat(prior.train()).isEqualTo(seed.train());
        assertThat(prior.cleanTest()).isEqualTo(seed.cleanTest());
    }

    @Test
    void everyReferenceScenarioTrainsOnTheSameRowsAndTheOtherFamiliesOnTheirOwn() {
        ScenarioData seed = generate(Scenario.SEED);
        Set<Scenario> ownFamily = Set.of(Scenario.MULTI, Scenario.SEA, Scenario.HYPERPLANE);
        for (Scenario s : Scenario.values()) {
            ScenarioData d = generate(s);
            if (ownFamily.contains(s)) {
                assertThat(d.train()).as(s.cliName()).isNotEqualTo(seed.train());
                assertThat(d.cleanTest()).as(s.cliName()).isNotEqualTo(seed.cleanTest());
            } else {
                assertThat(d.train()).as(s.cliName()).isEqualTo(seed.train());
            }
        }
    }

    // ---- the concept-switch families ---------------------------------------------------------

    /**
     * Exact class counts, round(P(fraud) × n), in every set and batch, the law switching after batch 2.
     * P(fraud) is the law's own here: ConceptSwitchPopulationTest checks it against the literal
     * parameters, and rounding a share computed another way could land on the other side of .5.
     */
    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = {"SEA", "HYPERPLANE"})
    void conceptSwitchClassCountsAreExact(Scenario scenario) {
        ScenarioData d = generate(scenario);
        DriftSchedule schedule = new DriftSchedule(scenario);
        double before = schedule.base().fraudShare();
        double after = schedule.endOfStream(25).fraudShare();
        assertThat(fraudCount(d.train().rows())).isEqualTo(Math.round(before * 5000));
        assertThat(fraudCount(d.cleanTest().rows())).isEqualTo(Math.round(before * 1000));
        assertThat(fraudCount(d.holdout().rows())).isEqualTo(Math.round(after * 1000));
        for (int b = 1; b <= 25; b++) {
            List<Transaction> batch = batch(d.stream(), b);
            assertThat(batch).hasSize(100);
            assertThat(fraudCount(batch)).as("batch %d", b).isEqualTo(Math.round((b <= 2 ? before : after) * 100));
        }
    }

    /**
     * Sea's columns and law, from the literal parameters: uniform on [0, 10]; the class agrees with
     * amount + hour > 14 in training and batches 1–2, with > 11 from batch 3 and in the holdout, on
     * 95% of rows (binomial standard errors; the class counts being exact only narrows them).
     */
    @Test
    void seaFollowsItsConceptUpToTheNoiseAndSwitchesAfterBatchTwo() {
        ScenarioData d = generate(Scenario.SEA);
        for (Dataset set : List.of(d.train(), d.cleanTest(), d.stream(), d.holdout())) {
            assertThat(set.featureNames()).containsExactly("amount", "hour", "velocity");
            assertThat(set.rows()).allMatch(t -> t.features.length == 3 && t.label == t.trueLabel);
            for (Transaction t : set.rows()) {
                for (float v : t.features) {
                    assertThat(v).isBetween(0f, 10f);
                }
            }
        }
        List<Transaction> old = pooled(d.train(), d.cleanTest());
        old.addAll(d.stream().rows().stream().filter(t -> t.batch <= 2).toList());
        List<Transaction> drifted = new ArrayList<>(d.stream().rows().stream().filter(t -> t.batch > 2).toList());
        drifted.addAll(d.holdout().rows());
        Predicate<Transaction> over14 = t -> (double) t.features[0] + t.features[1] > 14;
        Predicate<Transaction> over11 = t -> (double) t.features[0] + t.features[1] > 11;
        assertAgreement(old, over14, 0.95);
        assertAgreement(drifted, over11, 0.95);
        // The switch is visible: the old rows do not follow the new concept, nor the new rows the old.
        assertThat(fraction(old, t -> over11.test(t) == (t.trueLabel == 1))).isLessThan(0.9);
        assertThat(fraction(drifted, t -> over14.test(t) == (t.trueLabel == 1))).isLessThan(0.9);
        // Velocity is noise: uniform mean 5 under both classes.
        List<Transaction> fraud = drifted.stream().filter(t -> t.trueLabel == 1).toList();
        assertWithinStandardErrors(mean(fraud, 2), 5.0, Math.sqrt(100.0 / 12 / fraud.size()));
    }

    /** Hyperplane: six N(0, 1) columns; the class agrees with w·x > 1.2 on 95% of rows, w turning after batch 2. */
    @Test
    void hyperplaneFollowsItsConceptUpToTheNoiseAndSwitchesAfterBatchTwo() {
        ScenarioData d = generate(Scenario.HYPERPLANE);
        for (Dataset set : List.of(d.train(), d.cleanTest(), d.stream(), d.holdout())) {
            assertThat(set.featureNames()).containsExactly("amount", "hour", "merchant_risk", "distance", "velocity",
                    "age");
            assertThat(set.rows()).allMatch(t -> t.features.length == 6 && t.label == t.trueLabel);
        }
        double[] w0 = {1.0, 0.8, 0.0, 0.0, -0.5, 0.0};
        double[] w1 = {0.0, 0.8, 1.0, -0.7, 0.0, 0.0};
        List<Transaction> old = pooled(d.train(), d.cleanTest());
        old.addAll(d.stream().rows().stream().filter(t -> t.batch <= 2).toList());
        List<Transaction> drifted = new ArrayList<>(d.stream().rows().stream().filter(t -> t.batch > 2).toList());
        drifted.addAll(d.holdout().rows());
        assertAgreement(old, t -> projection(t, w0) > 1.2, 0.95);
        assertAgreement(drifted, t -> projection(t, w1) > 1.2, 0.95);
        assertThat(fraction(drifted, t -> (projection(t, w0) > 1.2) == (t.trueLabel == 1))).isLessThan(0.9);
        // Age is noise in both concepts.
        List<Transaction> normal = drifted.stream().filter(t -> t.trueLabel == 0).toList();
        assertWithinStandardErrors(mean(normal, 5), 0.0, 1.0 / Math.sqrt(normal.size()));
    }

    private static double projection(Transaction t, double[] direction) {
        double norm = 0;
        double s = 0;
        for (int j = 0; j < direction.length; j++) {
            norm += direction[j] * direction[j];
            s += direction[j] * t.features[j];
        }
        return s / Math.sqrt(norm);
    }

    private static void assertAgreement(List<Transaction> rows, Predicate<Transaction> concept, double expected) {
        double agree = fraction(rows, t -> concept.test(t) == (t.trueLabel == 1));
        assertWithinStandardErrors(agree, expected, Math.sqrt(expected * (1 - expected) / rows.size()));
    }

    @Test
    void patternDrawsEightOfEveryFifteenFraudRowsFromTheF4Mode() {
        ScenarioData d = generate(Scenario.PATTERN);
        List<Transaction> drifted = pooled(d.stream(), d.holdout());
        List<Transaction> fraud = drifted.stream().filter(t -> t.trueLabel == 1).toList();
        List<Transaction> normal = drifted.stream().filter(t -> t.trueLabel == 0).toList();
        // round(0.5 × 15) = 8 per batch, round(0.5 × 150) = 75 in the holdout.
        int second = 25 * 8 + 75;
        int first = fraud.size() - second;
        Mixture f4 = new Mixture(first, 0.0, 1.0, second, 2.5, 0.8);
        Mixture v14 = new Mixture(first, FRAUD_MEAN, FRAUD_SD, second, NORMAL_MEAN, NORMAL_SD);
        assertWithinStandardErrors(mean(fraud, 4), f4.mean(), f4.meanSe());
        assertWithinStandardErrors(mean(fraud, V14), v14.mean(), v14.meanSe());
        assertWithinStandardErrors(shareBelow(fraud, 4, 1.0), f4.shareBelow(1.0), f4.shareBelowSe(1.0));
        assertWithinStandardErrors(mean(normal, 4), 0.0, 1.0 / Math.sqrt(normal.size()));
        assertWithinStandardErrors(mean(normal, V14), NORMAL_MEAN, NORMAL_SD / Math.sqrt(normal.size()));
        // Training data stay clean: f4 is noise there.
        List<Transaction> trainFraud = d.train().rows().stream().filter(t -> t.trueLabel == 1).toList();
        assertWithinStandardErrors(mean(trainFraud, 4), 0.0, 1.0 / Math.sqrt(trainFraud.size()));
    }

    @Test
    void invertMovesFraudV14ToPlusTwo() {
        ScenarioData d = generate(Scenario.INVERT);
        List<Transaction> fraud = pooled(d.stream(), d.holdout()).stream().filter(t -> t.trueLabel == 1).toList();
        assertWithinStandardErrors(mean(fraud, V14), 2.0, 1.0 / Math.sqrt(fraud.size()));
        assertWithinStandardErrors(shareBelow(fraud, V14, 2.0), 0.5, Math.sqrt(0.25 / fraud.size()));
    }

    @Test
    void patternShiftMovesEveryRowsV14() {
        ScenarioData d = generate(Scenario.PATTERN_SHIFT);
        List<Transaction> normal = pooled(d.stream(), d.holdout()).stream().filter(t -> t.trueLabel == 0).toList();
        assertWithinStandardErrors(mean(normal, V14), NORMAL_MEAN + SHIFT, NORMAL_SD / Math.sqrt(normal.size()));
        List<Transaction> fraud = pooled(d.stream(), d.holdout()).stream().filter(t -> t.trueLabel == 1).toList();
        int second = 25 * 8 + 75;
        Mixture v14 = new Mixture(fraud.size() - second, FRAUD_MEAN + SHIFT, FRAUD_SD, second, NORMAL_MEAN + SHIFT,
                NORMAL_SD);
        assertWithinStandardErrors(mean(fraud, V14), v14.mean(), v14.meanSe());
    }

    @Test
    void multiCorrelatesItsInformativeFeaturesAndTurnsTheFraudMean() {
        ScenarioData d = generate(Scenario.MULTI);
        List<Transaction> normal = d.train().rows().stream().filter(t -> t.trueLabel == 0).toList();
        List<Transaction> fraud = d.train().rows().stream().filter(t -> t.trueLabel == 1).toList();
        // Sample correlation of a bivariate normal has standard error about (1 - rho²)/sqrt(n).
        double se = (1 - 0.25) / Math.sqrt(normal.size());
        assertThat(correlation(normal, 1, V14)).isCloseTo(0.5, within(SE_MULTIPLE * se));
        assertThat(correlation(normal, 2, 8)).isCloseTo(0.5, within(SE_MULTIPLE * se));
        assertThat(correlation(normal, 0, 1)).isCloseTo(0.0, within(SE_MULTIPLE / Math.sqrt(normal.size())));
        double[] before = {-1.0, 1.0, -0.8, -1.6, 0.6};
        double[] after = {0.6, 1.0, -1.6, -0.8, -1.0};
        int[] features = {1, 2, 4, V14, 8};
        List<Transaction> driftedFraud = pooled(d.stream(), d.holdout()).stream().filter(t -> t.trueLabel == 1)
                .toList();
        for (int a = 0; a < features.length; a++) {
            assertWithinStandardErrors(mean(fraud, features[a]), before[a], 1.0 / Math.sqrt(fraud.size()));
            assertWithinStandardErrors(mean(driftedFraud, features[a]), after[a], 1.0 / Math.sqrt(driftedFraud.size()));
            assertWithinStandardErrors(mean(normal, features[a]), 0.0, 1.0 / Math.sqrt(normal.size()));
        }
        assertWithinStandardErrors(mean(fraud, 0), 0.0, 1.0 / Math.sqrt(fraud.size()));
    }

    @Test
    void sizesFollowTheConfig() {
        ScenarioData d = new ScenarioGenerator(Scenario.PRIOR, 1, new ScenarioConfig(200, 100, 3, 40, 60)).generate();
        assertThat(d.train().size()).isEqualTo(200);
        assertThat(fraudCount(d.train().rows())).isEqualTo(30);
        assertThat(d.cleanTest().size()).isEqualTo(100);
        assertThat(d.stream().size()).isEqualTo(120);
        assertThat(fraudCount(batch(d.stream(), 3))).isEqualTo(2);
        assertThat(d.holdout().size()).isEqualTo(60);
        assertThat(fraudCount(d.holdout().rows())).isEqualTo(3);
    }

    // ---- statistics -------------------------------------------------------------------------

    /** A stratified sample: exactly n0 rows from N(m0, s0²) and n1 from N(m1, s1²). */
    private record Mixture(int n0, double m0, double s0, int n1, double m1, double s1) {
        int n() {
            return n0 + n1;
        }

        double mean() {
            return (n0 * m0 + n1 * m1) / n();
        }

        double meanSe() {
            return Math.sqrt(n0 * s0 * s0 + n1 * s1 * s1) / n();
        }

        double shareBelow(double t) {
            return (n0 * phi((t - m0) / s0) + n1 * phi((t - m1) / s1)) / n();
        }

        double shareBelowSe(double t) {
            double p0 = phi((t - m0) / s0);
            double p1 = phi((t - m1) / s1);
            return Math.sqrt(n0 * p0 * (1 - p0) + n1 * p1 * (1 - p1)) / n();
        }
    }

    /** Standard normal CDF by Simpson's rule from -12 (error far below anything tested here). */
    private static double phi(double z) {
        double lo = -12.0;
        if (z <= lo) {
            return 0.0;
        }
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

    private static void assertWithinStandardErrors(double actual, double expected, double se) {
        assertThat(actual).isCloseTo(expected, within(SE_MULTIPLE * se));
    }

    private static double correlation(List<Transaction> rows, int a, int b) {
        double ma = mean(rows, a);
        double mb = mean(rows, b);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (Transaction t : rows) {
            double x = t.features[a] - ma;
            double y = t.features[b] - mb;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static double mean(List<Transaction> rows, int feature) {
        return rows.stream().mapToDouble(t -> t.features[feature]).average().orElseThrow();
    }

    private static double shareBelow(List<Transaction> rows, int feature, double threshold) {
        return fraction(rows, t -> t.features[feature] < threshold);
    }

    private static double fraction(List<Transaction> rows, Predicate<Transaction> p) {
        return (double) rows.stream().filter(p).count() / rows.size();
    }

    private static double avg(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i <= to; i++) {
            sum += values[i];
        }
        return sum / (to - from + 1);
    }

    private static long fraudCount(List<Transaction> rows) {
        return rows.stream().filter(t -> t.trueLabel == 1).count();
    }

    private static List<Transaction> batch(Dataset stream, int b) {
        return stream.rows().stream().filter(t -> t.batch == b).toList();
    }

    private static List<Transaction> pooled(Dataset... sets) {
        List<Transaction> all = new ArrayList<>();
        for (Dataset s : sets) {
            all.addAll(s.rows());
        }
        return all;
    }
}
