package dev.selfheal.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The heal's faster formulation (backbone once per heal, loss and its slope in Java, one flat
 * leaf, float32 Adam) against the one it replaced ({@link ReferenceHealingTrainer}): the same
 * candidates, optimiser state and losses up to float rounding.
 */
class HealingTrainerEquivalenceTest {
    private static final double PARAM_TOLERANCE = 1e-5;

    private static TrainedModel model;

    @BeforeAll
    static void train() {
        TinyData clean = new TinyData(2000, 1, 0f);
        model = new ModelTrainer(TrainConfig.defaults().withEpochs(5)).train(clean.x, clean.y);
    }

    @Test
    void fiveConsecutiveHealsGiveTheSameCandidatesAsTheReference() {
        HealBatch labelled = HealingTrainerTest.batchOf(new TinyData(100, 9, -2.2f), true);
        compare(labelled, HealConfig.reference(), 5);
    }

    @Test
    void labelFreeAndWeightedHealsAgreeToo() {
        HealBatch unlabelled = HealingTrainerTest.batchOf(new TinyData(100, 4, -2.2f), false);
        compare(unlabelled, HealConfig.reference(), 2);
        // Frauds among conflict rows above 10% switch the positive weight on.
        HealBatch weighted = HealingTrainerTest.batchOf(new TinyData(100, 5, -1.0f), true);
        assertThat(HealConfig.positiveWeight(weighted.fraudShareAmongConflicts())).isGreaterThan(1.0);
        compare(weighted, new HealConfig(5, 0.01, 0.5, 1.0, 0.1), 2);
    }

    @Test
    void mixedLabelsAndAnAdapterFarFromItsInitialValues() {
        TinyData d = new TinyData(100, 11, -1.5f);
        int[] labels = d.y.clone();
        for (int i = 0; i < labels.length; i += 3) {
            labels[i] = -1;
        }
        boolean[] conflicts = new boolean[labels.length];
        int[] rule = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            rule[i] = d.x[i][7] < -1.5f ? 1 : 0;
            conflicts[i] = rule[i] == 1;
        }
        HealBatch batch = new HealBatch(d.x, labels, rule, conflicts);
        float[] far = model.adapter().params().clone();
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < far.length; i++) {
            far[i] += (float) (0.2 * rng.nextGaussian());
        }
        compareFrom(new Adapter(model.adapter().hidden(), far), batch, HealConfig.reference(), 3);
    }

    private static void compare(HealBatch batch, HealConfig cfg, int heals) {
        compareFrom(model.adapter(), batch, cfg, heals);
    }

    private static void compareFrom(Adapter start, HealBatch batch, HealConfig cfg, int heals) {
        compareFrom(model, start, batch, cfg, heals);
    }

    /**
     * {@code heals} consecutive heals of {@code start} by both trainers over {@code trained}'s frozen
     * part; also the check {@link NarrowAdapterHealingTest} runs at another adapter width.
     */
    static void compareFrom(TrainedModel trained, Adapter start, HealBatch batch, HealConfig cfg, int heals) {
        try (HealingTrainer fast = new HealingTrainer(trained.frozen(), trained.standardizer());
             ReferenceHealingTrainer reference = new ReferenceHealingTrainer(trained.frozen(), trained.standardizer())) {
            Adapter a = start.copy();
            Adapter b = start.copy();
            AdamState sa = AdamState.fresh(a.params().length);
            AdamState sb = AdamState.fresh(b.params().length);
            for (int i = 0; i < heals; i++) {
                HealResult ra = fast.heal(a, sa, batch, cfg);
                HealResult rb = reference.heal(b, sb, batch, cfg);
                assertThat(ra.candidate().shape()).as("the candidate keeps its adapter's shape").isEqualTo(start.shape());
                assertThat(maxAbsDiff(ra.candidate().params(), rb.candidate().params()))
                        .as("candidate after heal %d", i + 1).isLessThanOrEqualTo(PARAM_TOLERANCE);
                // Moments live on the gradients' scale (v on its square): compared relative to it.
                assertThat(maxAbsDiff(ra.optimizer().m(), rb.optimizer().m()))
                        .isLessThanOrEqualTo(1e-5 * maxAbs(rb.optimizer().m()));
                assertThat(maxAbsDiff(ra.optimizer().v(), rb.optimizer().v()))
                        .isLessThanOrEqualTo(1e-5 * maxAbs(rb.optimizer().v()));
                assertThat(ra.optimizer().step()).isEqualTo(rb.optimizer().step());
                assertThat(ra.lossBefore()).isCloseTo(rb.lossBefore(), within(1e-5));
                assertThat(ra.lossAfter()).isCloseTo(rb.lossAfter(), within(1e-5));
                assertThat(ra.positiveWeight()).isEqualTo(rb.positiveWeight());
                assertThat(fast.loss(ra.candidate(), batch, cfg)).isCloseTo(ra.lossAfter(), within(1e-12));
                // The heals changed something: agreement is not two untouched copies of the start.
                assertThat(ra.candidate().params()).isNotEqualTo(a.params());
                a = ra.candidate();
                b = rb.candidate();
                sa = ra.optimizer();
                sb = rb.optimizer();
            }
        }
    }

    private static double maxAbs(float[] a) {
        double max = 0;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
