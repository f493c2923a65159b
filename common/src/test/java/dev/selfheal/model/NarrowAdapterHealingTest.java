package dev.selfheal.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link HealingTrainerEquivalenceTest} at adapter width 8: the heal reads the adapter's layout from
 * its shape, so a narrow adapter must heal to the reference's candidates too (≤ 1e-5), and stay
 * narrow.
 */
class NarrowAdapterHealingTest {
    private static final AdapterShape W8 = new AdapterShape(64, 8);
    private static TrainedModel model;

    @BeforeAll
    static void train() {
        TinyData clean = new TinyData(2000, 1, 0f);
        model = new ModelTrainer(TrainConfig.defaults().withEpochs(5).withAdapterWidth(8)).train(clean.x, clean.y);
    }

    @Test
    void trainingBuildsANarrowAdapterThatLearnedSomething() {
        assertThat(model.adapter().shape()).isEqualTo(W8);
        Adapter initial = Adapter.initial(W8, new SplittableRandom(42));
        assertThat(model.adapter().params()).hasSize(1097).isNotEqualTo(initial.params());
        assertThat(model.finalLoss()).isLessThan(0.3);
    }

    @Test
    void fiveConsecutiveNarrowHealsGiveTheReferenceCandidates() {
        HealBatch labelled = HealingTrainerTest.batchOf(new TinyData(100, 9, -2.2f), true);
        compare(model.adapter(), labelled, HealConfig.reference(), 5);
    }

    @Test
    void labelFreeHealsAndAFarAdapterAgreeToo() {
        compare(model.adapter(), HealingTrainerTest.batchOf(new TinyData(100, 4, -2.2f), false), HealConfig.reference(), 2);
        float[] far = model.adapter().params().clone();
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < far.length; i++) {
            far[i] += (float) (0.2 * rng.nextGaussian());
        }
        compare(new Adapter(W8, far), HealingTrainerTest.batchOf(new TinyData(100, 11, -1.5f), true),
                HealConfig.reference(), 3);
    }

    @Test
    void anAdapterForAnotherBackboneIsRefused() {
        HealBatch batch = HealingTrainerTest.batchOf(new TinyData(20, 2, 0f), true);
        Adapter other = Adapter.initial(new AdapterShape(32, 8), new SplittableRandom(1));
        try (HealingTrainer trainer = new HealingTrainer(model.frozen(), model.standardizer())) {
            assertThatThrownBy(() -> trainer.heal(other, AdamState.fresh(other.params().length), batch,
                    HealConfig.reference())).hasMessageContaining("hidden width 32");
        }
    }

    private static void compare(Adapter start, HealBatch batch, HealConfig cfg, int heals) {
        assertThat(start.shape()).isEqualTo(W8);
        HealingTrainerEquivalenceTest.compareFrom(model, start, batch, cfg, heals);
    }
}
