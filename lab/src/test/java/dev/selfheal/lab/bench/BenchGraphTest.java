package dev.selfheal.lab.bench;

import dev.selfheal.job.JobSources;
import dev.selfheal.job.SelfhealJob;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.heal.FailureInjection;
import dev.selfheal.job.io.GeneratedTransactions;
import dev.selfheal.job.io.Sinks;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.SimpleUdfStreamOperatorFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark measures the production wiring: PROFILE, HEAL and SCORE exactly as SelfhealJob runs them. */
class BenchGraphTest {
    private static final List<String> WIRED = List.of("profile", "heal", "score");
    private static BenchSetup setup;

    @TempDir
    Path tmp;

    @BeforeAll
    static void smallModel() {
        setup = BenchSetup.create(3, 1);
    }

    private StreamGraph production(JobConfig c) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobSources sources = new JobSources(GeneratedTransactions.source("generator:seed:1:10", 0),
                GeneratedTransactions.header(), null, null, null);
        new SelfhealJob(c, HealerConfigs.from(c), setup.served(), sources, Sinks.files(tmp), FailureInjection.none())
                .build(env);
        return env.getStreamGraph();
    }

    private static StreamGraph bench(JobConfig c, boolean passThrough) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TransactionPool pool = TransactionPool.of(setup.streamRows(), 64, 0.01, 8);
        BenchGraph.build(env, c, setup.served(), setup.model(),
                PooledTransactions.source(pool, BenchSetup.modelIds(1), 100, 0, 0), passThrough, false);
        return env.getStreamGraph();
    }

    /** uid → function class, parallelism and the partitioner of each input (by the input's uid). */
    private static Map<String, String> wiring(StreamGraph g) {
        Map<String, String> out = new TreeMap<>();
        for (StreamNode n : g.getStreamNodes()) {
            if (n.getTransformationUID() == null || !WIRED.contains(n.getTransformationUID())) {
                continue;
            }
            Map<String, String> inputs = new TreeMap<>();
            for (StreamEdge e : n.getInEdges()) {
                String from = g.getStreamNode(e.getSourceId()).getTransformationUID();
                inputs.merge(from == null ? "?" : from, e.getPartitioner().getClass().getSimpleName(), (a, b) -> a + "+" + b);
            }
            // An operator chained to its input runs at the input's parallelism, whatever the source's is.
            boolean chained = !inputs.isEmpty() && inputs.values().stream().allMatch("ForwardPartitioner"::equals);
            out.put(n.getTransformationUID(), function(n) + " p=" + (chained ? "its input's" : n.getParallelism())
                    + " in=" + inputs);
        }
        return out;
    }

    private static String function(StreamNode n) {
        if (n.getOperatorFactory() instanceof SimpleUdfStreamOperatorFactory<?> f) {
            return f.getUserFunctionClassName();
        }
        return n.getOperatorFactory().getClass().getName();
    }

    @Test
    void profileHealAndScoreAreWiredAsInTheProductionJob() {
        JobConfig c = JobConfig.defaults().with(Map.of("parallelism", 2));
        Map<String, String> production = wiring(production(c));
        assertThat(production).containsOnlyKeys(WIRED);
        // The bench's source and validation stand where the production's watermark assigner stands.
        Map<String, String> bench = new TreeMap<>();
        wiring(bench(c, false)).forEach((uid, w) -> bench.put(uid, w.replace("parse-transactions", "watermarks-transactions")));
        assertThat(bench).isEqualTo(production);
    }

    @Test
    void passThroughReplacesOnlyTheScoringFunction() {
        JobConfig c = JobConfig.defaults().with(Map.of("parallelism", 2));
        Map<String, String> scored = wiring(bench(c, false));
        Map<String, String> passThrough = wiring(bench(c, true));
        assertThat(passThrough.get("score")).contains(PassThroughFunction.class.getName())
                .isEqualTo(scored.get("score").replace(dev.selfheal.job.score.ScoreFunction.class.getName(),
                        PassThroughFunction.class.getName()));
        assertThat(passThrough.get("heal")).isEqualTo(scored.get("heal"));
        assertThat(passThrough.get("profile")).isEqualTo(scored.get("profile"));
    }

    /** Every node's uid → function, parallelism and inputs, for the job built from Kafka as the bench builds it. */
    private StreamGraph kafka(boolean passThrough) {
        JobConfig c = JobConfig.defaults().with(Map.of("parallelism", 2, "input.format", "json",
                "output.format", "json", "kafka.bootstrap-servers", "127.0.0.1:9092", "kafka.scored-topic", "out",
                "kafka.stop", "latest"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SelfhealJob job = new SelfhealJob(c, HealerConfigs.from(c), setup.served(),
                dev.selfheal.job.io.RunInputs.sources(c, "kafka:in"), dev.selfheal.job.io.RunInputs.sinks(c, tmp),
                FailureInjection.none());
        if (passThrough) {
            job.buildEnds(env, new PassThroughFunction.Unscored());
        } else {
            job.build(env);
        }
        return env.getStreamGraph();
    }

    private static Map<String, String> nodes(StreamGraph g) {
        Map<String, String> out = new TreeMap<>();
        for (StreamNode n : g.getStreamNodes()) {
            Map<String, String> inputs = new TreeMap<>();
            for (StreamEdge e : n.getInEdges()) {
                String from = g.getStreamNode(e.getSourceId()).getTransformationUID();
                inputs.merge(from == null ? "?" : from, e.getPartitioner().getClass().getSimpleName(), (a, b) -> a + "+" + b);
            }
            out.put(String.valueOf(n.getTransformationUID()), function(n) + " p=" + n.getParallelism() + " in=" + inputs);
        }
        return out;
    }

    @Test
    void kafkaPassThroughIsTheProductionJobsEndsWithoutItsMiddle() {
        Map<String, String> scored = nodes(kafka(false));
        Map<String, String> ends = nodes(kafka(true));
        assertThat(ends).doesNotContainKeys("profile", "heal", "score");
        for (String uid : List.of("source-transactions", "parse-transactions", "watermarks-transactions")) {
            assertThat(ends.get(uid)).as(uid).isNotNull().isEqualTo(scored.get(uid));
        }
        // The stand-in takes SCORE's place: keyed the same way, at SCORE's parallelism, before the same formatting.
        assertThat(ends.get("pass-through")).contains("p=2").contains("in={watermarks-transactions=KeyGroupStreamPartitioner}");
        assertThat(scored.get("score")).contains("p=2").contains("watermarks-transactions=KeyGroupStreamPartitioner");
        assertThat(ends.get("scored-json")).isEqualTo(scored.get("scored-json").replace("in={score=", "in={pass-through="));
        assertThat(ends.get("sink-scored")).isEqualTo(scored.get("sink-scored"));
    }
}
