package dev.selfheal.job.score;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.event.AdapterApplied;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.model.AdapterCodec;
import dev.selfheal.model.Calibration;
import dev.selfheal.model.ServedAdapter;
import dev.selfheal.model.DjlScorer;
import dev.selfheal.model.EncodedAdapter;
import dev.selfheal.model.FraudModel;
import dev.selfheal.rules.RuleParser;
import dev.selfheal.rules.RuleSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * SCORE's logic without Flink: buffers transactions into micro-batches, scores each batch with the
 * served adapter of its model and with the shadow in one native call, and switches adapters when
 * verified updates arrive. Every model id starts from the deployed adapter (version 1).
 */
public final class BatchScorer implements AutoCloseable {
    private final FraudModel model;
    private final DjlScorer scorer;
    private final RuleSet rules;
    private final int batchSize;
    private final int subtask;
    private final Map<String, Served> served = new HashMap<>();
    private final List<Transaction> buffer = new ArrayList<>();
    private String loadedModel;
    private float[][] rows;
    private float[] p;
    private float[] pShadow;

    public BatchScorer(FraudModel model, float[] shadowAdapter, int batchSize, int subtask) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("score.batch-size must be >= 1, got " + batchSize);
        }
        this.model = model;
        this.batchSize = batchSize;
        this.subtask = subtask;
        this.rules = model.rules() == null || model.rules().isBlank() ? null
                : RuleParser.parse(model.rules(), model.features());
        this.scorer = new DjlScorer(model.frozen(), model.standardizer(), model.adapter().params(), shadowAdapter);
        this.loadedModel = null;
        rows = new float[batchSize][];
        p = new float[batchSize];
        pShadow = new float[batchSize];
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

    /** Scores and emits everything buffered, grouped by model. */
    public void flush(Consumer<ScoredEvent> out) {
        if (buffer.isEmpty()) {
            return;
        }
        if (rows.length < buffer.size()) {
            rows = new float[buffer.size()][];
            p = new float[buffer.size()];
            pShadow = new float[buffer.size()];
        }
        // Usually one model; group only when several are mixed in one micro-batch.
        Map<String, List<Transaction>> byModel = new HashMap<>(2);
        for (Transaction t : buffer) {
            byModel.computeIfAbsent(t.model == null ? Transaction.DEFAULT_MODEL : t.model, k -> new ArrayList<>()).add(t);
        }
        for (Map.Entry<String, List<Transaction>> e : byModel.entrySet()) {
            score(e.getKey(), e.getValue(), out);
        }
        buffer.clear();
    }

    private void score(String modelId, List<Transaction> batch, Consumer<ScoredEvent> out) {
        Served s = served.get(modelId);
        if (!modelId.equals(loadedModel)) {
            scorer.setServed(s == null ? model.adapter().params() : s.adapter.adapter().params());
            loadedModel = modelId;
        }
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            rows[i] = batch.get(i).features;
        }
        Calibration cal = s == null ? null : s.adapter.calibration();
        if (cal == null || cal.inputIsIdentity()) {
            // One call: the backbone is computed once for the served model and the shadow.
            scorer.score(rows, n, p, pShadow);
        } else {
            // A recalibrated input feeds a different backbone input than the shadow's raw one.
            float[][] calibrated = new float[n][];
            for (int i = 0; i < n; i++) {
                calibrated[i] = cal.input(rows[i]);
            }
            scorer.score(calibrated, n, p, null);
            scorer.score(rows, n, null, pShadow);
        }
        if (cal != null) {
            for (int i = 0; i < n; i++) {
                p[i] = cal.output(p[i]);
            }
        }
        long version = s == null ? 1 : s.version;
        double threshold = s == null ? model.threshold() : s.threshold;
        for (int i = 0; i < n; i++) {
            Transaction t = batch.get(i);
            ScoredEvent e = new ScoredEvent();
            e.id = t.id;
            e.key = t.key;
            e.model = modelId;
            e.ts = t.ts;
            e.batch = t.batch;
            e.p = p[i];
            e.decision = p[i] > threshold;
            e.pShadow = pShadow[i];
            e.modelVersion = version;
            e.ruleFlags = rules == null ? 0 : rules.flags(t.features);
            e.subtask = subtask;
            out.accept(e);
        }
    }

    /** The version currently served for a model (1 = the deployed adapter). */
    public long servedVersion(String modelId) {
        Served s = served.get(modelId);
        return s == null ? 1 : s.version;
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
        if (!(u.threshold > 0 && u.threshold < 1)) {
            return new AdapterApplied(u.model, u.version, subtask, lag, "threshold out of (0,1): " + u.threshold);
        }
        Served s = served.get(u.model);
        if (s != null && s.version == u.version) {
            return null; // already applied (e.g. replayed from restored broadcast state)
        }
        ServedAdapter split;
        try {
            split = ServedAdapter.of(decoded.vector(), model.frozen().hidden(), model.features().size());
        } catch (IllegalArgumentException e) {
            return new AdapterApplied(u.model, u.version, subtask, lag, e.getMessage());
        }
        served.put(u.model, new Served(u.version, split, u.threshold));
        if (u.model.equals(loadedModel)) {
            loadedModel = null; // reload on next flush
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
        scorer.close();
    }

    private record Served(long version, ServedAdapter adapter, double threshold) {}
}
