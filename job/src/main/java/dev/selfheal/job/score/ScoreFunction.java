package dev.selfheal.job.score;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.event.AdapterApplied;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.model.DjlBootstrap;
import dev.selfheal.model.FraudModel;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.Map;

/**
 * SCORE: a thin Flink shell around {@link BatchScorer}. Two traps handled here, both measured in
 * the prototype: (1) processing-time timers never fire once a bounded input ends, so a partial
 * micro-batch would be dropped silently; one event-time timer at {@code Long.MAX_VALUE} fires on the
 * final watermark and flushes it. (2) A buffer held only in a field is lost on recovery; it is
 * copied into operator list state at every checkpoint and restored from it.
 */
public class ScoreFunction extends KeyedBroadcastProcessFunction<String, Transaction, AdapterUpdate, ScoredEvent>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ScoreFunction.class);

    /** Broadcast state: the current adapter per model id. Restored from checkpoints and savepoints. */
    public static final MapStateDescriptor<String, AdapterUpdate> ADAPTERS =
            new MapStateDescriptor<>("served-adapters", Types.STRING, TypeInformation.of(AdapterUpdate.class));
    public static final OutputTag<AdapterApplied> APPLIED = new OutputTag<>("adapter-applied") {};

    private final ServedModel servedModel;
    private final int batchSize;
    private final int maxBatchSize;
    private final long flushMs;
    private final String kernel;

    private transient BatchScorer scorer;
    private transient ListState<Transaction> bufferState;
    private transient java.util.List<Transaction> restored;
    private transient boolean endTimerRegistered;
    /** False only after a restore, until the adapters in broadcast state are applied. */
    private transient boolean caughtUp;
    private transient boolean restoredState;
    private transient boolean flushTimerPending;
    private transient Counter scoredCounter;
    private transient Counter refusedCounter;
    private transient volatile long servedVersionGauge;
    private transient volatile long lastLagMs;

    public ScoreFunction(ServedModel servedModel, int batchSize, long flushMs) {
        this(servedModel, batchSize, flushMs, dev.selfheal.model.ScoringKernels.AUTO);
    }

    /** @param kernel {@code score.kernel}: auto, vector or djl ({@link dev.selfheal.model.ScoringKernels}) */
    public ScoreFunction(ServedModel servedModel, int batchSize, long flushMs, String kernel) {
        this(servedModel, batchSize, batchSize, flushMs, kernel);
    }

    /** @param maxBatchSize {@code score.max-batch-size}: how far a many-model micro-batch may grow */
    public ScoreFunction(ServedModel servedModel, int batchSize, int maxBatchSize, long flushMs, String kernel) {
        this.servedModel = servedModel;
        this.batchSize = batchSize;
        this.maxBatchSize = maxBatchSize;
        this.flushMs = flushMs;
        this.kernel = kernel;
    }

    @Override
    public void open(OpenContext ctx) {
        DjlBootstrap.init();
        FraudModel model = servedModel.load();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        // The shadow is the adapter as deployed (version 1); the same bytes as the served start.
        scorer = new BatchScorer(model, model.adapter().params().clone(), batchSize, maxBatchSize, subtask, kernel);
        // Which engine scores depends on the JVM's flags (the Vector API module): say which one won.
        LOG.info("SCORE subtask {} scores with the {} kernel (score.kernel: {})", subtask, scorer.kernelName(), kernel);
        if (restored != null) {
            restored.forEach(scorer::add);
            restored = null;
        }
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("selfheal");
        scoredCounter = g.counter("scored_records");
        refusedCounter = g.counter("refused_adapters");
        g.gauge("scorer_model_version", () -> servedVersionGauge);
        g.gauge("adapter_propagation_lag_ms", () -> lastLagMs);
        g.gauge("score_batch_target", () -> scorer.batchTarget());
        servedVersionGauge = 1;
        caughtUp = !restoredState;
    }

    @Override
    public void processElement(Transaction t, ReadOnlyContext ctx, Collector<ScoredEvent> out) throws Exception {
        if (!endTimerRegistered) {
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            endTimerRegistered = true;
        }
        if (!caughtUp) {
            catchUp(ctx.getBroadcastState(ADAPTERS), a -> report(a, ctx));
        }
        boolean full = scorer.add(t);
        if (full) {
            flush(out);
        } else if (!flushTimerPending) {
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + flushMs);
            flushTimerPending = true;
        }
    }

    /**
     * After a restore the broadcast state holds the adapters, but the scorer starts from the
     * deployed one: apply what the state says before scoring anything, the restored buffer included
     * (its records arrived while those adapters were served). Once, for every model, rather than a
     * state lookup per record (which JFR showed among SCORE's top costs).
     */
    private void catchUp(ReadOnlyBroadcastState<String, AdapterUpdate> state,
                         java.util.function.Consumer<AdapterApplied> report) throws Exception {
        for (Map.Entry<String, AdapterUpdate> e : state.immutableEntries()) {
            AdapterUpdate u = e.getValue();
            if (u.version != scorer.servedVersion(u.model)) {
                AdapterApplied a = scorer.apply(u, System.currentTimeMillis());
                if (a != null) {
                    a.restored = true;
                    report.accept(a);
                }
            }
        }
        caughtUp = true;
    }

    @Override
    public void processBroadcastElement(AdapterUpdate u, Context ctx, Collector<ScoredEvent> out) throws Exception {
        if (!caughtUp) {
            catchUp(ctx.getBroadcastState(ADAPTERS), a -> {
                ctx.output(APPLIED, a);
                count(a);
            });
        }
        flush(out);
        AdapterApplied a = scorer.apply(u, System.currentTimeMillis());
        if (a != null && a.refused == null) {
            ctx.getBroadcastState(ADAPTERS).put(u.model, u);
        }
        if (a != null) {
            ctx.output(APPLIED, a);
            count(a);
        }
    }

    private void report(AdapterApplied a, ReadOnlyContext ctx) {
        ctx.output(APPLIED, a);
        count(a);
    }

    private void count(AdapterApplied a) {
        if (a.refused != null) {
            refusedCounter.inc();
        } else {
            servedVersionGauge = a.version;
            if (!a.restored) {
                lastLagMs = a.lagMs;
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScoredEvent> out) throws Exception {
        // A flush timer registered before a savepoint is restored with it and may fire before any
        // record or broadcast element arrives: the restored buffer must still see the restored adapters.
        if (!caughtUp) {
            catchUp(ctx.getBroadcastState(ADAPTERS), a -> report(a, ctx));
        }
        flushTimerPending = false;
        flush(out);
    }

    private void flush(Collector<ScoredEvent> out) {
        int n = scorer.buffered();
        if (n > 0) {
            scorer.flush(out::collect);
            scoredCounter.inc(n);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        bufferState.update(scorer == null ? java.util.List.of() : new java.util.ArrayList<>(scorer.bufferedTransactions()));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        bufferState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("score-buffer", TypeInformation.of(Transaction.class)));
        restoredState = context.isRestored();
        if (context.isRestored()) {
            restored = new java.util.ArrayList<>();
            for (Transaction t : bufferState.get()) {
                restored.add(t);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (scorer != null) {
            scorer.close();
        }
    }
}
