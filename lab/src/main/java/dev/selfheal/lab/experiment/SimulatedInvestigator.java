package dev.selfheal.lab.experiment;

import dev.selfheal.data.Transaction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The investigator of the {@code requested:B[:D]} label regime: answers exactly the ids HEAL
 * requested, from the stream file's own labels, so that each answer is used when the heal batch D
 * batches after the next one closes (D = 0: the next batch). Plain Java; in an experiment it sits
 * between {@link InvestigatorSink} (HEAL's requests, one record per closed batch) and
 * {@link InvestigatorSource} (the job's label stream), which meet it in this JVM by a token.
 *
 * <p>Why a feedback source rather than a label file: the requests exist only while the job runs,
 * and a file sink commits on checkpoints, too late and at no fixed point in event time. The source
 * instead paces the job: HEAL closes a batch only when the watermark of every input has passed it,
 * and this source's watermark stays just short of the close of the batch an answer is due in until
 * the requests of the batch before have been answered. So every answer is in time, and the run is
 * as repeatable as one with a label file.
 */
public final class SimulatedInvestigator {
    private static final Map<String, SimulatedInvestigator> RUNNING = new ConcurrentHashMap<>();
    /** Without a closed batch for this long, assume one was missed (a model without rows in it) rather than hang. */
    static final long STALL_MS = 60_000;

    /** An answer: the label of row {@code id}, at event time {@code ts}, for the heal batch {@code batch}. */
    public record Answer(String id, int label, long ts, int batch) {}

    /** What the source emits next: label lines, then its watermark; {@code done} once nothing more can come. */
    public record Poll(List<String> lines, long watermark, boolean done) {}

    private final int delay;
    private final boolean asks;
    private final List<Integer> batches;
    private final List<Long> starts;
    private final long lastTs;
    private final Map<String, Transaction> rows = new HashMap<>();
    private final Map<String, Integer> lastClosed = new LinkedHashMap<>();
    private final List<String> pending = new ArrayList<>();
    private final List<Answer> answers = new ArrayList<>();
    private final Set<String> answered = new LinkedHashSet<>();
    private CompletableFuture<Void> changed = new CompletableFuture<>();
    private long lastProgressMs;
    private int stalls;
    private int requested;

    /**
     * @param stream the stream's rows with their batch numbers and labels
     * @param delay  D: answers are used D batches after the next one
     * @param asks   false when the budget is 0: HEAL asks for nothing and no batch report comes
     */
    public SimulatedInvestigator(List<Transaction> stream, int delay, boolean asks) {
        this.delay = delay;
        this.asks = asks;
        TreeMap<Integer, Long> start = new TreeMap<>();
        long last = Long.MIN_VALUE;
        for (Transaction t : stream) {
            start.merge(t.batch, t.ts, Math::min);
            last = Math.max(last, t.ts);
            rows.putIfAbsent(t.id, t);
            lastClosed.putIfAbsent(t.model == null ? Transaction.DEFAULT_MODEL : t.model, -1);
        }
        this.batches = List.copyOf(start.keySet());
        this.starts = List.copyOf(start.values());
        this.lastTs = last;
        this.lastProgressMs = System.currentTimeMillis();
    }

    public static String register(SimulatedInvestigator investigator) {
        String token = java.util.UUID.randomUUID().toString();
        RUNNING.put(token, investigator);
        return token;
    }

    static SimulatedInvestigator lookup(String token) {
        SimulatedInvestigator i = RUNNING.get(token);
        if (i == null) {
            throw new IllegalStateException("no simulated investigator in this JVM for " + token
                    + " (the requested label regime runs on the embedded cluster only)");
        }
        return i;
    }

    public static void unregister(String token) {
        RUNNING.remove(token);
    }

    /** HEAL closed {@code batch} of {@code model} and asked for these ids (possibly none). */
    public synchronized void closed(String model, long batch, String[] ids) {
        int i = indexOf(batch);
        lastClosed.merge(model == null ? Transaction.DEFAULT_MODEL : model, i, Math::max);
        requested += ids.length;
        int due = i + 1 + delay;
        if (due < batches.size()) {
            for (String id : ids) {
                Transaction t = rows.get(id);
                if (t != null && t.hasLabel() && answered.add(id)) {
                    Answer a = new Answer(id, t.label, starts.get(due), batches.get(due));
                    answers.add(a);
                    pending.add(line(a, t.model));
                }
            }
        }
        progress();
    }

    /** Takes the lines to emit and the watermark that may follow them. */
    public synchronized Poll poll() {
        List<String> out = List.copyOf(pending);
        pending.clear();
        return new Poll(out, watermark(), done());
    }

    /**
     * Completes when there may be something new to poll; {@code emitted} is the watermark the caller
     * has already emitted.
     */
    public synchronized CompletableFuture<Void> available(long emitted) {
        if (!pending.isEmpty() || watermark() > emitted || done()) {
            return CompletableFuture.completedFuture(null);
        }
        return changed;
    }

    /**
     * When no batch has closed for {@link #STALL_MS} (HEAL never closes a batch a model had no rows
     * in), lets the job go one batch further instead of waiting for ever.
     */
    public synchronized void nudgeIfStalled(long nowMs) {
        if (!done() && nowMs - lastProgressMs > STALL_MS) {
            lastClosed.replaceAll((m, i) -> Math.min(i + 1, batches.size() - 1));
            stalls++;
            progress();
        }
    }

    /** Labels answered (each one used at most once), in the order they were given. */
    public synchronized List<Answer> answers() {
        return List.copyOf(answers);
    }

    public synchronized int requested() {
        return requested;
    }

    public synchronized int stalls() {
        return stalls;
    }

    /**
     * Just short of closing the first batch whose answers are not all given: the answers to batch
     * index L + 1 are used when batch L + 2 + D closes, which happens when the watermark reaches the
     * start of batch L + 3 + D (L = the last batch closed by every model). Past the end, the last
     * row's time: the last batch closes only when every input has ended.
     */
    long watermark() {
        int closed = Collections.min(lastClosed.values());
        int next = closed + 3 + delay;
        return next < starts.size() ? starts.get(next) - 2 : lastTs;
    }

    /** No later request could be answered within the stream, or none will be made. */
    boolean done() {
        return !asks || Collections.min(lastClosed.values()) >= batches.size() - 2 - delay;
    }

    private int indexOf(long batch) {
        int i = Collections.binarySearch(batches, (int) Math.min(Integer.MAX_VALUE, batch));
        return i >= 0 ? i : Math.max(-1, -i - 2);
    }

    private void progress() {
        lastProgressMs = System.currentTimeMillis();
        CompletableFuture<Void> c = changed;
        changed = new CompletableFuture<>();
        c.complete(null);
    }

    private static String line(Answer a, String model) {
        String base = a.id() + "," + a.label() + "," + a.ts();
        return model == null || model.equals(Transaction.DEFAULT_MODEL) ? base : base + "," + model;
    }
}
