package dev.selfheal.lab.bench;

import dev.selfheal.data.Transaction;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.job.SelfhealGraph;
import dev.selfheal.job.config.HealSettings;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.ScoreSettings;
import dev.selfheal.job.event.AdapterApplied;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.job.heal.FailureInjection;
import dev.selfheal.job.io.ParseTransactions;
import dev.selfheal.job.io.TransactionTypeInfo;
import dev.selfheal.job.score.ServedModel;
import dev.selfheal.model.FraudModel;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The benchmark's job: the production wiring ({@link SelfhealGraph}: PROFILE, HEAL, SCORE, their
 * state and broadcast edges, exactly as {@link dev.selfheal.job.SelfhealJob} runs them), fed by a
 * parallel source of transaction objects, so that the source is not one thread for the whole job,
 * and ending in counting and discarding sinks instead of the production's formatting and files.
 * With {@code passThrough} SCORE is replaced by {@link PassThroughFunction}: the same job minus the
 * kernel, the reference every throughput figure is divided by.
 */
final class BenchGraph {
    private BenchGraph() {}

    static void build(StreamExecutionEnvironment env, JobConfig config, ServedModel served, FraudModel model,
                      Source<Transaction, ?, ?> source, boolean passThrough, boolean latency) {
        int p = config.get(ScoreSettings.PARALLELISM);
        SingleOutputStreamOperator<Transaction> tx = env
                .fromSource(source, WatermarkStrategy.<Transaction>forMonotonousTimestamps()
                        .withTimestampAssigner((t, ts) -> t.ts), "transactions")
                .uid("source-transactions").setParallelism(p)
                .process(new ValidateTransactions(model.features().size()))
                .returns(TransactionTypeInfo.INSTANCE) // as SelfhealJob
                .uid("parse-transactions").name("validate").setParallelism(p);
        tx.getSideOutput(ParseTransactions.DEAD_LETTERS).sinkTo(new DiscardingSink<>()).setParallelism(p);

        SelfhealGraph graph = new SelfhealGraph(config, HealerConfigs.from(config), served, FailureInjection.none());
        SelfhealGraph.Scorer scorer = passThrough ? new SelfhealGraph.Scorer(new PassThroughFunction(), "PASS-THROUGH")
                : graph.score();
        SelfhealGraph.Outputs out = graph.wire(tx, SelfhealGraph.labelsFrom(tx, config.get(HealSettings.SAMPLE_RATE)), SelfhealGraph.noControl(env), scorer);

        out.scored().sinkTo(new CountingSink<ScoredEvent>(latency ? e -> e.ts : null)).name("discard scored")
                .setParallelism(p);
        if (!passThrough) {
            out.applied().sinkTo(new ProbeSink<AdapterApplied>(BenchGraph::recordApplied)).setParallelism(1);
        }
        out.metrics().sinkTo(new ProbeSink<BatchMetrics>(BenchGraph::recordBatch)).setParallelism(1);
        out.audit().sinkTo(new DiscardingSink<>()).setParallelism(1);
        out.adapters().sinkTo(new DiscardingSink<>()).setParallelism(1);
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
