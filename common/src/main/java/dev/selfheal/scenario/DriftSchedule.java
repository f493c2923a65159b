package dev.selfheal.scenario;

/**
 * What a scenario's stream looks like at each batch (the scenarios of docs/evaluation.md). Training and clean-test data are
 * always {@link Population#clean()}; drift only ever reaches the stream and the holdout.
 */
public final class DriftSchedule {
    /** The V14 recalibration used by shift, gradual, recurring and poison. */
    public static final double V14_SHIFT = -2.2;
    /** Under seed only the normal class moves, onto the fraud class's territory. */
    public static final Gaussian SEED_NORMAL_V14 = new Gaussian(-2.2, 1.0);
    public static final double PRIOR_FRAUD_SHARE = 0.05;
    public static final double NOISE_OFFSET = 3.0;
    public static final double POISON_FLIP_SHARE = 0.4;
    public static final int POISON_FIRST_BATCH = 10;
    public static final int POISON_LAST_BATCH = 15;

    private final Scenario scenario;

    public DriftSchedule(Scenario scenario) {
        this.scenario = scenario;
    }

    /** The distribution of stream batch {@code batch} (1-based). */
    public Population atBatch(int batch) {
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
        };
    }

    /**
     * The distribution the holdout is drawn from: the one the last stream batch saw, but with true
     * labels, since the holdout measures the model rather than the labelling process.
     */
    public Population endOfStream(int batches) {
        return atBatch(batches).withFlippedLabelShare(0.0);
    }

    /** 0 through batch 5, then linear so that batch 15 carries the full shift. */
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
