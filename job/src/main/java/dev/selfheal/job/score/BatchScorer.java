package dev.selfheal.job.score;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.event.AdapterApplied;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.model.AdapterCodec;
import dev.selfheal.model.Calibration;
import dev.selfheal.model.EncodedAdapter;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ScoringKernel;
import dev.selfheal.model.ScoringKernels;
import dev.selfheal.model.ServedAdapter;
import dev.selfheal.rules.RuleParser;
import dev.selfheal.rules.RuleSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * SCORE's logic without Flink: buffers transactions into micro-batches, scores each batch with the
 * served adapter of each row's model and with the shadow in one kernel call (DJL or the Vector API
 * kernel, {@link ScoringKernels}), and switches adapters when verified updates arrive. Every model
 * id starts from the deployed adapter (version 1).
 *
 * <p>Per flush, not per record: one model lookup for a batch of one model; rows of several models
 * are put in model order (stable, by counting) so the kernel sees runs of one adapter. Each model's
 * adapter is a kernel handle made once and overwritten in place on updates, so many models cost no
 * weight copying. The only per-record allocation left is the output event.
 */
public final class BatchScorer implements AutoCloseable {
    private final FraudModel model;
    private final ScoringKernel kernel;
    private final RuleSet rules;
    private final int batchSize;
    private final int subtask;
    private final Map<String, Served> served = new HashMap<>();
    /** The deployed adapter (version 1), shared by every model without an update. */
    private final Served deployed;
    private final List<Transaction> buffer = new ArrayList<>();
    // Per-flush scratch, grown when a buffer outgrows the batch size (restored buffers can).
    private float[][] rows;
    private ScoringKernel.Weights[] handles;
    private Served[] rowServed;
    private int[] order;
    private int[] groupOf;
    private float[] p;
    private float[] pShadow;
    private final List<Served> groups = new ArrayList<>();
    private long flushEpoch;
    private int[] groupStart = new int[4];
    // Scratch for rows whose served adapter recalibrates its inputs.
    private float[][] calRows = new float[0][];
    private ScoringKernel.Weights[] calHandles = new ScoringKernel.Weights[0];
    private int[] calIndex = new int[0];
    private float[] calP = new float[0];
    private float[] calShadow = new float[0];

    public BatchScorer(FraudModel model, float[] shadowAdapter, int batchSize, int subtask) {
        this(model, shadowAdapter, batchSize, subtask, ScoringKernels.AUTO);
    }

    /** @param kernel {@code score.kernel}: auto, vector or djl */
    public BatchScorer(FraudModel model, float[] shadowAdapter, int batchSize, int subtask, String kernel) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("score.batch-size must be >= 1, got " + batchSize);
        }
        this.model = model;
        this.batchSize = batchSize;
        this.subtask = subtask;
        this.rules = model.rules() == null || model.rules().isBlank() ? null
                : RuleParser.parse(model.rules(), model.features());
        this.kernel = ScoringKernels.create(kernel, model.frozen(), model.standardizer(), shadowAdapter);
        this.deployed = new Served(1, this.kernel.prepare(model.adapter().params()), model.threshold());
        grow(batchSize);
    }

    /** The engine in use: "vector" or "djl". */
    public String kernelName() {
        return kernel.name();
    }

    private void grow(int n) {
        rows = new float[n][];
        handles = new ScoringKernel.Weights[n];
        rowServed = new Served[n];
        order = new int[n];
        groupOf = new int[n];
        p = new float[n];
        pShadow = new float[n];
    }

    /** Buffers one transaction; returns true when the buffer is full and should be flushed. */
    public boolean add(Transaction t) {
        buffer.add(t);
        return buffer.size() >= batchSize;
    }

    public int buffered() {
        return buffer.size();
    }

    /** The buffered transactions, for checkpointing them. */
    public List<Transaction> bufferedTransactions() {
        return buffer;
    }

    /** Scores and emits everything buffered (grouped by model; in arrival order within a model). */
    public void flush(Consumer<ScoredEvent> out) {
        int n = buffer.size();
        if (n == 0) {
            return;
        }
        if (rows.length < n) {
            grow(n);
        }
        if (oneModel(n)) {
            Served s = servedFor(modelOf(buffer.get(0)));
            for (int i = 0; i < n; i++) {
                order[i] = i;
                rowServed[i] = s;
            }
        } else {
            orderByModel(n);
        }
        for (int i = 0; i < n; i++) {
            rows[i] = buffer.get(order[i]).features;
            handles[i] = rowServed[i].weights;
        }
        kernel.score(rows, n, handles, p, pShadow);
        recalibrated(n);
        for (int i = 0; i < n; i++) {
            Transaction t = buffer.get(order[i]);
            Served s = rowServed[i];
            ScoredEvent e = new ScoredEvent();
            e.id = t.id;
            e.key = t.key;
            e.model = modelOf(t);
            e.ts = t.ts;
            e.batch = t.batch;
            e.p = p[i];
            e.decision = p[i] > s.threshold;
            e.pShadow = pShadow[i];
            e.modelVersion = s.version;
            e.ruleFlags = rules == null ? 0 : rules.flags(t.features);
            e.subtask = subtask;
            out.accept(e);
        }
        buffer.clear();
        java.util.Arrays.fill(rows, 0, n, null); // do not keep the batch's records alive
    }

    /**
     * Rows whose served adapter carries a calibration: the first kernel pass scored them on raw
     * inputs (right for the shadow, which always sees raw inputs); re-score the served side on the
     * recalibrated inputs and apply the output map. Nothing to do while every calibration is identity.
     */
    private void recalibrated(int n) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            Calibration c = rowServed[i].calibration;
            if (c != null && !c.inputIsIdentity()) {
                m++;
            }
        }
        if (m > 0) {
            if (calRows.length < m) {
                calRows = new float[m][];
                calHandles = new ScoringKernel.Weights[m];
                calIndex = new int[m];
                calP = new float[m];
                calShadow = new float[m];
            }
            int k = 0;
            for (int i = 0; i < n; i++) {
                Calibration c = rowServed[i].calibration;
                if (c != null && !c.inputIsIdentity()) {
                    calRows[k] = c.input(rows[i]);
                    calHandles[k] = handles[i];
                    calIndex[k++] = i;
                }
            }
            kernel.score(calRows, m, calHandles, calP, calShadow);
            for (int j = 0; j < m; j++) {
                p[calIndex[j]] = calP[j];
            }
            java.util.Arrays.fill(calRows, 0, m, null);
        }
        for (int i = 0; i < n; i++) {
            Calibration c = rowServed[i].calibration;
            if (c != null) {
                p[i] = c.output(p[i]);
            }
        }
    }

    private boolean oneModel(int n) {
        String first = modelOf(buffer.get(0));
        for (int i = 1; i < n; i++) {
            String m = modelOf(buffer.get(i));
            if (m != first && !m.equals(first)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A stable counting sort of the buffer by served adapter: the kernel then sees one run per
     * adapter. Models still on the deployed adapter share one run. One map lookup per row: with
     * 1000 models a second one showed as 16% of SCORE's time (cache misses on the map's nodes).
     */
    private void orderByModel(int n) {
        flushEpoch++;
        groups.clear();
        for (int i = 0; i < n; i++) {
            Served s = servedFor(modelOf(buffer.get(i)));
            if (s.epoch != flushEpoch) {
                s.epoch = flushEpoch;
                s.group = groups.size();
                groups.add(s);
            }
            groupOf[i] = s.group;
        }
        int k = groups.size();
        if (groupStart.length < k + 1) {
            groupStart = new int[Math.max(k + 1, 2 * groupStart.length)];
        }
        java.util.Arrays.fill(groupStart, 0, k + 1, 0);
        for (int i = 0; i < n; i++) {
            groupStart[groupOf[i] + 1]++;
        }
        for (int g = 0; g < k; g++) {
            groupStart[g + 1] += groupStart[g];
        }
        for (int i = 0; i < n; i++) {
            int at = groupStart[groupOf[i]]++;
            order[at] = i;
            rowServed[at] = groups.get(groupOf[i]);
        }
    }

    private Served servedFor(String modelId) {
        Served s = served.get(modelId);
        return s == null ? deployed : s;
    }

    private static String modelOf(Transaction t) {
        return t.model == null ? Transaction.DEFAULT_MODEL : t.model;
    }

    /** The version currently served for a model (1 = the deployed adapter). */
    public long servedVersion(String modelId) {
        return servedFor(modelId).version;
    }

    /**
     * Verifies and applies an update; a stale version (not newer than the served one, unless it is
     * a rollback) is ignored. The caller flushes first so buffered records are scored by the adapter
     * that was current when they arrived.
     */
    public AdapterApplied apply(AdapterUpdate u, long nowMs) {
        long lag = Math.max(0, nowMs - u.emittedAtMs);
        EncodedAdapter decoded;
        try {
            decoded = AdapterCodec.decode(u.adapter, model.frozen().hidden());
        } catch (IllegalArgumentException e) {
            return new AdapterApplied(u.model, u.version, subtask, lag, e.getMessage());
        }
        if (!decoded.modelId().equals(u.model) || decoded.version() != u.version) {
            return new AdapterApplied(u.model, u.version, subtask, lag,
                    "adapter bytes are for " + decoded.modelId() + " v" + decoded.version());
        }
        if (!allFinite(decoded.vector())) {
            return new AdapterApplied(u.model, u.version, subtask, lag, "adapter has non-finite weights");
        }
        ServedAdapter split;
        try {
            split = ServedAdapter.of(decoded.vector(), model.frozen().hidden(), model.features().size());
        } catch (IllegalArgumentException e) {
            return new AdapterApplied(u.model, u.version, subtask, lag, e.getMessage());
        }
        Calibration cal = split.calibration().isIdentity() ? null : split.calibration();
        if (!(u.threshold > 0 && u.threshold < 1)) {
            return new AdapterApplied(u.model, u.version, subtask, lag, "threshold out of (0,1): " + u.threshold);
        }
        Served s = served.get(u.model);
        if (s != null && s.version == u.version) {
            return null; // already applied (e.g. replayed from restored broadcast state)
        }
        if (s == null) {
            Served fresh = new Served(u.version, kernel.prepare(split.adapter().params()), u.threshold);
            fresh.calibration = cal;
            served.put(u.model, fresh);
        } else {
            kernel.update(s.weights, split.adapter().params()); // in place: no new arrays per heal
            s.version = u.version;
            s.threshold = u.threshold;
            s.calibration = cal;
        }
        return new AdapterApplied(u.model, u.version, subtask, lag, null);
    }

    private static boolean allFinite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        kernel.close();
    }

    /** What a model is served with now: its version, kernel handle and decision threshold. */
    private static final class Served {
        long version;
        final ScoringKernel.Weights weights;
        double threshold;
        /** Calibration around the network, or null for none (identity). */
        Calibration calibration;
        /** The flush that last grouped this adapter's rows, and its group there. */
        long epoch = -1;
        int group;

        Served(long version, ScoringKernel.Weights weights, double threshold) {
            this.version = version;
            this.weights = weights;
            this.threshold = threshold;
        }
    }
}
