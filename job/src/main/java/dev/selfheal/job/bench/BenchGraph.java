package dev.selfheal.job.bench;

import dev.selfheal.data.LabelEvent;
import dev.selfheal.data.Transaction;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.job.SelfhealJob;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.Settings;
import dev.selfheal.job.event.AdapterApplied;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.ControlCommand;
import dev.selfheal.job.event.HealInput;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.job.heal.FailureInjection;
import dev.selfheal.job.heal.HealFunction;
import dev.selfheal.job.io.ParseTransactions;
import dev.selfheal.job.io.ProfileFunction;
import dev.selfheal.job.io.TransactionTypeInfo;
import dev.selfheal.job.score.ScoreFunction;
import dev.selfheal.job.score.ScoreRouting;
import dev.selfheal.job.score.ServedModel;
import dev.selfheal.model.FraudModel;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The benchmark's job: SelfhealJob's operators (PROFILE, HEAL, SCORE, their state and broadcast
 * edge) wired as in SelfhealJob, but fed by a parallel source of transaction objects, so that the
 * source is not one thread for the whole job, and ending in discarding sinks. With
 * {@code passThrough} SCORE is replaced by {@link PassThroughFunction}: the same job minus the
 * kernel, the reference every throughput figure is divided by.
 */
final class BenchGraph {
    private BenchGraph() {}

    static void build(StreamExecutionEnvironment env, JobConfig config, ServedModel served, FraudModel model,
                      Source<Transaction, ?, ?> source, boolean passThrough, boolean latency) {
        int p = config.get(Settings.PARALLELISM);
        SingleOutputStreamOperator<Transaction> tx = env
                .fromSource(source, WatermarkStrategy.<Transaction>forMonotonousTimestamps()
                        .withTimestampAssigner((t, ts) -> t.ts), "transactions")
                .uid("source-transactions").setParallelism(p)
                .process(new ValidateTransactions(model.features().size()))
                .returns(TransactionTypeInfo.INSTANCE) // as SelfhealJob
                .uid("parse-transactions").name("validate").setParallelism(p);
        tx.getSideOutput(ParseTransactions.DEAD_LETTERS).sinkTo(new DiscardingSink<>()).setParallelism(p);

        DataStream<HealInput> samples = tx
                .process(new ProfileFunction(config.get(Settings.SAMPLE_RATE), model.keyFeatureIndex()))
                .uid("profile").name("PROFILE").setParallelism(p);
        DataStream<HealInput> labels = tx.filter(Transaction::hasLabel).setParallelism(p)
                .map(t -> HealInput.label(t.model, new LabelEvent(t.id, t.label, t.ts))).setParallelism(p);
        DataStream<ControlCommand> control = env.fromSequence(0, 0).setParallelism(1)
                .filter(x -> false).setParallelism(1)
                .map(x -> new ControlCommand()).returns(TypeInformation.of(ControlCommand.class)).setParallelism(1);

        SingleOutputStreamOperator<AdapterUpdate> heal = samples.union(labels)
                .keyBy(h -> h.model)
                .connect(control.broadcast(SelfhealJob.CONTROL_STATE))
                .process(new HealFunction(served, HealerConfigs.from(config), config.get(Settings.BATCH_SIZE),
                        config.get(Settings.FIDI_FEATURE), FailureInjection.none(),
                        config.get(Settings.LABELS_UNMATCHED_TTL_MINUTES), config.get(Settings.SCORE_KERNEL))
                        .threadPriority(config.get(Settings.HEAL_THREAD_PRIORITY)))
                .uid("heal").name("HEAL").setParallelism(p);
        heal.setBufferTimeout(0); // as SelfhealJob: an adapter's tail must not wait for the flusher

        var keyed = tx.keyBy(ScoreRouting.keyFor(config.get(Settings.SCORE_ROUTE_BY))).connect(heal.broadcast(ScoreFunction.ADAPTERS));
        SingleOutputStreamOperator<ScoredEvent> scored = passThrough
                ? keyed.process(new PassThroughFunction()).uid("score").name("PASS-THROUGH").setParallelism(p)
                : keyed.process(new ScoreFunction(served, config.get(Settings.SCORE_BATCH_SIZE),
                        config.get(Settings.SCORE_MAX_BATCH_SIZE),
                        config.get(Settings.SCORE_FLUSH_MS), config.get(Settings.SCORE_KERNEL)))
                        .uid("score").name("SCORE").setParallelism(p);
        scored.sinkTo(new CountingSink<ScoredEvent>(latency ? e -> e.ts : null)).name("discard scored")
                .setParallelism(p);
        if (!passThrough) {
            scored.getSideOutput(ScoreFunction.APPLIED)
                    .sinkTo(new ProbeSink<AdapterApplied>(BenchGraph::recordApplied)).setParallelism(1);
        }
        heal.getSideOutput(HealFunction.METRICS)
                .sinkTo(new ProbeSink<BatchMetrics>(BenchGraph::recordBatch)).setParallelism(1);
        heal.getSideOutput(HealFunction.AUDIT).sinkTo(new DiscardingSink<>()).setParallelism(1);
        heal.sinkTo(new DiscardingSink<>()).setParallelism(1);
    }

    private static void recordApplied(AdapterApplied a) {
        if (a.refused == null && !a.restored) {
            Probe.applied(a.model, a.version, a.lagMs);
        }
    }

    static void recordBatch(BatchMetrics m) {
        Probe.healBatches.incrementAndGet();
        // heal_ms is set only when a candidate was trained (accepted or rejected afterwards).
        if (m.healMs > 0) {
            Probe.healMs.add(m.healMs);
            if (Double.isFinite(m.healCpuMs)) {
                Probe.healCpuMs.add(m.healCpuMs);
            }
        }
    }
}
