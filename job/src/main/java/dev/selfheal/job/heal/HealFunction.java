package dev.selfheal.job.heal;

import dev.selfheal.data.Transaction;
import dev.selfheal.healer.AuditRecord;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.healer.BatchOutcome;
import dev.selfheal.healer.ControlActions;
import dev.selfheal.healer.ControlOutcome;
import dev.selfheal.healer.HealBatchInput;
import dev.selfheal.healer.Healer;
import dev.selfheal.healer.HealerConfig;
import dev.selfheal.healer.HealerState;
import dev.selfheal.healer.LabelledRow;
import dev.selfheal.healer.PublishedAdapter;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.ArrivedLabel;
import dev.selfheal.job.event.AuditEvent;
import dev.selfheal.job.event.ControlCommand;
import dev.selfheal.job.event.HealInput;
import dev.selfheal.job.event.Json;
import dev.selfheal.job.score.ServedModel;
import dev.selfheal.model.AdapterCodec;
import dev.selfheal.model.Adapter;
import dev.selfheal.model.DjlBootstrap;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.HealingTrainer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HEAL, keyed by model id. Assembles heal batches from sampled rows and arriving labels, and hands
 * each to {@link Healer}. A batch b is complete when the watermark passes the first timestamp of a
 * later batch: every row of b has then arrived, whatever the interleaving of the parallel PROFILE
 * subtasks, and only labels stamped before that point are used — so the same input gives the same
 * heals on every run and after every recovery. Rows without a batch number are grouped by count.
 */
public class HealFunction extends KeyedBroadcastProcessFunction<String, HealInput, ControlCommand, AdapterUpdate> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HealFunction.class);
    private static final long serialVersionUID = 1L;
    /** Bounds the warm-up's own cost (a heal batch is usually far smaller). */
    private static final int WARM_UP_ROWS_MAX = 1024;

    public static final OutputTag<BatchMetrics> METRICS = new OutputTag<>("batch-metrics") {};
    public static final OutputTag<AuditEvent> AUDIT = new OutputTag<>("audit") {};
    /** One record per closed heal batch when labels.budget > 0: the label requests made (possibly none). */
    public static final OutputTag<dev.selfheal.job.event.LabelRequestBatch> LABEL_REQUESTS =
            new OutputTag<>("label-requests") {};
    /**
     * Labels (and sampled rows) HEAL cannot use: duplicate rows and labels, labels other than 0/1, and
     * labels that never match a row (see {@link HealDeadLetters}).
     */
    public static final OutputTag<dev.selfheal.job.event.DeadLetterRecord> DEAD_LETTERS =
            dev.selfheal.job.io.ParseTransactions.DEAD_LETTERS;

    /** Descriptors are part of the savepoint contract: names and types must not change. */
    static final ValueStateDescriptor<HealerState> HEALER_STATE =
            new ValueStateDescriptor<>("healer", TypeInformation.of(HealerState.class));
    public static final MapStateDescriptor<Long, byte[]> REGISTRY =
            new MapStateDescriptor<>("registry", Types.LONG, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    static final MapStateDescriptor<String, Transaction> OPEN_ROWS =
            new MapStateDescriptor<>("open-rows", Types.STRING, TypeInformation.of(Transaction.class));
    static final MapStateDescriptor<Long, Long> BATCH_START =
            new MapStateDescriptor<>("batch-start", Types.LONG, Types.LONG);
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
    static final ValueStateDescriptor<Long> COUNT_BATCH = new ValueStateDescriptor<>("count-batch", Types.LONG);
    /** Rows of the open count-closed batch (the size of OPEN_ROWS in that mode). */
    static final ValueStateDescriptor<Integer> COUNT_OPEN = new ValueStateDescriptor<>("count-open", Types.INT);
    /** Broadcast: the latest freeze/resume and thresholds command per scope ("*" or a model id). */
    public static final MapStateDescriptor<String, ControlCommand> STANDING_COMMANDS =
            new MapStateDescriptor<>("standing-commands", Types.STRING, TypeInformation.of(ControlCommand.class));
    static final String ALL_MODELS = "*";
    /** The label requester's state per model (budget window, uncertainty threshold); added with label requests. */
    static final ValueStateDescriptor<dev.selfheal.labels.LabelRequesterState> LABEL_REQUESTER =
            new ValueStateDescriptor<>("label-requester", TypeInformation.of(dev.selfheal.labels.LabelRequesterState.class));
    /** Ids HEAL requested a label for and is still waiting on, with the batch of the request. */
    static final String REQUESTED_IDS = "requested-ids";

    private final ServedModel servedModel;
    private final HealerConfig config;
    private final int countBatchSize;
    private final String keyFeature;
    private final FailureInjection failure;
    private final long unmatchedLabelTtlMinutes;
    private final UnmatchedLabels unmatched;
    /** {@code score.kernel}: HEAL evaluates adapters on the engine SCORE serves them with. */
    private final String scoringKernel;
    /** {@code heal.thread-priority}; the normal priority leaves the task thread as Flink made it. */
    private int threadPriority = Thread.NORM_PRIORITY;
    /** labels.budget, labels.strategy and the budget window in rows; a budget of 0 makes no requests. */
    private double labelBudget;
    private String labelStrategy = dev.selfheal.labels.LabelRequester.STRATEGIES.get(0);
    private long labelWindowRows = 1;

    private transient FraudModel model;
    private transient Map<String, Healer> healers;
    private transient ValueState<HealerState> healerState;
    private transient MapState<Long, byte[]> registry;
    private transient MapState<String, Transaction> openRows;
    private transient MapState<Long, Long> batchStart;
    private transient MapState<String, LabelledRow> awaiting;
    private transient MapState<String, ArrivedLabel> labels;
    private transient ValueState<Long> countBatch;
    private transient ValueState<Integer> openCount;
    private transient MapState<String, Long> labelArrivals;
    private transient ValueState<Long> sweepTimer;
    /** Ids whose label was used, for as long as an unmatched label is kept: a second label is a duplicate. */
    private transient MapState<String, Boolean> labelledIds;
    private transient Counter labelDeadLetters;
    private transient HealMetrics metrics;
    /** Models whose state this subtask has already read or created (see {@link #start}). */
    private transient java.util.Set<String> started;
    /** Per model, the registry versions in state (see {@link MapStateSnapshotStore}). */
    private transient Map<String, MapStateSnapshotStore.VersionIndex> registryIndex;
    private transient dev.selfheal.labels.LabelRequester requester;
    private transient ValueState<dev.selfheal.labels.LabelRequesterState> requesterState;
    private transient MapState<String, Long> requestedIds;

    public HealFunction(ServedModel servedModel, HealerConfig config, int countBatchSize, String keyFeature,
                        FailureInjection failure) {
        this(servedModel, config, countBatchSize, keyFeature, failure, 1440);
    }

    public HealFunction(ServedModel servedModel, HealerConfig config, int countBatchSize, String keyFeature,
                        FailureInjection failure, long unmatchedLabelTtlMinutes) {
        this(servedModel, config, countBatchSize, keyFeature, failure, unmatchedLabelTtlMinutes,
                dev.selfheal.model.ScoringKernels.DJL);
    }

    /** @param scoringKernel {@code score.kernel}: the engine HEAL's evaluations run on, as SCORE's do */
    public HealFunction(ServedModel servedModel, HealerConfig config, int countBatchSize, String keyFeature,
                        FailureInjection failure, long unmatchedLabelTtlMinutes, String scoringKernel) {
        this.scoringKernel = scoringKernel;
        this.unmatchedLabelTtlMinutes = unmatchedLabelTtlMinutes;
        this.unmatched = new UnmatchedLabels(unmatchedLabelTtlMinutes);
        this.servedModel = servedModel;
        this.config = config;
        this.countBatchSize = countBatchSize;
        this.keyFeature = keyFeature;
        this.failure = failure;
    }

    /** Asks for {@code heal.thread-priority} (1..10) on the task thread at open; see {@link TaskThreadPriority}. */
    public HealFunction threadPriority(int javaPriority) {
        if (javaPriority < Thread.MIN_PRIORITY || javaPriority > Thread.MAX_PRIORITY) {
            throw new IllegalArgumentException("a Java thread priority is 1 to 10, not " + javaPriority);
        }
        this.threadPriority = javaPriority;
        return this;
    }

    /**
     * Makes label requests (labels.budget, labels.strategy, labels.budget-window in rows) after each
     * heal batch; see {@link dev.selfheal.labels.LabelRequester}.
     */
    public HealFunction labelRequests(double budget, String strategy, long windowRows) {
        new dev.selfheal.labels.LabelBudget(budget, windowRows); // refuses bad values here, not in a task
        dev.selfheal.labels.LabelRequester.strategy(strategy);
        this.labelBudget = budget;
        this.labelStrategy = strategy;
        this.labelWindowRows = windowRows;
        return this;
    }

    @Override
    public void open(OpenContext ctx) {
        DjlBootstrap.init();
        model = servedModel.load();
        if (config.signals().enabled() && model.signals() == null) {
            LOG.warn("label-free signals off for model {}: its directory has no signal reference (written before "
                    + "there was one); `train` or `import` again to measure them", model.modelId());
        }
        healers = new HashMap<>();
        healerState = getRuntimeContext().getState(HEALER_STATE);
        registry = getRuntimeContext().getMapState(REGISTRY);
        openRows = getRuntimeContext().getMapState(OPEN_ROWS);
        batchStart = getRuntimeContext().getMapState(BATCH_START);
        awaiting = getRuntimeContext().getMapState(AWAITING);
        // A backstop only: the sweep over LABEL_ARRIVALS removes an unmatched label after
        // labels.unmatched-ttl-minutes and reads it for its dead letter, so this TTL is longer, or the
        // label's value would be gone by the time the sweep (as batches close, or from the model's
        // timer, at most a minute late) reports it.
        MapStateDescriptor<String, ArrivedLabel> labelsWithTtl = new MapStateDescriptor<>(LABELS.getName(), Types.STRING,
                TypeInformation.of(ArrivedLabel.class));
        labelsWithTtl.enableTimeToLive(org.apache.flink.api.common.state.StateTtlConfig
                .newBuilder(java.time.Duration.ofMinutes(2 * unmatchedLabelTtlMinutes)).build());
        labels = getRuntimeContext().getMapState(labelsWithTtl);
        countBatch = getRuntimeContext().getState(COUNT_BATCH);
        openCount = getRuntimeContext().getState(COUNT_OPEN);
        labelArrivals = getRuntimeContext().getMapState(LABEL_ARRIVALS);
        sweepTimer = getRuntimeContext().getState(SWEEP_TIMER);
        MapStateDescriptor<String, Boolean> labelled = new MapStateDescriptor<>("labelled-ids", Types.STRING,
                Types.BOOLEAN);
        labelled.enableTimeToLive(org.apache.flink.api.common.state.StateTtlConfig
                .newBuilder(java.time.Duration.ofMinutes(unmatchedLabelTtlMinutes)).build());
        labelledIds = getRuntimeContext().getMapState(labelled);
        if (labelBudget > 0) {
            requester = new dev.selfheal.labels.LabelRequester(new dev.selfheal.labels.LabelBudget(labelBudget,
                    labelWindowRows), labelStrategy, model.trainingStats());
            requesterState = getRuntimeContext().getState(LABEL_REQUESTER);
            // Bounded like labelled-ids: an answer that never comes is forgotten with the unmatched labels.
            MapStateDescriptor<String, Long> requested = new MapStateDescriptor<>(REQUESTED_IDS, Types.STRING, Types.LONG);
            requested.enableTimeToLive(org.apache.flink.api.common.state.StateTtlConfig
                    .newBuilder(java.time.Duration.ofMinutes(unmatchedLabelTtlMinutes)).build());
            requestedIds = getRuntimeContext().getMapState(requested);
        }
        MetricGroup selfheal = getRuntimeContext().getMetricGroup().addGroup("selfheal");
        labelDeadLetters = selfheal.counter("heal_dead_letters");
        metrics = new HealMetrics(selfheal, config.healthWindow());
        started = new java.util.HashSet<>();
        registryIndex = new HashMap<>();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        prioritiseThisThread(subtask, selfheal);
        // Heals run on this (the task's) thread, and the first gradient pass on a new thread often
        // costs 10-35 ms more than later ones: paid here, not by the first heal after a (re)start.
        // Only a speed-up, so its failure is logged, not thrown: if DJL is broken, the first real
        // heal fails the task with its own error.
        try (HealingTrainer warmUp = new HealingTrainer(model.frozen(), model.standardizer())) {
            double ms = warmUp.warmUpThisThread(model.adapter(), Math.min(countBatchSize, WARM_UP_ROWS_MAX));
            LOG.info("HEAL subtask {}: the trainer's first gradient pass on this thread took {} ms", subtask,
                    String.format(java.util.Locale.ROOT, "%.1f", ms));
        } catch (RuntimeException e) {
            LOG.warn("HEAL subtask {}: warming the trainer up failed; the first heal will pay for it", subtask, e);
        }
    }

    /**
     * Heals run on the task thread: under full load they wait for a core behind the scorers unless the
     * scheduler favours this thread. The outcome depends on the JVM's flags and the process's rights,
     * so it is logged and exported ({@code heal_thread_nice}) rather than assumed.
     */
    private void prioritiseThisThread(int subtask, MetricGroup selfheal) {
        if (threadPriority == Thread.NORM_PRIORITY) {
            return;
        }
        TaskThreadPriority.Outcome o = TaskThreadPriority.apply(threadPriority);
        Long tid = TaskThreadPriority.osThreadId();
        if (o.applied()) {
            LOG.info("HEAL subtask {}: task thread {} at {}", subtask, tid, o);
        } else if (o.refusedByOs()) {
            // The JVM was started to pass priorities on (an operator's intent), and the OS said no.
            LOG.warn("HEAL subtask {}: task thread {}: heal.thread-priority {}; heals under full load wait for a core",
                    subtask, tid, o);
        } else {
            LOG.info("HEAL subtask {}: task thread {}: heal.thread-priority {}", subtask, tid, o);
        }
        if (o.niceAfter() != null) {
            int nice = o.niceAfter();
            selfheal.gauge("heal_thread_nice", () -> nice);
        }
    }

    @Override
    public void processElement(HealInput in, ReadOnlyContext ctx, Collector<AdapterUpdate> out) throws Exception {
        String modelId = ctx.getCurrentKey();
        start(modelId, ctx);
        if (in.isSample()) {
            Transaction t = in.sample;
            if (t.batch <= 0) {
                addCounted(t, modelId, ctx, out);
                return;
            }
            if (openRows.contains(t.id) || awaiting.contains(t.id)) {
                // The first row with an id is the one its label will be joined to; a second would silently
                // replace it. It is still scored: only healing ignores it.
                deadLetter(ctx, HealDeadLetters.duplicateRow(t));
                return;
            }
            openRows.put(t.id, t);
            Long start = batchStart.get((long) t.batch);
            if (start == null || t.ts < start) {
                batchStart.put((long) t.batch, t.ts);
                // Batch t.batch-1 (and older) are complete once the watermark reaches this row.
                ctx.timerService().registerEventTimeTimer(t.ts - 1);
            }
        } else {
            if (in.label != 0 && in.label != 1) {
                // The label parser refuses these already; HEAL checks again because a label it keeps is
                // trained on, and a 7 would count as fraud in one place and as unlabelled in another.
                deadLetter(ctx, HealDeadLetters.badLabel(modelId, in.labelId, in.label, in.labelTs));
            } else if (labelArrivals.contains(in.labelId) || labelledIds.contains(in.labelId)) {
                // First label wins: a later one for the same id can neither flip a label already used
                // nor replace one waiting, so a replayed or conflicting label stream cannot steer a heal.
                deadLetter(ctx, HealDeadLetters.duplicateLabel(modelId, in.labelId, in.label, in.labelTs));
            } else {
                long now = ctx.timerService().currentProcessingTime();
                if (requestedIds != null && requestedIds.contains(in.labelId)) {
                    requestedIds.remove(in.labelId);
                    metrics.requestedLabels.inc();
                }
                labels.put(in.labelId, new ArrivedLabel(in.label, in.labelTs));
                labelArrivals.put(in.labelId, now);
                scheduleSweep(now, ctx.timerService());
            }
        }
    }

    /**
     * Makes sure the model's state exists, reading it at most once per model in this subtask's life.
     * HealerState holds four adapter-sized float arrays (~130 KB): reading and writing it back for
     * every sample and label cost more CPU than scoring the whole stream (measured with JFR), and
     * samples and labels do not change it; only a closed batch or a control command does.
     */
    private void start(String modelId, ReadOnlyContext ctx) throws Exception {
        if (!started.contains(modelId)) {
            state(modelId, ctx);
            started.add(modelId);
        }
    }

    private void addCounted(Transaction t, String modelId, ReadOnlyContext ctx,
                            Collector<AdapterUpdate> out) throws Exception {
        if (openRows.contains(t.id)) {
            deadLetter(ctx, HealDeadLetters.duplicateRow(t));
            return;
        }
        long seq = countBatch.value() == null ? 1 : countBatch.value();
        t.batch = (int) Math.min(Integer.MAX_VALUE, seq);
        openRows.put(t.id, t);
        // A counter, not a walk over the map per row: that walk was O(batch) RocksDB reads for every
        // sample (6% of the benchmark's CPU). Absent in savepoints from before it existed: count once.
        Integer open = openCount.value();
        int n = open == null ? countOpenRows() : open + 1;
        if (n >= countBatchSize) {
            countBatch.update(seq + 1);
            openCount.update(0);
            closeBatch(modelId, seq, Long.MAX_VALUE, t.ts, ctx.timerService().currentProcessingTime(), out,
                    ctx::output, ctx::output, ctx::output, ctx::output);
        } else {
            openCount.update(n);
        }
    }

    private int countOpenRows() throws Exception {
        int n = 0;
        for (String ignored : openRows.keys()) {
            n++;
        }
        return n;
    }

    private HealerState state(String modelId, ReadOnlyContext ctx) throws Exception {
        HealerState s = healerState.value();
        if (s == null) {
            s = new HealerState();
            Healer h = healer(modelId);
            for (AuditRecord r : h.initialise(s, store(modelId))) {
                ctx.output(AUDIT, AuditEvent.of(r));
            }
            if (config.shadowVersion() != 1) {
                h.selectShadow(s, store(modelId), config.shadowVersion());
            }
            // Commands given before this model started still apply to it.
            for (String scope : new String[] {ALL_MODELS, modelId}) {
                for (String kind : new String[] {"freeze", "thresholds"}) {
                    ControlCommand c = ctx.getBroadcastState(STANDING_COMMANDS).get(scope + "/" + kind);
                    if (c != null) {
                        apply(modelId, s, c);
                    }
                }
            }
            // One timer at the end of time flushes the last batch when a bounded input ends.
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            healerState.update(s);
        }
        return s;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AdapterUpdate> out) throws Exception {
        if (ctx.timeDomain() == org.apache.flink.streaming.api.TimeDomain.PROCESSING_TIME) {
            // Only the unmatched-label sweep uses processing time; batches close on event time alone.
            onSweepTimer(timestamp, ctx);
            return;
        }
        String modelId = ctx.getCurrentKey();
        TreeMap<Long, Long> starts = new TreeMap<>();
        for (Map.Entry<Long, Long> e : batchStart.entries()) {
            starts.put(e.getKey(), e.getValue());
        }
        List<Long> batches = new ArrayList<>(starts.keySet());
        for (int i = 0; i < batches.size(); i++) {
            long b = batches.get(i);
            long cutoff;
            if (i + 1 < batches.size()) {
                cutoff = starts.get(batches.get(i + 1)) - 1;
                if (cutoff > timestamp) {
                    break;
                }
            } else if (timestamp == Long.MAX_VALUE) {
                cutoff = Long.MAX_VALUE;
            } else {
                break;
            }
            batchStart.remove(b);
            closeBatch(modelId, b, cutoff, starts.get(b), ctx.timerService().currentProcessingTime(), out,
                    ctx::output, ctx::output, ctx::output, ctx::output);
        }
        if (timestamp == Long.MAX_VALUE) {
            // End of a bounded input: a label still unmatched now never will be.
            sweepUnmatchedLabels(modelId, ctx.timerService().currentProcessingTime(),
                    UnmatchedLabels.Occasion.END_OF_INPUT, ctx::output);
            // End of a bounded input: leave the registry in the audit log, as a record of where it ended.
            HealerState s = healerState.value();
            if (s != null) {
                ctx.output(AUDIT, AuditEvent.of(RegistryListing.audit(modelId, s, store(modelId),
                        ctx.timerService().currentProcessingTime())));
            }
        }
    }

    /** @param nowMs processing time, the clock label arrivals were stamped with */
    private void closeBatch(String modelId, long batch, long cutoff, long batchTs, long nowMs,
                            Collector<AdapterUpdate> out,
                            Emitter<BatchMetrics> metricsOut, Emitter<AuditEvent> auditOut,
                            Emitter<dev.selfheal.job.event.DeadLetterRecord> deadOut,
                            Emitter<dev.selfheal.job.event.LabelRequestBatch> requestsOut) throws Exception {
        HealerState s = healerState.value();
        List<Transaction> rows = new ArrayList<>();
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, Transaction> e : openRows.entries()) {
            if (e.getValue().batch <= batch) {
                rows.add(e.getValue());
                done.add(e.getKey());
            }
        }
        for (String id : done) {
            openRows.remove(id);
        }
        rows.sort(Comparator.comparingLong((Transaction t) -> t.ts).thenComparing(t -> t.id));
        for (Transaction t : rows) {
            awaiting.put(t.id, new LabelledRow(t.id, t.batch, t.features, -1));
        }
        List<LabelledRow> newlyLabelled = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, LabelledRow> e : awaiting.entries()) {
            ArrivedLabel l = labels.get(e.getKey());
            if (l != null && l.ts <= cutoff) {
                LabelledRow r = e.getValue();
                newlyLabelled.add(new LabelledRow(r.id, r.batch, r.features, l.label));
                expired.add(e.getKey());
            } else if (e.getValue().batch < batch - config.pendingTtlBatches()) {
                expired.add(e.getKey());
                metrics.expiredSamples.inc();
            }
        }
        for (LabelledRow r : newlyLabelled) {
            labelArrivals.remove(r.id);
            labelledIds.put(r.id, true);
        }
        for (String id : expired) {
            awaiting.remove(id);
            labels.remove(id);
        }
        sweepUnmatchedLabels(modelId, nowMs, UnmatchedLabels.Occasion.BATCH_CLOSED, deadOut);
        capAwaiting();
        newlyLabelled.sort(Comparator.comparingLong((LabelledRow r) -> r.batch).thenComparing(r -> r.id));

        BatchOutcome o = healer(modelId).process(s, store(modelId), new HealBatchInput(batch, batchTs, rows, newlyLabelled));
        healerState.update(s);
        // The worst moment to fail: the candidate is trained, recorded in the registry and served in
        // this subtask's state, and nobody has been told. Recovery must discard all of it.
        failure.maybeFail(batch);
        for (PublishedAdapter p : o.published()) {
            // Stamped at emission, not when the batch closed: the propagation lag must not include the heal.
            out.collect(update(p, System.currentTimeMillis()));
        }
        metricsOut.emit(METRICS, o.metrics());
        for (AuditRecord r : o.audit()) {
            auditOut.emit(AUDIT, AuditEvent.of(r));
        }
        if (requester != null && o.scored() != null) {
            requestLabels(o.scored(), s.currentVersion, auditOut, requestsOut);
        }
        metrics.record(s, o);
        dev.selfheal.job.experiment.ProgressBoard.BATCHES.incrementAndGet();
    }

    /**
     * Label requests for the batch just scored: chosen within the model's budget, remembered so their
     * answers are counted, and emitted once per batch (also when none were made) and as audit events.
     */
    private void requestLabels(dev.selfheal.labels.ScoredBatch scored, long version, Emitter<AuditEvent> auditOut,
                               Emitter<dev.selfheal.job.event.LabelRequestBatch> requestsOut) throws Exception {
        dev.selfheal.labels.LabelRequesterState rs = requesterState.value();
        if (rs == null) {
            rs = new dev.selfheal.labels.LabelRequesterState();
        }
        List<dev.selfheal.labels.LabelRequest> requests = requester.choose(scored, rs);
        requesterState.update(rs);
        for (dev.selfheal.labels.LabelRequest r : requests) {
            requestedIds.put(r.id(), r.batch());
            auditOut.emit(AUDIT, AuditEvent.of(new AuditRecord(r.ts(), dev.selfheal.labels.LabelRequest.AUDIT_TYPE,
                    r.model(), version, r.batch(), r.auditDetails())));
        }
        metrics.labelRequests.inc(requests.size());
        requestsOut.emit(LABEL_REQUESTS, dev.selfheal.job.event.LabelRequestBatch.of(scored.model(), scored.batch(),
                requests));
    }

    /**
     * Registers the model's sweep timer for a label that arrived at {@code arrivalMs}, unless one is
     * pending: that one is due no later, and looks again for what it leaves (see {@link #onSweepTimer}).
     */
    private void scheduleSweep(long arrivalMs, org.apache.flink.streaming.api.TimerService timers) throws Exception {
        if (sweepTimer.value() == null) {
            long at = unmatched.sweepAt(arrivalMs);
            timers.registerProcessingTimeTimer(at);
            sweepTimer.update(at);
        }
    }

    /**
     * Without it, labels of a model whose batches never close (it gets labels but no samples) would
     * only be swept at the end of a bounded input, and in an unbounded run never.
     */
    private void onSweepTimer(long timestamp, OnTimerContext ctx) throws Exception {
        Long pending = sweepTimer.value();
        if (pending != null && pending <= timestamp) {
            sweepTimer.clear();
        }
        long earliest = sweepUnmatchedLabels(ctx.getCurrentKey(), ctx.timerService().currentProcessingTime(),
                UnmatchedLabels.Occasion.TIMER, ctx::output);
        if (earliest != Long.MAX_VALUE) {
            scheduleSweep(earliest, ctx.timerService());
        }
    }

    /**
     * Labels that matched no sampled row within labels.unmatched-ttl-minutes (the TTL of LABELS), or by
     * the end of a bounded input, become dead letters "unmatched_label": unknown ids, ids whose row
     * expired from AWAITING, or (with sample.rate below 1) rows not sampled. Checked when a batch closes,
     * from the model's sweep timer, and at the end of a bounded input ({@link UnmatchedLabels#drop}).
     *
     * @return the earliest arrival among the labels kept that are still within their TTL, or
     *     Long.MAX_VALUE if none: when the sweep timer must look again
     */
    private long sweepUnmatchedLabels(String modelId, long nowMs, UnmatchedLabels.Occasion occasion,
                                      Emitter<dev.selfheal.job.event.DeadLetterRecord> out) throws Exception {
        List<String> gone = new ArrayList<>();
        long earliestKept = Long.MAX_VALUE;
        for (Map.Entry<String, Long> e : labelArrivals.entries()) {
            String id = e.getKey();
            long arrival = e.getValue();
            if (unmatched.drop(occasion, nowMs, arrival, () -> openRows.contains(id) || awaiting.contains(id))) {
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
            labelArrivals.remove(id);
            labels.remove(id);
            labelDeadLetters.inc();
            out.emit(DEAD_LETTERS, HealDeadLetters.unmatchedLabel(modelId, id, label));
        }
        return earliestKept;
    }

    private void deadLetter(ReadOnlyContext ctx, dev.selfheal.job.event.DeadLetterRecord d) {
        labelDeadLetters.inc();
        ctx.output(DEAD_LETTERS, d);
    }

    /** Labels may never come: beyond {@code labels.pending-max} waiting samples, the oldest go. */
    private void capAwaiting() throws Exception {
        List<LabelledRow> waiting = new ArrayList<>();
        for (LabelledRow r : awaiting.values()) {
            waiting.add(r);
        }
        int excess = waiting.size() - config.pendingMax();
        if (excess <= 0) {
            return;
        }
        waiting.sort(Comparator.comparingLong((LabelledRow r) -> r.batch).thenComparing(r -> r.id));
        for (int i = 0; i < excess; i++) {
            awaiting.remove(waiting.get(i).id);
            metrics.expiredSamples.inc();
        }
    }

    /**
     * Control commands reach every HEAL subtask. Each acts on the models it owns; exactly one
     * subtask writes the audit record for what has no owner: malformed commands and commands for
     * all models go to subtask 0, a named model's command to the subtask that owns its key.
     */
    @Override
    public void processBroadcastElement(ControlCommand c, Context ctx, Collector<AdapterUpdate> out) throws Exception {
        long now = ctx.currentProcessingTime();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        if (c.error != null) {
            if (subtask == 0) {
                ctx.output(AUDIT, AuditEvent.of(refusal(c, c.error, now)));
            }
            return;
        }
        boolean standing = c.cmd.equals("freeze") || c.cmd.equals("resume") || c.cmd.equals("thresholds");
        String scope = c.model == null ? ALL_MODELS : c.model;
        if (standing) {
            ctx.getBroadcastState(STANDING_COMMANDS).put(scope + "/" + (c.cmd.equals("thresholds") ? "thresholds"
                    : "freeze"), c);
        }
        boolean[] found = {false};
        ctx.applyToKeyedState(HEALER_STATE, (modelId, st) -> {
            if (!c.appliesTo(modelId) || st.value() == null) {
                return;
            }
            found[0] = true;
            HealerState s = st.value();
            ControlOutcome o = apply(modelId, s, c);
            st.update(s);
            for (PublishedAdapter p : o.published()) {
                out.collect(update(p, now));
            }
            ctx.output(AUDIT, AuditEvent.of(o.audit()));
        });
        boolean owner = c.model == null ? subtask == 0 : ownerOf(c.model) == subtask;
        if (!found[0] && owner) {
            ctx.output(AUDIT, AuditEvent.of(standing
                    ? acceptedForLater(c, now)
                    : refusal(c, "model '" + scope + "' is not active (no data seen yet)", now)));
        }
    }

    private int ownerOf(String model) {
        var info = getRuntimeContext().getTaskInfo();
        return org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator(model,
                info.getMaxNumberOfParallelSubtasks(), info.getNumberOfParallelSubtasks());
    }

    private static AuditRecord refusal(ControlCommand c, String why, long now) {
        java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("cmd", c.cmd == null ? "unknown" : c.cmd);
        d.put("raw", c.raw);
        d.put("accepted", false);
        d.put("refused", why);
        return new AuditRecord(now, AuditRecord.CONTROL, c.model == null ? ALL_MODELS : c.model, 0, 0, d);
    }

    private static AuditRecord acceptedForLater(ControlCommand c, long now) {
        java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("cmd", c.cmd);
        d.put("raw", c.raw);
        d.put("accepted", true);
        d.put("note", "no model active yet: applies to models as they start");
        return new AuditRecord(now, AuditRecord.CONTROL, c.model == null ? ALL_MODELS : c.model, 0, 0, d);
    }

    private ControlOutcome apply(String modelId, HealerState s, ControlCommand c) {
        ControlActions actions = new ControlActions(modelId, config, Clock.systemUTC());
        if (c.error != null) {
            return actions.malformed(s, c.raw, c.error);
        }
        return switch (c.cmd) {
            case "rollback" -> actions.rollback(s, store(modelId), c.version, c.raw);
            case "freeze" -> actions.freeze(s, true, c.raw);
            case "resume" -> actions.freeze(s, false, c.raw);
            case "approve" -> actions.approve(s, store(modelId), c.version, c.raw);
            case "reject" -> actions.reject(s, c.version, c.raw);
            case "thresholds" -> actions.thresholds(s, Json.MAPPER.convertValue(Json.read(c.paramsJson),
                    Json.MAP_TYPE), c.raw);
            default -> actions.malformed(s, c.raw, "unknown command " + c.cmd);
        };
    }

    private AdapterUpdate update(PublishedAdapter p, long nowMs) {
        byte[] bytes = AdapterCodec.encodeServed(p.model(), p.version(), model.adapterShape(),
                model.features().size(), p.adapter());
        return new AdapterUpdate(p.model(), p.version(), bytes, healer(p.model()).decisionThreshold(), p.reason(),
                nowMs);
    }

    private Healer healer(String modelId) {
        return healers.computeIfAbsent(modelId, id -> new Healer(id, model, config, Clock.systemUTC(), keyFeature,
                scoringKernel));
    }

    private MapStateSnapshotStore store(String modelId) {
        return new MapStateSnapshotStore(registry,
                registryIndex.computeIfAbsent(modelId, k -> new MapStateSnapshotStore.VersionIndex()));
    }

    @Override
    public void close() throws Exception {
        if (healers != null) {
            healers.values().forEach(Healer::close);
        }
    }

    @FunctionalInterface
    private interface Emitter<T> {
        void emit(OutputTag<T> tag, T value);
    }
}
