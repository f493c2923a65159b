package dev.selfheal.job.heal;

import dev.selfheal.data.Transaction;
import dev.selfheal.healer.AuditRecord;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.healer.BatchOutcome;
import dev.selfheal.healer.HealBatchInput;
import dev.selfheal.healer.HealerConfig;
import dev.selfheal.healer.HealerState;
import dev.selfheal.healer.PublishedAdapter;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.AuditEvent;
import dev.selfheal.job.event.ControlCommand;
import dev.selfheal.job.event.DeadLetterRecord;
import dev.selfheal.job.event.HealInput;
import dev.selfheal.job.event.LabelRequestBatch;
import dev.selfheal.job.io.ParseTransactions;
import dev.selfheal.job.io.ProfileFunction;
import dev.selfheal.job.score.ServedModel;
import dev.selfheal.model.DjlBootstrap;
import dev.selfheal.model.FraudModel;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.List;

/**
 * HEAL, keyed by model id: assembles heal batches from sampled rows ({@link OpenBatches}) and the
 * labels that arrived ({@link PendingLabels}), has the model's healer ({@link ModelHealers}) process
 * each, and emits the outcome; control commands go through {@link HealControl}, label requests
 * through {@link LabelRequests}. The same input gives the same heals on every run and recovery.
 */
public class HealFunction extends KeyedBroadcastProcessFunction<String, HealInput, ControlCommand, AdapterUpdate> {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HealFunction.class);

    public static final OutputTag<BatchMetrics> METRICS = new OutputTag<>("batch-metrics") {};
    public static final OutputTag<AuditEvent> AUDIT = new OutputTag<>("audit") {};
    /** One record per closed heal batch when labels.budget > 0: the label requests made (possibly none). */
    public static final OutputTag<LabelRequestBatch> LABEL_REQUESTS = new OutputTag<>("label-requests") {};
    /** Rows and labels HEAL cannot use: duplicates, labels other than 0/1, labels that never match a row. */
    public static final OutputTag<DeadLetterRecord> DEAD_LETTERS = ParseTransactions.DEAD_LETTERS;

    /** Descriptors are part of the savepoint contract: names and types must not change. */
    public static final ValueStateDescriptor<HealerState> HEALER_STATE =
            new ValueStateDescriptor<>("healer", TypeInformation.of(HealerState.class));
    public static final MapStateDescriptor<Long, byte[]> REGISTRY =
            new MapStateDescriptor<>("registry", Types.LONG, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    public static final MapStateDescriptor<String, ControlCommand> STANDING_COMMANDS = HealControl.STANDING_COMMANDS;

    private final ServedModel servedModel;
    private final HealerConfig config;
    private final int countBatchSize;
    private final String keyFeature;
    private final HealBatchHook hook;
    private final long unmatchedLabelTtlMinutes;
    private final String scoringKernel;
    /** {@code heal.thread-priority}; the normal priority leaves the task thread as Flink made it. */
    private int threadPriority = Thread.NORM_PRIORITY;
    private LabelRequests.Settings labelRequests = LabelRequests.Settings.none();
    /** {@code sample.rate}: a label for an id PROFILE does not forward can never meet its row. */
    private double sampleRate = 1.0;

    private transient ModelHealers healers;
    private transient HealControl control;
    private transient ValueState<HealerState> healerState;
    private transient OpenBatches batches;
    private transient PendingLabels labels;
    /** Null without a label budget. */
    private transient LabelRequests requests;
    private transient HealMetrics metrics;

    /**
     * @param countBatchSize rows per heal batch when the rows carry no batch number
     * @param hook           called after each batch's outcome is in state, before it is emitted: drills and tests
     * @param scoringKernel  {@code score.kernel}: HEAL evaluates adapters on the engine SCORE serves them with
     */
    public HealFunction(ServedModel servedModel, HealerConfig config, int countBatchSize, String keyFeature,
                        HealBatchHook hook, long unmatchedLabelTtlMinutes, String scoringKernel) {
        new UnmatchedLabels(unmatchedLabelTtlMinutes); // refuses a bad TTL here, not in a task
        this.servedModel = servedModel;
        this.config = config;
        this.countBatchSize = countBatchSize;
        this.keyFeature = keyFeature;
        this.hook = hook;
        this.unmatchedLabelTtlMinutes = unmatchedLabelTtlMinutes;
        this.scoringKernel = scoringKernel;
    }

    /** Asks for {@code heal.thread-priority} (1..10) on the task thread at open; see {@link TaskThreadPriority}. */
    public HealFunction threadPriority(int javaPriority) {
        if (javaPriority < Thread.MIN_PRIORITY || javaPriority > Thread.MAX_PRIORITY) {
            throw new IllegalArgumentException("a Java thread priority is 1 to 10, not " + javaPriority);
        }
        this.threadPriority = javaPriority;
        return this;
    }

    /** Makes label requests (labels.budget, labels.strategy, labels.budget-window in rows) after each heal batch. */
    public HealFunction labelRequests(double budget, String strategy, long windowRows) {
        this.labelRequests = new LabelRequests.Settings(budget, strategy, windowRows);
        return this;
    }

    /**
     * PROFILE's {@code sample.rate}. Labels for rows outside the sample are counted and dropped on
     * arrival: kept, each would wait for the unmatched-label timeout in state and end as a dead letter.
     */
    public HealFunction sampleRate(double rate) {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("sample.rate must be in (0, 1], got " + rate);
        }
        this.sampleRate = rate;
        return this;
    }

    @Override
    public void open(OpenContext ctx) {
        DjlBootstrap.init();
        FraudModel model = servedModel.load();
        if (config.signals().enabled() && model.signals() == null) {
            LOG.warn("label-free signals off for model {}: its directory has no signal reference (written before "
                    + "there was one); `train` or `import` again to measure them", model.modelId());
        }
        healers = ModelHealers.of(getRuntimeContext(), model, config, keyFeature, scoringKernel);
        control = new HealControl(config, healers);
        healerState = getRuntimeContext().getState(HEALER_STATE);
        batches = OpenBatches.of(getRuntimeContext(), countBatchSize);
        labels = PendingLabels.of(getRuntimeContext(), unmatchedLabelTtlMinutes);
        requests = LabelRequests.of(getRuntimeContext(), labelRequests, model.trainingStats(), unmatchedLabelTtlMinutes);
        MetricGroup selfheal = getRuntimeContext().getMetricGroup().addGroup("selfheal");
        metrics = new HealMetrics(selfheal, config.healthWindow());
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        HealTaskSetUp.prioritise(subtask, threadPriority, selfheal);
        HealTaskSetUp.warmUp(subtask, healers, countBatchSize);
    }

    @Override
    public void processElement(HealInput in, ReadOnlyContext ctx, Collector<AdapterUpdate> out) throws Exception {
        String modelId = ctx.getCurrentKey();
        if (healers.start(modelId, control, ctx.getBroadcastState(STANDING_COMMANDS)::get, ctx::output)) {
            // One timer at the end of time flushes the last batch when a bounded input ends.
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        if (!in.isSample()) {
            if (!ProfileFunction.isSampled(in.labelId, sampleRate)) {
                metrics.unsampledLabels.inc();
                return;
            }
            DeadLetterRecord refused = labels.receive(modelId, in.labelId, in.label, in.labelTs,
                    ctx.timerService().currentProcessingTime(), ctx.timerService()::registerProcessingTimeTimer);
            if (refused != null) {
                deadLetters(ctx::output, List.of(refused));
            } else if (requests != null && requests.answered(in.labelId)) {
                metrics.requestedLabels.inc();
            }
            return;
        }
        Transaction t = in.sample;
        if (batches.holds(t.id) || (t.batch > 0 && labels.awaits(t.id))) {
            // The first row with an id is the one its label will be joined to; a second would silently
            // replace it. It is still scored: only healing ignores it.
            deadLetters(ctx::output, List.of(HealDeadLetters.duplicateRow(t)));
        } else if (t.batch > 0) {
            Long lookAt = batches.addNumbered(t);
            if (lookAt != null) {
                ctx.timerService().registerEventTimeTimer(lookAt);
            }
        } else {
            OpenBatches.Closing full = batches.addCounted(t);
            if (full != null) {
                closeBatch(modelId, full, ctx.timerService().currentProcessingTime(), out, ctx::output);
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AdapterUpdate> out) throws Exception {
        String modelId = ctx.getCurrentKey();
        TimerService timers = ctx.timerService();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            // Only the unmatched-label sweep uses processing time; batches close on event time alone.
            deadLetters(ctx::output, labels.onSweepTimer(modelId, timestamp, timers.currentProcessingTime(),
                    batches::holds, timers::registerProcessingTimeTimer));
            return;
        }
        for (OpenBatches.Closing c : batches.due(timestamp)) {
            closeBatch(modelId, c, timers.currentProcessingTime(), out, ctx::output);
        }
        if (timestamp == Long.MAX_VALUE) {
            // End of a bounded input: a label still unmatched now never will be.
            deadLetters(ctx::output, labels.sweep(modelId, timers.currentProcessingTime(),
                    UnmatchedLabels.Occasion.END_OF_INPUT, batches::holds));
            // Leave the registry in the audit log, as a record of where it ended.
            HealerState s = healerState.value();
            if (s != null) {
                ctx.output(AUDIT, AuditEvent.of(RegistryListing.audit(modelId, s, healers.store(modelId),
                        timers.currentProcessingTime())));
            }
        }
    }

    /** @param nowMs processing time, the clock label arrivals were stamped with */
    private void closeBatch(String modelId, OpenBatches.Closing c, long nowMs, Collector<AdapterUpdate> out,
                            SideOutputs side) throws Exception {
        HealerState s = healerState.value();
        List<Transaction> rows = batches.take(c.batch());
        PendingLabels.Join joined = labels.join(c.batch(), c.cutoff(), rows, config.pendingTtlBatches());
        metrics.expiredSamples.inc(joined.expired());
        deadLetters(side, labels.sweep(modelId, nowMs, UnmatchedLabels.Occasion.BATCH_CLOSED, batches::holds));
        metrics.expiredSamples.inc(labels.cap(config.pendingMax()));

        BatchOutcome o = healers.healer(modelId).process(s, healers.store(modelId),
                new HealBatchInput(c.batch(), c.firstTs(), rows, joined.labelled()));
        healerState.update(s);
        // The worst moment to fail: the candidate is trained, recorded in the registry and served in
        // this subtask's state, and nobody has been told. Recovery must discard all of it.
        hook.batchProcessed(modelId, c.batch());
        for (PublishedAdapter p : o.published()) {
            // Stamped at emission, not when the batch closed: the propagation lag must not include the heal.
            out.collect(healers.update(p, System.currentTimeMillis()));
        }
        side.emit(METRICS, o.metrics());
        for (AuditRecord r : o.audit()) {
            side.emit(AUDIT, AuditEvent.of(r));
        }
        if (requests != null && o.scored() != null) {
            metrics.labelRequests.inc(requests.request(o.scored(), s.currentVersion, side));
        }
        metrics.record(s, o);
    }

    @Override
    public void processBroadcastElement(ControlCommand c, Context ctx, Collector<AdapterUpdate> out) throws Exception {
        control.handle(c, ctx, out, getRuntimeContext().getTaskInfo());
    }

    private void deadLetters(SideOutputs side, List<DeadLetterRecord> records) {
        for (DeadLetterRecord d : records) {
            metrics.deadLetters.inc();
            side.emit(DEAD_LETTERS, d);
        }
    }

    @Override
    public void close() throws Exception {
        if (healers != null) {
            healers.close();
        }
    }
}
