package dev.selfheal.job.bench;

import dev.selfheal.data.Transaction;
import dev.selfheal.model.AdamState;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.HealBatch;
import dev.selfheal.model.HealConfig;
import dev.selfheal.model.HealResult;
import dev.selfheal.model.HealingTrainer;
import dev.selfheal.rules.RuleParser;
import dev.selfheal.rules.RuleSet;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * One heal on its own (DJL, 5 Adam steps, batch of 100), outside any job: the reference for the
 * heal times measured inside the running job, where HEAL shares the cores with everything else.
 */
final class HealBench {
    private HealBench() {}

    /** {p50, p99} of wall ms and {p50} of this thread's CPU ms over {@code heals} heals. */
    static double[][] measure(BenchSetup setup, int heals) {
        FraudModel model = setup.model();
        RuleSet rules = RuleParser.parse(model.rules(), model.features());
        List<Transaction> rows = setup.streamRows();
        int n = 100;
        float[][] x = new float[n][];
        int[] labels = new int[n];
        int[] ruleLabels = new int[n];
        boolean[] conflicts = new boolean[n];
        for (int i = 0; i < n; i++) {
            Transaction t = rows.get(i);
            x[i] = t.features;
            labels[i] = t.label;
            ruleLabels[i] = rules.label(t.features);
            conflicts[i] = ruleLabels[i] == 1;
        }
        HealBatch batch = new HealBatch(x, labels, ruleLabels, conflicts);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        List<Double> wall = new ArrayList<>();
        List<Double> cpuMs = new ArrayList<>();
        try (HealingTrainer trainer = new HealingTrainer(model.frozen(), model.standardizer())) {
            var adapter = model.adapter();
            AdamState adam = AdamState.fresh(adapter.params().length);
            for (int i = 0; i < heals + 10; i++) {
                long c0 = cpu.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                HealResult r = trainer.heal(adapter, adam, batch, HealConfig.reference());
                long t1 = System.nanoTime();
                long c1 = cpu.getCurrentThreadCpuTime();
                if (i >= 10) { // the first heals load and compile; the job's heals come after its own warm-up
                    wall.add((t1 - t0) / 1e6);
                    cpuMs.add((c1 - c0) / 1e6);
                }
                adapter = r.candidate();
                adam = r.optimizer();
            }
        }
        return new double[][] {{Percentiles.of(wall, 0.5), Percentiles.of(wall, 0.99)}, {Percentiles.of(cpuMs, 0.5)}};
    }
}
