package dev.selfheal.lab.bench;

import dev.selfheal.data.Transaction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's source: {@link Transaction} objects from a {@link TransactionPool}, in parallel.
 * Each subtask numbers its events {@code k·P + subtask}, so event times interleave across
 * subtasks and the watermark (the minimum over them) keeps up with all of them.
 *
 * <p>Rate limiting is done here, by sleeping every {@link #PACE_EVERY} events until the schedule
 * catches up: Flink's own rate-limited reader makes a mailbox round trip per record, which cost
 * more CPU per event (measured, ~10 µs) than the whole job.
 */
final class PooledTransactions implements GeneratorFunction<Long, Transaction> {
    private static final long serialVersionUID = 1L;
    static final long T0 = 1_700_000_000_000L;
    private static final int PACE_EVERY = 64;

    private final TransactionPool pool;
    private final String[] models;
    private final double ratePerSecond;
    private final long bootstrapSamples;
    private transient long local;
    private transient int subtask;
    private transient int parallelism;
    private transient double nanosPerEvent;
    private transient long startNanos;

    /**
     * @param models           model ids to spread events over (one: every event is the default model)
     * @param ratePerSecond    events per second over all subtasks, 0 for as fast as possible; when set,
     *                         event time is the wall clock at emission, so sinks can measure latency
     * @param bootstrapSamples the first this many events are all samples (then one in
     *                         {@code pool.sampleEvery}): with many models, every model gets a heal
     *                         batch early, so the run then measures scoring with that many adapters
     */
    PooledTransactions(TransactionPool pool, String[] models, double ratePerSecond, long bootstrapSamples) {
        this.pool = pool;
        this.models = models;
        this.ratePerSecond = ratePerSecond;
        this.bootstrapSamples = bootstrapSamples;
    }

    static DataGeneratorSource<Transaction> source(TransactionPool pool, String[] models, long count,
                                                   double ratePerSecond, long bootstrapSamples) {
        return new DataGeneratorSource<>(new PooledTransactions(pool, models, ratePerSecond, bootstrapSamples),
                count, RateLimiterStrategy.noOp(), TypeInformation.of(Transaction.class));
    }

    @Override
    public void open(SourceReaderContext ctx) {
        subtask = ctx.getIndexOfSubtask();
        parallelism = ctx.currentParallelism();
        local = 0;
        nanosPerEvent = ratePerSecond > 0 ? 1e9 * parallelism / ratePerSecond : 0;
    }

    @Override
    public Transaction map(Long ignored) {
        if (nanosPerEvent > 0) {
            pace();
        }
        long g = local++ * parallelism + subtask;
        long sampleNo;
        boolean sampled;
        if (g < bootstrapSamples) {
            sampleNo = g;
            sampled = true;
        } else {
            long after = g - bootstrapSamples;
            sampleNo = bootstrapSamples + after / pool.sampleEvery;
            sampled = after % pool.sampleEvery == 0;
        }
        // Samples take consecutive pool rows too, so they see the pool's whole distribution.
        int row = (int) ((sampled ? sampleNo : g) % pool.size());
        Transaction t = new Transaction();
        // A model's j-th sample takes sampled id j (mod the list): ids are distinct within a model's
        // heal batches; other models may reuse them, as HEAL's state is per model.
        t.id = sampled ? pool.sampledIds[(int) ((sampleNo / models.length) % pool.sampledIds.length)] : pool.ids[row];
        t.key = pool.keys[row];
        // Samples walk through the models in turn, so every model gets its share of heal batches.
        t.model = models[(int) ((sampled ? sampleNo : g) % models.length)];
        t.ts = nanosPerEvent > 0 ? System.currentTimeMillis() : T0 + g;
        // No batch column: HEAL groups each model's samples by count (batch.size).
        t.batch = 0;
        t.label = sampled ? pool.labels[row] : Transaction.NO_LABEL;
        t.trueLabel = pool.labels[row];
        // Shared, never written: the pool's arrays are read-only for everyone downstream.
        t.features = pool.features[row];
        return t;
    }

    private void pace() {
        if (local == 0) {
            startNanos = System.nanoTime();
        }
        if (local % PACE_EVERY == 0) {
            long due = startNanos + (long) (local * nanosPerEvent);
            long ahead = due - System.nanoTime();
            if (ahead > 0) {
                LockSupport.parkNanos(ahead);
            }
        }
    }
}
