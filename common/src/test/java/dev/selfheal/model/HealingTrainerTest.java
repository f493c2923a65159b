package dev.selfheal.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealingTrainerTest {
    private static TrainedModel model;

    @BeforeAll
    static void train() {
        TinyData clean = new TinyData(2000, 1, 0f);
        model = new ModelTrainer(TrainConfig.defaults().withEpochs(5)).train(clean.x, clean.y);
    }

    @Test
    void twentyFiveHealsChangeOnlyTheAdapterAndLowerTheLossOnTheHealedBatch() {
        float[] backbone = model.frozen().backboneFlat();
        float[] head = model.frozen().headFlat();
        TinyData drifted = new TinyData(100, 9, -2.2f);
        HealBatch batch = batchOf(drifted, true);
        HealConfig cfg = HealConfig.reference();
        try (HealingTrainer trainer = new HealingTrainer(model.frozen(), model.standardizer())) {
            Adapter adapter = model.adapter().copy();
            AdamState opt = AdamState.fresh(adapter.params().length);
            double initialLoss = trainer.loss(adapter, batch, cfg);
            for (int i = 0; i < 25; i++) {
                HealResult r = trainer.heal(adapter, opt, batch, cfg);
                assertThat(r.candidate().allFinite()).isTrue();
                adapter = r.candidate();
                opt = r.optimizer();
            }
            assertThat(opt.step()).isEqualTo(125);
            assertThat(trainer.loss(adapter, batch, cfg)).isLessThan(initialLoss);
            assertThat(adapter.params()).isNotEqualTo(model.adapter().params());
        }
        assertThat(model.frozen().backboneFlat()).isEqualTo(backbone);
        assertThat(model.frozen().headFlat()).isEqualTo(head);
    }

    @Test
    void healDoesNotMutateItsInputs() {
        TinyData drifted = new TinyData(100, 3, -2.2f);
        try (HealingTrainer trainer = new HealingTrainer(model.frozen(), model.standardizer())) {
            Adapter adapter = model.adapter().copy();
            float[] before = adapter.params().clone();
            AdamState opt = AdamState.fresh(before.length);
            HealResult r = trainer.heal(adapter, opt, batchOf(drifted, true), HealConfig.reference());
            assertThat(adapter.params()).isEqualTo(before);
            assertThat(opt.step()).isZero();
            assertThat(r.optimizer().step()).isEqualTo(5);
            assertThat(r.lossAfter()).isLessThan(r.lossBefore());
        }
    }

    @Test
    void aWarmUpOnTheHealingThreadChangesNoHeal() throws Exception {
        HealBatch batch = batchOf(new TinyData(100, 5, -2.2f), true);
        Adapter adapter = model.adapter().copy();
        float[] before = adapter.params().clone();
        HealResult[] results = new HealResult[2];
        // Each on a thread of its own, as task threads are: the second warms its thread up first.
        for (int i = 0; i < 2; i++) {
            boolean warm = i == 1;
            int slot = i;
            Thread t = new Thread(() -> {
                try (HealingTrainer trainer = new HealingTrainer(model.frozen(), model.standardizer())) {
                    if (warm) {
                        assertThat(trainer.warmUpThisThread(adapter, 100)).isPositive();
                    }
                    results[slot] = trainer.heal(adapter, AdamState.fresh(before.length), batch, HealConfig.reference());
                }
            });
            t.start();
            t.join();
        }
        assertThat(adapter.params()).isEqualTo(before);
        assertThat(results[1].candidate().params()).isEqualTo(results[0].candidate().params());
        assertThat(results[1].optimizer().step()).isEqualTo(5);
        assertThat(results[1].lossAfter()).isEqualTo(results[0].lossAfter());
    }

    @Test
    void labelFreeHealUsesRulesAndEntropyOnly() {
        TinyData drifted = new TinyData(100, 4, -2.2f);
        try (HealingTrainer trainer = new HealingTrainer(model.frozen(), model.standardizer())) {
            HealBatch unlabelled = batchOf(drifted, false);
            assertThat(unlabelled.labelled()).isZero();
            HealResult r = trainer.heal(model.adapter(), AdamState.fresh(Adapter.size(64)), unlabelled,
                    HealConfig.reference());
            assertThat(Double.isFinite(r.lossAfter())).isTrue();
            assertThat(r.candidate().params()).isNotEqualTo(model.adapter().params());
        }
    }

    @Test
    void positiveWeightGateFollowsTheReference() {
        assertThat(HealConfig.positiveWeight(0.0)).isEqualTo(1.0);
        assertThat(HealConfig.positiveWeight(0.099)).isEqualTo(1.0);
        assertThat(HealConfig.positiveWeight(0.10)).isEqualTo(2.0);
        assertThat(HealConfig.positiveWeight(0.20)).isEqualTo(3.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(HealConfig.positiveWeight(0.9)).isEqualTo(4.0);
    }

    @Test
    void rejectsEmptyBatchesAndBadConfig() {
        try (HealingTrainer trainer = new HealingTrainer(model.frozen(), model.standardizer())) {
            HealBatch empty = new HealBatch(new float[0][], new int[0], new int[0], new boolean[0]);
            assertThatThrownBy(() -> trainer.heal(model.adapter(), AdamState.fresh(Adapter.size(64)), empty,
                    HealConfig.reference())).hasMessageContaining("empty");
        }
        assertThatThrownBy(() -> HealConfig.reference().withLearningRate(-1)).hasMessageContaining("heal.lr");
    }

    static HealBatch batchOf(TinyData d, boolean labelled) {
        int n = d.y.length;
        int[] labels = labelled ? d.y.clone() : filled(n, -1);
        int[] rule = new int[n];
        boolean[] conflicts = new boolean[n];
        for (int i = 0; i < n; i++) {
            rule[i] = d.x[i][7] < -1.5f ? 1 : 0;
            conflicts[i] = rule[i] == 1;
        }
        return new HealBatch(d.x, labels, rule, conflicts);
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }
}
