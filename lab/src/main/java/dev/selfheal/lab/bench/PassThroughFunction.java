package dev.selfheal.lab.bench;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.job.score.ScoreFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * SCORE minus the model: the same inputs (keyed transactions, broadcast adapters kept in the same
 * broadcast state) and the same output record per transaction, with no forward pass. The
 * benchmark's reference: the job's cost without the kernel.
 */
final class PassThroughFunction extends KeyedBroadcastProcessFunction<String, Transaction, AdapterUpdate, ScoredEvent> {
    private static final long serialVersionUID = 1L;

    /** The scored event of a transaction, without a score. */
    static ScoredEvent unscored(Transaction t) {
        ScoredEvent e = new ScoredEvent();
        e.id = t.id;
        e.key = t.key;
        e.model = t.model;
        e.ts = t.ts;
        e.batch = t.batch;
        e.modelVersion = 1;
        return e;
    }

    @Override
    public void processElement(Transaction t, ReadOnlyContext ctx, Collector<ScoredEvent> out) {
        out.collect(unscored(t));
    }

    @Override
    public void processBroadcastElement(AdapterUpdate u, Context ctx, Collector<ScoredEvent> out) throws Exception {
        ctx.getBroadcastState(ScoreFunction.ADAPTERS).put(u.model, u);
    }

    /**
     * The stand-in for PROFILE, HEAL and SCORE in the production job's ends
     * ({@link dev.selfheal.job.SelfhealJob#buildEnds}): the Kafka part's pass-through.
     */
    static final class Unscored implements MapFunction<Transaction, ScoredEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public ScoredEvent map(Transaction t) {
            return unscored(t);
        }
    }
}
