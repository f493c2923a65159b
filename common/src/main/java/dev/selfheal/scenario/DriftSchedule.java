package dev.selfheal.scenario;

/**
 * What a scenario's stream looks like at each batch (the scenarios of docs/evaluation.md). Training and
 * clean-test data come from the scenario's {@link #base()} law; drift only ever reaches the stream and the
 * holdout.
 */
public final class DriftSchedule {
    /** The V14 recalibration used by shift, gradual, recurring, poison and pattern-shift. */
    public static final double V14_SHIFT = -2.2;
    /** Under seed only the normal class moves, onto the fraud class's territory. */
    public static final Gaussian SEED_NORMAL_V14 = new Gaussian(-2.2, 1.0);
    public static final double PRIOR_FRAUD_SHARE = 0.05;
    public static final double NOISE_OFFSET = 3.0;
    public static final double POISON_FLIP_SHARE = 0.4;
    public static final int POISON_FIRST_BATCH = 10;
    public static final int POISON_LAST_BATCH = 15;
    /**
     * The new fraud pattern of pattern, pattern-gradual and pattern-shift: V14 looks like a normal
     * row's, and f4, noise at training time, carries the signal.
     */
    public static final FraudMode PATTERN_MODE = new FraudMode(0.5, Population.CLEAN_NORMAL_V14,
            ScenarioGenerator.NEW_MODE_FEATURE, new Gaussian(2.5, 0.8));
    /** Under invert, fraud's V14 relation flips sign. */
    public static final Gaussian INVERT_FRAUD_V14 = new Gaussian(2.0, 1.0);
    /** The correlated family: f1, f2, f4, V14, f8 informative, every pair correlated 0.5. */
    public static final double MULTI_RHO = 0.5;
    private static final int[] MULTI_FEATURES = {1, 2, 4, ScenarioGenerator.V14, 8};
    private static final double[] MULTI_OFFSET = {-1.0, 1.0, -0.8, -1.6, 0.6};
    /**
     * The same offsets on other features, so the separation Δ stays the same while the fraud
     * direction turns (cosine 0.36 in whitened coordinates): f1 and f8 change sign, f4 and V14 trade.
     */
    private static final double[] MULTI_DRIFTED_OFFSET = {0.6, 1.0, -1.6, -0.8, -1.0};

    /** sea and hyperplane: the stream's last batch under the training concept; the new one follows. */
    public static final int CONCEPT_SWITCH_LAST_OLD_BATCH = 2;
    /** sea and hyperplane: the share of rows whose class is not the concept's, everywhere. */
    public static final double CONCEPT_LABEL_NOISE = 0.05;
    public static final double SEA_THRESHOLD = 14.0;
    public static final double SEA_DRIFTED_THRESHOLD = 11.0;
    public static final double HYPERPLANE_OFFSET = 1.2;
    /**
     * Over amount, hour, merchant_risk, distance, velocity, age: after the switch two features that
     * were noise (merchant_risk, distance) carry the concept and two that carried it (amount,
     * velocity) are noise.
     */
    private static final double[] HYPERPLANE_DIRECTION = {1.0, 0.8, 0.0, 0.0, -0.5, 0.0};
    private static final double[] HYPERPLANE_DRIFTED_DIRECTION = {0.0, 0.8, 1.0, -0.7, 0.0, 0.0};

    private final Scenario scenario;

    public DriftSchedule(Scenario scenario) {
        this.scenario = scenario;
    }

    /** The correlated family's training law. */
    public static CorrelatedPopulation multiClean() {
        return new CorrelatedPopulation(Population.CLEAN_FRAUD_SHARE, MULTI_RHO, MULTI_FEATURES, MULTI_OFFSET, 0.0);
    }

    /** The correlated family's law after its fraud direction turned. */
    public static CorrelatedPopulation multiDrifted() {
        return multiClean().withFraudOffset(MULTI_DRIFTED_OFFSET);
    }

    /** The sea family's training concept. */
    public static ConceptSwitchPopulation seaClean() {
        return new ConceptSwitchPopulation(new SeaConcept(SEA_THRESHOLD), CONCEPT_LABEL_NOISE);
    }

    /** The sea family's concept after the switch. */
    public static ConceptSwitchPopulation seaDrifted() {
        return new ConceptSwitchPopulation(new SeaConcept(SEA_DRIFTED_THRESHOLD), CONCEPT_LABEL_NOISE);
    }

    /** The hyperplane family's training concept. */
    public static ConceptSwitchPopulation hyperplaneClean() {
        return new ConceptSwitchPopulation(new HyperplaneConcept(HYPERPLANE_DIRECTION, HYPERPLANE_OFFSET),
                CONCEPT_LABEL_NOISE);
    }

    /** The hyperplane family's concept after the switch. */
    public static ConceptSwitchPopulation hyperplaneDrifted() {
        return new ConceptSwitchPopulation(new HyperplaneConcept(HYPERPLANE_DRIFTED_DIRECTION, HYPERPLANE_OFFSET),
                CONCEPT_LABEL_NOISE);
    }

    /** The law of the training and clean-test sets. */
    public Distribution base() {
        return switch (scenario) {
            case MULTI -> multiClean();
            case SEA -> seaClean();
            case HYPERPLANE -> hyperplaneClean();
            default -> Population.clean();
        };
    }

    /** The distribution of stream batch {@code batch} (1-based). */
    public Distribution atBatch(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("stream batches are numbered from 1, got " + batch);
        }
        Population clean = Population.clean();
        return switch (scenario) {
            case SEED -> clean.withNormalV14(SEED_NORMAL_V14);
            case SHIFT -> clean.withV14ShiftedBy(V14_SHIFT);
            case GRADUAL -> clean.withV14ShiftedBy(V14_SHIFT * gradualFraction(batch));
            case RECURRING -> recurringOn(batch) ? clean.withV14ShiftedBy(V14_SHIFT) : clean;
            case PRIOR -> clean.withFraudShare(PRIOR_FRAUD_SHARE);
            case NOISE -> clean.withNoiseOffset(NOISE_OFFSET);
            case POISON -> {
                Population shifted = clean.withV14ShiftedBy(V14_SHIFT);
                boolean poisoned = batch >= POISON_FIRST_BATCH && batch <= POISON_LAST_BATCH;
                yield poisoned ? shifted.withFlippedLabelShare(POISON_FLIP_SHARE) : shifted;
            }
            case PATTERN -> clean.withSecondMode(PATTERN_MODE);
            case PATTERN_GRADUAL -> clean.withSecondMode(
                    PATTERN_MODE.withShare(PATTERN_MODE.share() * gradualFraction(batch)));
            case INVERT -> clean.withFraudV14(INVERT_FRAUD_V14);
            case PATTERN_SHIFT -> clean.withSecondMode(PATTERN_MODE).withV14ShiftedBy(V14_SHIFT);
            case MULTI -> multiDrifted();
            case SEA -> batch <= CONCEPT_SWITCH_LAST_OLD_BATCH ? seaClean() : seaDrifted();
            case HYPERPLANE -> batch <= CONCEPT_SWITCH_LAST_OLD_BATCH ? hyperplaneClean() : hyperplaneDrifted();
        };
    }

    /**
     * The distribution the holdout is drawn from: the one the last stream batch saw, but with true
     * labels, since the holdout measures the model rather than the labelling process.
     */
    public Distribution endOfStream(int batches) {
        return atBatch(batches).withTrueLabels();
    }

    /** 0 through batch 5, then linear so that batch 15 carries the full drift. */
    static double gradualFraction(int batch) {
        if (batch <= 5) {
            return 0.0;
        }
        if (batch >= 15) {
            return 1.0;
        }
        return (batch - 5) / 10.0;
    }

    /** Period 10: on for batches 1–5, off for 6–10, and so on. */
    static boolean recurringOn(int batch) {
        return (batch - 1) % 10 < 5;
    }
}
