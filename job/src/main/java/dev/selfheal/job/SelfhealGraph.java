package dev.selfheal.job;

import dev.selfheal.data.LabelEvent;
import dev.selfheal.data.Transaction;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.healer.HealerConfig;
import dev.selfheal.job.config.DriftSettings;
import dev.selfheal.job.config.HealSettings;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.LabelSettings;
import dev.selfheal.job.config.ScoreSettings;
import dev.selfheal.job.event.AdapterApplied;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.AuditEvent;
import dev.selfheal.job.event.ControlCommand;
import dev.selfheal.job.event.DeadLetterRecord;
import dev.selfheal.job.event.HealInput;
import dev.selfheal.job.event.LabelRequestBatch;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.job.heal.HealBatchHook;
import dev.selfheal.job.heal.HealFunction;
import dev.selfheal.job.io.ProfileFunction;
import dev.selfheal.job.score.ScoreFunction;
import dev.selfheal.job.score.ScoreRouting;
import dev.selfheal.job.score.ServedModel;
import dev.selfheal.model.FraudModel;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;

/**
 * The middle of the job graph (docs/architecture.md): PROFILE, HEAL and SCORE, with the broadcast
 * edges between them, from parsed transactions, labels and control commands to typed outputs.
 * {@link SelfhealJob} puts the production sources in front and the production sinks behind; the
 * benchmark and the drills put their own, and so measure this wiring, not a copy of it. Every
 * stateful operator has a fixed uid: savepoints map state by uid, so these must never change.
 */
public final class SelfhealGraph {
    /** Broadcast state of HEAL: standing commands (freeze, thresholds) by scope, for models that start later. */
    public static final MapStateDescriptor<String, ControlCommand> CONTROL_STATE = HealFunction.STANDING_COMMANDS;

    /** The scorer behind {@code uid("score")}: SCORE in production. */
    public record Scorer(KeyedBroadcastProcessFunction<String, Transaction, AdapterUpdate, ScoredEvent> function,
                         String name) {}

    /**
     * What the graph emits. {@code applied} is SCORE's report of the adapters it applied; the other
     * side outputs are HEAL's. {@code labelRequests} is null unless {@code labels.budget} is positive.
     */
    public record Outputs(DataStream<ScoredEvent> scored, DataStream<AdapterUpdate> adapters,
                          DataStream<AdapterApplied> applied, DataStream<BatchMetrics> metrics,
                          DataStream<AuditEvent> audit, DataStream<DeadLetterRecord> deadLetters,
                          DataStream<LabelRequestBatch> labelRequests) {}

    private final JobConfig config;
    private final HealerConfig healerConfig;
    private final ServedModel servedModel;
    private final FraudModel model;
    /** Called by HEAL after each batch: drills inject failures through it, embedded runs count progress. */
    private final HealBatchHook healHook;

    public SelfhealGraph(JobConfig config, HealerConfig healerConfig, ServedModel servedModel, HealBatchHook healHook) {
        this.config = config;
        this.servedModel = servedModel;
        this.model = servedModel.load();
        this.healerConfig = HealerConfigs.forModel(healerConfig, model);
        this.healHook = healHook;
    }

    public FraudModel model() {
        return model;
    }

    /** SCORE as configured: {@code score.batch-size}, {@code score.max-batch-size}, {@code score.flush-ms}, {@code score.kernel}. */
    public Scorer score() {
        return new Scorer(new ScoreFunction(servedModel, config.get(ScoreSettings.BATCH_SIZE),
                config.get(ScoreSettings.MAX_BATCH_SIZE), config.get(ScoreSettings.FLUSH_MS),
                config.get(ScoreSettings.KERNEL)), "SCORE");
    }

    /** The graph with SCORE. */
    public Outputs wire(DataStream<Transaction> transactions, DataStream<HealInput> labels,
                        DataStream<ControlCommand> control) {
        return wire(transactions, labels, control, score());
    }

    /**
     * @param transactions parsed, validated, with event-time timestamps and watermarks
     * @param labels       labels as HEAL inputs, with their watermarks
     * @param scorer       what runs as SCORE; the benchmark's reference runs the job without the model
     */
    public Outputs wire(DataStream<Transaction> transactions, DataStream<HealInput> labels,
                        DataStream<ControlCommand> control, Scorer scorer) {
        int parallelism = config.get(ScoreSettings.PARALLELISM);

        // PROFILE: a sample of the stream for HEAL, beside scoring (no cycle needed). It runs chained
        // to the tasks that parse the stream: shipping every row to tasks of its own, only to drop
        // most of them there, costs more CPU per event than sampling where the rows already are.
        // It keeps no state, so a savepoint restores whatever its parallelism was.
        SingleOutputStreamOperator<HealInput> samples = transactions
                .process(new ProfileFunction(config.get(HealSettings.SAMPLE_RATE), model.keyFeatureIndex()))
                .uid("profile").name("PROFILE");
        if (transactions.getParallelism() > 0) {
            samples.setParallelism(transactions.getParallelism());
        }

        BroadcastStream<ControlCommand> controlBroadcast = control.broadcast(CONTROL_STATE);

        // HEAL: keyed by model id, RocksDB state; emits adapter updates, batch metrics and audit events.
        SingleOutputStreamOperator<AdapterUpdate> heal = samples.union(labels)
                .keyBy(h -> h.model)
                .connect(controlBroadcast)
                .process(new HealFunction(servedModel, healerConfig, config.get(HealSettings.BATCH_SIZE),
                        config.get(DriftSettings.FIDI_FEATURE), healHook,
                        config.get(LabelSettings.UNMATCHED_TTL_MINUTES), config.get(ScoreSettings.KERNEL)).threadPriority(config.get(HealSettings.THREAD_PRIORITY))
                        .labelRequests(config.get(LabelSettings.BUDGET), config.get(LabelSettings.STRATEGY),
                                (long) config.get(LabelSettings.BUDGET_WINDOW) * config.get(HealSettings.BATCH_SIZE))
                        .sampleRate(config.get(HealSettings.SAMPLE_RATE)))
                .uid("heal").name("HEAL").setParallelism(parallelism);
        // A 33 KB adapter spans two network buffers; without this its tail waits for the flusher.
        heal.setBufferTimeout(0);

        BroadcastStream<AdapterUpdate> adapters = heal.broadcast(ScoreFunction.ADAPTERS);
        SingleOutputStreamOperator<ScoredEvent> scored = transactions
                .keyBy(ScoreRouting.keyFor(config.get(ScoreSettings.ROUTE_BY)))
                .connect(adapters)
                .process(scorer.function())
                .uid("score").name(scorer.name()).setParallelism(parallelism);

        // Operators added only with label requests on: without them the graph is as it always was.
        DataStream<LabelRequestBatch> requests = config.get(LabelSettings.BUDGET) > 0
                ? heal.getSideOutput(HealFunction.LABEL_REQUESTS) : null;
        return new Outputs(scored, heal, scored.getSideOutput(ScoreFunction.APPLIED),
                heal.getSideOutput(HealFunction.METRICS), heal.getSideOutput(HealFunction.AUDIT),
                heal.getSideOutput(HealFunction.DEAD_LETTERS), requests);
    }

    /**
     * Labels from the transactions' own label column, right after their transactions, at the
     * transactions' parallelism (chained to them); only those of rows PROFILE forwards
     * ({@code sampleRate}), since HEAL can join no other label to its row.
     */
    public static DataStream<HealInput> labelsFrom(DataStream<Transaction> transactions, double sampleRate) {
        int p = transactions.getParallelism();
        return transactions.filter(t -> t.hasLabel() && ProfileFunction.isSampled(t.id, sampleRate))
                .uid("labels-from-transactions").setParallelism(p)
                .map(t -> HealInput.label(t.model == null ? Transaction.DEFAULT_MODEL : t.model,
                        new LabelEvent(t.id, t.label, t.ts)))
                .uid("labels-from-transactions-map").setParallelism(p);
    }

    /** No control input: an empty bounded stream keeps one graph shape (and one HEAL operator). */
    public static DataStream<ControlCommand> noControl(StreamExecutionEnvironment env) {
        return env.fromSequence(0, 0).uid("source-control-none").setParallelism(1)
                .filter(x -> false).uid("control-none-filter").setParallelism(1)
                .map(x -> new ControlCommand()).returns(TypeInformation.of(ControlCommand.class))
                .uid("control-none").setParallelism(1);
    }
}
