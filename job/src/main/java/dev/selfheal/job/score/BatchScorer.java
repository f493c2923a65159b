package dev.selfheal.job.score;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.event.AdapterApplied;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.model.AdapterCodec;
import dev.selfheal.model.Calibration;
import dev.selfheal.model.InputPath;
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
 *
 * <p>The batch size adapts to the number of adapters in it. What a row of a many-model batch costs
 * is mostly loading its adapter's weights (16 KB folded at full width) into cache; rows of one
 * adapter in one batch share that load. So a flush that saw k distinct adapters sets the next
 * batch to about {@link #ROWS_PER_ADAPTER}·k rows, between {@code score.batch-size} and
 * {@code score.max-batch-size}. One model keeps the minimum. The flush timer still bounds how long
 * a row waits. The measurements behind it: docs/adr/006-score-batch-grows-with-its-adapters.md.
 *
 * <p>Long on purpose: the per-record hot path, kept whole so each allocation and copy shows here.
 */
public final class BatchScorer implements AutoCloseable {
    private final dev.selfheal.model.Standardizer pathScale;
    private final FraudModel model;
    private final ScoringKernel kernel;
    private final RuleSet rules;
    /**
     * Rows per distinct adapter a batch grows to: enough that an adapter's load is shared, few enough
     * that the batch (and a row's wait) stays small.
     */
    static final int ROWS_PER_ADAPTER = 4;
    private final int batchSize;
    private final int maxBatchSize;
    /** Rows at which the buffer is full now: {@link #batchSize}, or more with many adapters. */
    private int target;
    private final int subtask;
    private final Map<String, Served> served = new HashMap<>();
    /** The deployed adapter (version 1), shared by every model without an update. */
    private final Served deployed;
    private final List<Transaction> buffer = new ArrayList<>();
    /**
     * Each buffered row's features and rule flags, by buffer position, taken in {@link #add} while
     * the row is in cache (it was just deserialised); at flush, thousands of rows and adapters later,
     * it is not. The copies sit in reused arrays, a few hundred KB for the largest batch. Each row's
     * adapter is still looked up at flush, where the lookups come back to back (same ADR as above).
     */
    private float[][] stagedRows = new float[0][];
    private int[] stagedFlags = new int[0];
    private final int dim;
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
    private final SplitScratch split = new SplitScratch();
    /** Scratch for one row's calibrated inputs, for an input path's term. */
    private float[] pathInput = new float[0];

    public BatchScorer(FraudModel model, float[] shadowAdapter, int batchSize, int subtask) {
        this(model, shadowAdapter, batchSize, subtask, ScoringKernels.AUTO);
    }

    /** @param kernel {@code score.kernel}: auto, vector or djl */
    public BatchScorer(FraudModel model, float[] shadowAdapter, int batchSize, int subtask, String kernel) {
        this(model, shadowAdapter, batchSize, batchSize, subtask, kernel);
    }

    /**
     * @param maxBatchSize the most rows a batch grows to with many adapters in it; at or below
     *                     {@code batchSize}, batches stay at {@code batchSize}
     */
    public BatchScorer(FraudModel model, float[] shadowAdapter, int batchSize, int maxBatchSize, int subtask,
                       String kernel) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("score.batch-size must be >= 1, got " + batchSize);
        }
        this.model = model;
        this.batchSize = batchSize;
        this.maxBatchSize = Math.max(batchSize, maxBatchSize);
        this.target = batchSize;
        this.subtask = subtask;
        this.dim = model.features().size();
        this.pathScale = model.inputPathScale();
        this.rules = model.rules() == null || model.rules().isBlank() ? null
                : RuleParser.parse(model.rules(), model.features());
        this.kernel = ScoringKernels.create(kernel, model.frozen(), model.adapterShape(), model.standardizer(),
                shadowAdapter);
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
        float[] f = t.features;
        if (f == null || f.length != dim) {
            throw new IllegalArgumentException("transaction " + t.id + " has " + (f == null ? "no" : f.length)
                    + " features, the model expects " + dim);
        }
        int at = buffer.size();
        if (at == stagedRows.length) {
            growStaging(Math.max(at + 1, Math.max(target, 2 * at)));
        }
        System.arraycopy(f, 0, stagedRows[at], 0, dim);
        if (rules != null) {
            stagedFlags[at] = rules.flags(f);
        }
        buffer.add(t);
        return buffer.size() >= target;
    }

    private void growStaging(int n) {
        int had = stagedRows.length;
        stagedRows = java.util.Arrays.copyOf(stagedRows, n);
        for (int i = had; i < n; i++) {
            stagedRows[i] = new float[dim];
        }
        stagedFlags = java.util.Arrays.copyOf(stagedFlags, n);
    }

    /** Rows at which the buffer is full now (see the class comment). */
    public int batchTarget() {
        return target;
    }

    /**
     * Resizes the next batch for the {@code adapters} distinct adapters this flush of {@code n} rows
     * held. A partial flush (timer, adapter update) only grows it: it saw fewer rows, hence fewer
     * adapters, than a full batch would.
     */
    private void adapt(int n, int adapters) {
        int want = (int) Math.min(maxBatchSize, Math.max(batchSize, (long) ROWS_PER_ADAPTER * adapters));
        if (want > target || n >= target) {
            target = want;
        }
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
            adapt(n, 1);
        } else {
            orderByModel(n);
            adapt(n, groups.size());
        }
        for (int i = 0; i < n; i++) {
            rows[i] = stagedRows[order[i]];
            handles[i] = rowServed[i].weights;
        }
        score(n);
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
            e.ruleFlags = rules == null ? 0 : stagedFlags[order[i]];
            e.subtask = subtask;
            out.accept(e);
        }
        buffer.clear();
    }

    /**
     * Fills {@code p} and {@code pShadow} for the ordered rows. The shadow always sees raw inputs; a
     * served adapter may carry an input calibration, and then its rows are scored twice, each pass
     * computing only the side it needs (shadow on raw, served on recalibrated inputs), where a pass
     * of both sides over raw inputs and a second over recalibrated ones computed a served and a
     * shadow side for nothing and allocated a row per record. Then each adapter's output map.
     */
    private void score(int n) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (rowServed[i].recalibrates) {
                m++;
            }
        }
        if (m == 0) {
            kernel.score(rows, n, handles, p, pShadow);
        } else {
            scoreSplit(n, m);
        }
        for (int i = 0; i < n; i++) {
            Served s = rowServed[i];
            Calibration c = s.calibration;
            if (c != null) {
                p[i] = s.path == null ? c.output(p[i])
                        : ServedAdapter.output(c, s.path, p[i], modelInput(s, rows[i]), pathScale);
            }
        }
    }

    /** The row as the served network saw it (after its input calibration), in a reused array. */
    private float[] modelInput(Served s, float[] raw) {
        if (!s.recalibrates) {
            return raw;
        }
        if (pathInput.length != raw.length) {
            pathInput = new float[raw.length];
        }
        float[] scale = s.calibration.scale();
        float[] shift = s.calibration.shift();
        for (int j = 0; j < raw.length; j++) {
            pathInput[j] = scale[j] * raw[j] + shift[j];
        }
        return pathInput;
    }

    private void scoreSplit(int n, int m) {
        split.ensure(n, model.features().size());
        int k = 0;
        int c = 0;
        for (int i = 0; i < n; i++) {
            Served s = rowServed[i];
            if (s.recalibrates) {
                float[] in = split.calInputs[c];
                float[] scale = s.calibration.scale();
                float[] shift = s.calibration.shift();
                for (int j = 0; j < in.length; j++) {
                    in[j] = scale[j] * rows[i][j] + shift[j];
                }
                split.calRaw[c] = rows[i];
                split.calHandles[c] = handles[i];
                split.calIndex[c++] = i;
            } else {
                split.plainRows[k] = rows[i];
                split.plainHandles[k] = handles[i];
                split.plainIndex[k++] = i;
            }
        }
        if (k > 0) {
            kernel.score(split.plainRows, k, split.plainHandles, split.p, split.shadow);
            for (int j = 0; j < k; j++) {
                p[split.plainIndex[j]] = split.p[j];
                pShadow[split.plainIndex[j]] = split.shadow[j];
            }
        }
        kernel.score(split.calRaw, m, split.calHandles, null, split.shadow);
        kernel.score(split.calInputs, m, split.calHandles, split.p, null);
        for (int j = 0; j < m; j++) {
            p[split.calIndex[j]] = split.p[j];
            pShadow[split.calIndex[j]] = split.shadow[j];
        }
        java.util.Arrays.fill(split.plainRows, 0, k, null);
        java.util.Arrays.fill(split.calRaw, 0, m, null);
    }

    /** Scratch for {@link #scoreSplit}, grown with the largest flush; calibrated rows reuse their arrays. */
    private static final class SplitScratch {
        float[][] plainRows = new float[0][];
        ScoringKernel.Weights[] plainHandles = new ScoringKernel.Weights[0];
        int[] plainIndex = new int[0];
        float[][] calRaw = new float[0][];
        float[][] calInputs = new float[0][];
        ScoringKernel.Weights[] calHandles = new ScoringKernel.Weights[0];
        int[] calIndex = new int[0];
        float[] p = new float[0];
        float[] shadow = new float[0];

        void ensure(int n, int dim) {
            if (plainRows.length >= n) {
                return;
            }
            plainRows = new float[n][];
            plainHandles = new ScoringKernel.Weights[n];
            plainIndex = new int[n];
            calRaw = new float[n][];
            calInputs = new float[n][dim];
            calHandles = new ScoringKernel.Weights[n];
            calIndex = new int[n];
            p = new float[n];
            shadow = new float[n];
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
            decoded = AdapterCodec.decode(u.adapter, model.adapterShape());
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
        ServedAdapter parts;
        try {
            parts = ServedAdapter.of(decoded.vector(), model.adapterShape(), model.features().size());
        } catch (IllegalArgumentException e) {
            return new AdapterApplied(u.model, u.version, subtask, lag, e.getMessage());
        }
        InputPath path = parts.path().isZero() ? null : parts.path();
        Calibration cal = parts.calibration().isIdentity() && path == null ? null : parts.calibration();
        if (!(u.threshold > 0 && u.threshold < 1)) {
            return new AdapterApplied(u.model, u.version, subtask, lag, "threshold out of (0,1): " + u.threshold);
        }
        Served s = served.get(u.model);
        if (s != null && s.version == u.version) {
            return null; // already applied (e.g. replayed from restored broadcast state)
        }
        if (s == null) {
            Served fresh = new Served(u.version, kernel.prepare(parts.adapter().params()), u.threshold);
            fresh.calibrate(cal, path);
            served.put(u.model, fresh);
        } else {
            kernel.update(s.weights, parts.adapter().params()); // in place: no new arrays per heal
            s.version = u.version;
            s.threshold = u.threshold;
            s.calibrate(cal, path);
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
        /** Whether the calibration changes the inputs (then served and shadow see different rows). */
        boolean recalibrates;
        /** The input path to the logit, or null for none. */
        InputPath path;
        void calibrate(Calibration c, InputPath p) {
            calibration = c;
            path = p;
            recalibrates = c != null && !c.inputIsIdentity();
        }

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
