package dev.selfheal.lab.bench;

import dev.selfheal.data.Transaction;
import dev.selfheal.heal.Snapshot;
import dev.selfheal.heal.SnapshotCodec;
import dev.selfheal.heal.SnapshotInfo;
import dev.selfheal.heal.SnapshotStore;
import dev.selfheal.healer.BatchOutcome;
import dev.selfheal.healer.HealBatchInput;
import dev.selfheal.healer.Healer;
import dev.selfheal.healer.HealerConfig;
import dev.selfheal.healer.HealerState;
import dev.selfheal.healer.LabelledRow;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Heals on their own, outside any job: the reference for the heal times measured inside the
 * running job, where HEAL shares the cores with everything else. Two figures: the trainer alone
 * (DJL, 5 Adam steps, batch of 100), and the interval the job reports as {@code heal_ms} (the
 * healer's whole update: training batch, the steps, Platt refit, pre-heal snapshot).
 */
final class HealBench {
    /** Heals measured by {@link #healerAlone} after its warm-up ones. */
    private static final int HEALER_WARM_UP = 10;

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

    /**
     * The job's {@code heal_ms} interval alone: a {@link Healer} with the job's profile, fed heal
     * batches of {@code batchSize} of the bench's stream rows whose labels arrive with them (as in
     * the bench's job), for {@code batches} batches on one model, so that the registry fills and
     * evicts as in a long run. Snapshots are kept encoded in memory; in the job RocksDB reads and
     * writes them.
     *
     * @return {wall p50, wall p99}, {CPU p50, CPU p99} in ms of the heals after the first
     *     {@value #HEALER_WARM_UP}, and {number of those heals}
     */
    static double[][] healerAlone(BenchSetup setup, HealerConfig config, String keyFeature, int batchSize,
                                  int batches, String scoringKernel) {
        List<Transaction> stream = setup.streamRows();
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        int heals = 0;
        try (Healer healer = new Healer(Transaction.DEFAULT_MODEL, setup.model(), config, Clock.systemUTC(),
                keyFeature, scoringKernel)) {
            HealerState s = new HealerState();
            SnapshotStore store = new EncodedSnapshotStore();
            healer.initialise(s, store);
            if (config.shadowVersion() != 1) {
                healer.selectShadow(s, store, config.shadowVersion());
            }
            long ts = System.currentTimeMillis();
            for (int b = 0; b < batches; b++) {
                List<Transaction> rows = new ArrayList<>(batchSize);
                List<LabelledRow> labelled = new ArrayList<>();
                for (int i = 0; i < batchSize; i++) {
                    Transaction src = stream.get((b * batchSize + i) % stream.size());
                    Transaction t = new Transaction("heal-" + b + "-" + i, src.key, ts + i, b, src.label,
                            src.features);
                    t.trueLabel = src.trueLabel;
                    rows.add(t);
                    if (t.hasLabel()) {
                        labelled.add(new LabelledRow(t.id, b, t.features, t.label));
                    }
                }
                ts += batchSize;
                BatchOutcome o = healer.process(s, store, new HealBatchInput(b, ts, rows, labelled));
                if (o.metrics().healMs > 0) {
                    if (++heals > HEALER_WARM_UP) {
                        wall.add(o.metrics().healMs);
                        cpu.add(o.metrics().healCpuMs);
                    }
                }
            }
        }
        return new double[][] {{Percentiles.of(wall, 0.5), Percentiles.of(wall, 0.99)},
                {Percentiles.of(cpu, 0.5), Percentiles.of(cpu, 0.99)}, {wall.size()}};
    }

    /** Snapshots as the job's keyed state holds them: encoded on every write, decoded on every read. */
    private static final class EncodedSnapshotStore implements SnapshotStore {
        private final TreeMap<Long, byte[]> bytes = new TreeMap<>();

        @Override
        public Snapshot get(long version) {
            byte[] b = bytes.get(version);
            return b == null ? null : SnapshotCodec.decode(b);
        }

        @Override
        public SnapshotInfo info(long version) {
            byte[] b = bytes.get(version);
            return b == null ? null : SnapshotCodec.decodeInfo(b);
        }

        @Override
        public void put(Snapshot snapshot) {
            bytes.put(snapshot.version(), SnapshotCodec.encode(snapshot));
        }

        @Override
        public void remove(long version) {
            bytes.remove(version);
        }

        @Override
        public Iterable<Long> versions() {
            return new ArrayList<>(bytes.keySet());
        }
    }
}
