package dev.selfheal.job.heal;

import dev.selfheal.data.Transaction;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One model's open heal batches: sampled rows waiting for their batch to close. Numbered rows
 * close by event time: batch b is complete when the watermark passes the first timestamp of a later
 * batch, since every row of b has then arrived, whatever the interleaving of the parallel PROFILE
 * subtasks. Rows without a batch number are grouped by count.
 */
final class OpenBatches {
    /** Descriptors are part of the savepoint contract: names and types must not change. */
    static final MapStateDescriptor<String, Transaction> OPEN_ROWS =
            new MapStateDescriptor<>("open-rows", Types.STRING, TypeInformation.of(Transaction.class));
    static final MapStateDescriptor<Long, Long> BATCH_START =
            new MapStateDescriptor<>("batch-start", Types.LONG, Types.LONG);
    static final ValueStateDescriptor<Long> COUNT_BATCH = new ValueStateDescriptor<>("count-batch", Types.LONG);
    /** Rows of the open count-closed batch (the size of OPEN_ROWS in that mode). */
    static final ValueStateDescriptor<Integer> COUNT_OPEN = new ValueStateDescriptor<>("count-open", Types.INT);

    /**
     * A batch due to close: its rows are those numbered up to {@code batch}, and only labels stamped
     * up to {@code cutoff} join them, so the same input gives the same heals after every recovery.
     */
    record Closing(long batch, long cutoff, long firstTs) {}

    private final MapState<String, Transaction> rows;
    private final MapState<Long, Long> starts;
    private final ValueState<Long> countBatch;
    private final ValueState<Integer> countOpen;
    private final int countBatchSize;

    OpenBatches(MapState<String, Transaction> rows, MapState<Long, Long> starts, ValueState<Long> countBatch,
                ValueState<Integer> countOpen, int countBatchSize) {
        this.rows = rows;
        this.starts = starts;
        this.countBatch = countBatch;
        this.countOpen = countOpen;
        this.countBatchSize = countBatchSize;
    }

    static OpenBatches of(RuntimeContext rc, int countBatchSize) {
        return new OpenBatches(rc.getMapState(OPEN_ROWS), rc.getMapState(BATCH_START), rc.getState(COUNT_BATCH),
                rc.getState(COUNT_OPEN), countBatchSize);
    }

    boolean holds(String id) throws Exception {
        return rows.contains(id);
    }

    /**
     * Adds a numbered row (batch &gt; 0).
     *
     * @return the event time at which to look for complete batches when this row is the first of its
     *     batch so far (batch {@code t.batch - 1} and older are complete once the watermark reaches
     *     it), else null
     */
    Long addNumbered(Transaction t) throws Exception {
        rows.put(t.id, t);
        Long start = starts.get((long) t.batch);
        if (start == null || t.ts < start) {
            starts.put((long) t.batch, t.ts);
            return t.ts - 1;
        }
        return null;
    }

    /**
     * Adds a row without a batch number to the count-closed batch, numbering it.
     *
     * @return the batch to close, now that this row filled it, else null
     */
    Closing addCounted(Transaction t) throws Exception {
        long seq = countBatch.value() == null ? 1 : countBatch.value();
        t.batch = (int) Math.min(Integer.MAX_VALUE, seq);
        rows.put(t.id, t);
        // A counter, not a walk over the map per row: that walk was O(batch) RocksDB reads for every
        // sample (6% of the benchmark's CPU). Absent in savepoints from before it existed: count once.
        Integer open = countOpen.value();
        int n = open == null ? countRows() : open + 1;
        if (n >= countBatchSize) {
            countBatch.update(seq + 1);
            countOpen.update(0);
            return new Closing(seq, Long.MAX_VALUE, t.ts);
        }
        countOpen.update(n);
        return null;
    }

    /** The numbered batches complete at event time {@code timestamp}, in order; they are open no more. */
    List<Closing> due(long timestamp) throws Exception {
        TreeMap<Long, Long> open = new TreeMap<>();
        for (Map.Entry<Long, Long> e : starts.entries()) {
            open.put(e.getKey(), e.getValue());
        }
        List<Closing> due = due(open, timestamp);
        for (Closing c : due) {
            starts.remove(c.batch());
        }
        return due;
    }

    /**
     * The batches, by first timestamp, that are complete at {@code timestamp}: each but the last
     * once a later batch has begun by then; the last only at the end of input (Long.MAX_VALUE).
     */
    static List<Closing> due(SortedMap<Long, Long> firstTs, long timestamp) {
        List<Long> batches = new ArrayList<>(firstTs.keySet());
        List<Closing> due = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            long b = batches.get(i);
            long cutoff;
            if (i + 1 < batches.size()) {
                cutoff = firstTs.get(batches.get(i + 1)) - 1;
                if (cutoff > timestamp) {
                    break;
                }
            } else if (timestamp == Long.MAX_VALUE) {
                cutoff = Long.MAX_VALUE;
            } else {
                break;
            }
            due.add(new Closing(b, cutoff, firstTs.get(b)));
        }
        return due;
    }

    /** Removes and returns the rows of batches up to {@code batch}, by time, then id. */
    List<Transaction> take(long batch) throws Exception {
        List<Transaction> taken = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, Transaction> e : rows.entries()) {
            if (e.getValue().batch <= batch) {
                taken.add(e.getValue());
                ids.add(e.getKey());
            }
        }
        for (String id : ids) {
            rows.remove(id);
        }
        taken.sort(Comparator.comparingLong((Transaction t) -> t.ts).thenComparing(t -> t.id));
        return taken;
    }

    private int countRows() throws Exception {
        int n = 0;
        for (String ignored : rows.keys()) {
            n++;
        }
        return n;
    }
}
