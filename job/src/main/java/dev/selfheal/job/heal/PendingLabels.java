package dev.selfheal.job.heal;

import dev.selfheal.data.Transaction;
import dev.selfheal.healer.LabelledRow;
import dev.selfheal.job.event.ArrivedLabel;
import dev.selfheal.job.event.DeadLetterRecord;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * One model's labels and the sampled rows waiting for them: the join when a batch closes (only
 * labels stamped up to its cutoff), first label wins, and the sweep that turns labels which never
 * meet their row into dead letters ({@link UnmatchedLabels}). Times of arrival are processing time.
 */
final class PendingLabels {
    /** Descriptors are part of the savepoint contract: names, types and TTLs must not change. */
    static final MapStateDescriptor<String, LabelledRow> AWAITING =
            new MapStateDescriptor<>("awaiting-label", Types.STRING, TypeInformation.of(LabelledRow.class));
    static final MapStateDescriptor<String, ArrivedLabel> LABELS =
            new MapStateDescriptor<>("arrived-labels", Types.STRING, TypeInformation.of(ArrivedLabel.class));
    /**
     * Unconsumed labels by arrival (processing) time, without TTL: the bookkeeping that lets a label
     * that never matches be reported as a dead letter instead of vanishing with the TTL of LABELS.
     */
    static final MapStateDescriptor<String, Long> LABEL_ARRIVALS =
            new MapStateDescriptor<>("label-arrivals", Types.STRING, Types.LONG);
    /**
     * The processing time of this model's pending unmatched-label sweep timer, if any. Kept so that there
     * is at most one per model: a model that only ever gets labels still has them swept, at the cost of
     * one timer per model rather than one per label.
     */
    static final ValueStateDescriptor<Long> SWEEP_TIMER =
            new ValueStateDescriptor<>("unmatched-sweep-timer", Types.LONG);
    /** Ids whose label was used, for as long as an unmatched label is kept: a second label is a duplicate. */
    static final String LABELLED_IDS = "labelled-ids";

    /** Rows of a closing batch joined with their labels. */
    record Join(List<LabelledRow> labelled, int expired) {}

    /** Which sampled rows HEAL holds in open batches. */
    @FunctionalInterface
    interface OpenRows {
        boolean holds(String id) throws Exception;
    }

    private final MapState<String, LabelledRow> awaiting;
    private final MapState<String, ArrivedLabel> labels;
    private final MapState<String, Long> arrivals;
    private final ValueState<Long> sweepTimer;
    private final MapState<String, Boolean> labelled;
    private final UnmatchedLabels unmatched;

    PendingLabels(MapState<String, LabelledRow> awaiting, MapState<String, ArrivedLabel> labels,
                  MapState<String, Long> arrivals, ValueState<Long> sweepTimer, MapState<String, Boolean> labelled,
                  UnmatchedLabels unmatched) {
        this.awaiting = awaiting;
        this.labels = labels;
        this.arrivals = arrivals;
        this.sweepTimer = sweepTimer;
        this.labelled = labelled;
        this.unmatched = unmatched;
    }

    static PendingLabels of(RuntimeContext rc, long unmatchedTtlMinutes) {
        // A backstop only: the sweep over LABEL_ARRIVALS removes an unmatched label after
        // labels.unmatched-ttl-minutes and reads it for its dead letter, so this TTL is longer, or the
        // label's value would be gone by the time the sweep (as batches close, or from the model's
        // timer, at most a minute late) reports it.
        MapStateDescriptor<String, ArrivedLabel> labelsWithTtl = new MapStateDescriptor<>(LABELS.getName(),
                Types.STRING, TypeInformation.of(ArrivedLabel.class));
        labelsWithTtl.enableTimeToLive(ttl(2 * unmatchedTtlMinutes));
        MapStateDescriptor<String, Boolean> labelledIds = new MapStateDescriptor<>(LABELLED_IDS, Types.STRING,
                Types.BOOLEAN);
        labelledIds.enableTimeToLive(ttl(unmatchedTtlMinutes));
        return new PendingLabels(rc.getMapState(AWAITING), rc.getMapState(labelsWithTtl),
                rc.getMapState(LABEL_ARRIVALS), rc.getState(SWEEP_TIMER), rc.getMapState(labelledIds),
                new UnmatchedLabels(unmatchedTtlMinutes));
    }

    static StateTtlConfig ttl(long minutes) {
        return StateTtlConfig.newBuilder(Duration.ofMinutes(minutes)).build();
    }

    boolean awaits(String id) throws Exception {
        return awaiting.contains(id);
    }

    /**
     * A label arrives at processing time {@code nowMs}. Kept, it waits for its row, and the model's
     * sweep timer is registered through {@code timers} unless one is pending.
     *
     * @return the dead letter that refuses it, or null when it is kept
     */
    DeadLetterRecord receive(String modelId, String id, int label, long ts, long nowMs, LongConsumer timers)
            throws Exception {
        if (label != 0 && label != 1) {
            // The label parser refuses these already; HEAL checks again because a label it keeps is
            // trained on, and a 7 would count as fraud in one place and as unlabelled in another.
            return HealDeadLetters.badLabel(modelId, id, label, ts);
        }
        if (arrivals.contains(id) || labelled.contains(id)) {
            // First label wins: a later one for the same id can neither flip a label already used
            // nor replace one waiting, so a replayed or conflicting label stream cannot steer a heal.
            return HealDeadLetters.duplicateLabel(modelId, id, label, ts);
        }
        labels.put(id, new ArrivedLabel(label, ts));
        arrivals.put(id, nowMs);
        scheduleSweep(nowMs, timers);
        return null;
    }

    /**
     * The rows of a closing batch start waiting for their labels; every waiting row whose label is
     * stamped up to {@code cutoff} is labelled (returned by batch, then id), and rows waiting since
     * before batch {@code batch - ttlBatches} give up.
     */
    Join join(long batch, long cutoff, List<Transaction> rows, int ttlBatches) throws Exception {
        for (Transaction t : rows) {
            awaiting.put(t.id, new LabelledRow(t.id, t.batch, t.features, -1));
        }
        List<LabelledRow> newlyLabelled = new ArrayList<>();
        List<String> done = new ArrayList<>();
        int expired = 0;
        for (Map.Entry<String, LabelledRow> e : awaiting.entries()) {
            ArrivedLabel l = labels.get(e.getKey());
            if (l != null && l.ts <= cutoff) {
                LabelledRow r = e.getValue();
                newlyLabelled.add(new LabelledRow(r.id, r.batch, r.features, l.label));
                done.add(e.getKey());
            } else if (e.getValue().batch < batch - ttlBatches) {
                done.add(e.getKey());
                expired++;
            }
        }
        for (LabelledRow r : newlyLabelled) {
            arrivals.remove(r.id);
            labelled.put(r.id, true);
        }
        for (String id : done) {
            awaiting.remove(id);
            labels.remove(id);
        }
        newlyLabelled.sort(Comparator.comparingLong((LabelledRow r) -> r.batch).thenComparing(r -> r.id));
        return new Join(newlyLabelled, expired);
    }

    /**
     * Labels may never come: beyond {@code max} waiting rows, the oldest go.
     *
     * @return how many went
     */
    int cap(int max) throws Exception {
        List<LabelledRow> waiting = new ArrayList<>();
        for (LabelledRow r : awaiting.values()) {
            waiting.add(r);
        }
        int excess = waiting.size() - max;
        if (excess <= 0) {
            return 0;
        }
        waiting.sort(Comparator.comparingLong((LabelledRow r) -> r.batch).thenComparing(r -> r.id));
        for (int i = 0; i < excess; i++) {
            awaiting.remove(waiting.get(i).id);
        }
        return excess;
    }

    /**
     * Without it, labels of a model whose batches never close (it gets labels but no samples) would
     * only be swept at the end of a bounded input, and in an unbounded run never.
     */
    List<DeadLetterRecord> onSweepTimer(String modelId, long timestamp, long nowMs, OpenRows open,
                                        LongConsumer timers) throws Exception {
        Long pending = sweepTimer.value();
        if (pending != null && pending <= timestamp) {
            sweepTimer.clear();
        }
        List<DeadLetterRecord> dead = new ArrayList<>();
        long earliest = sweep(modelId, nowMs, UnmatchedLabels.Occasion.TIMER, open, dead);
        if (earliest != Long.MAX_VALUE) {
            scheduleSweep(earliest, timers);
        }
        return dead;
    }

    /** The sweep when a batch closed or a bounded input ended; see {@link #sweep(String, long, UnmatchedLabels.Occasion, OpenRows, List)}. */
    List<DeadLetterRecord> sweep(String modelId, long nowMs, UnmatchedLabels.Occasion occasion, OpenRows open)
            throws Exception {
        List<DeadLetterRecord> dead = new ArrayList<>();
        sweep(modelId, nowMs, occasion, open, dead);
        return dead;
    }

    /**
     * Labels that matched no sampled row within labels.unmatched-ttl-minutes, or by the end of a
     * bounded input, become dead letters "unmatched_label": unknown ids, ids whose row expired from
     * AWAITING, or (with sample.rate below 1) rows not sampled.
     *
     * @return the earliest arrival among the labels kept that are still within their TTL, or
     *     Long.MAX_VALUE if none: when the sweep timer must look again
     */
    private long sweep(String modelId, long nowMs, UnmatchedLabels.Occasion occasion, OpenRows open,
                       List<DeadLetterRecord> dead) throws Exception {
        List<String> gone = new ArrayList<>();
        long earliestKept = Long.MAX_VALUE;
        for (Map.Entry<String, Long> e : arrivals.entries()) {
            String id = e.getKey();
            long arrival = e.getValue();
            if (unmatched.drop(occasion, nowMs, arrival, () -> open.holds(id) || awaiting.contains(id))) {
                gone.add(id);
            } else if (!unmatched.expired(nowMs, arrival)) {
                // The timer must come back for this one. One kept past its TTL has its row waiting in a
                // batch, whose closing sweeps it: no timer is needed for that.
                earliestKept = Math.min(earliestKept, arrival);
            }
        }
        gone.sort(null); // deterministic output order
        for (String id : gone) {
            ArrivedLabel label = labels.get(id);
            arrivals.remove(id);
            labels.remove(id);
            dead.add(HealDeadLetters.unmatchedLabel(modelId, id, label));
        }
        return earliestKept;
    }

    /**
     * Registers the sweep timer for a label that arrived at {@code arrivalMs}, unless one is pending:
     * that one is due no later, and looks again for what it leaves.
     */
    private void scheduleSweep(long arrivalMs, LongConsumer timers) throws Exception {
        if (sweepTimer.value() == null) {
            long at = unmatched.sweepAt(arrivalMs);
            timers.accept(at);
            sweepTimer.update(at);
        }
    }
}
