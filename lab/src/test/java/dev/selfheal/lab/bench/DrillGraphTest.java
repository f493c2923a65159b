package dev.selfheal.lab.bench;

import dev.selfheal.job.JobSources;
import dev.selfheal.job.SelfhealJob;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.heal.FailureInjection;
import dev.selfheal.job.io.GeneratedTransactions;
import dev.selfheal.job.io.Sinks;
import dev.selfheal.job.score.ServedModel;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioConfig;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The backpressure drill's slow sink sits in front of the production job's scored sink, and only in the drill. */
class DrillGraphTest {
    private static ServedModel served;

    @TempDir
    Path tmp;

    @BeforeAll
    static void smallModel() {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 3, new ScenarioConfig(500, 100, 2, 100, 100)).generate();
        served = ServedModel.of(ModelFactory.train("default", data.train(), null, TrainConfig.defaults().withEpochs(1),
                ModelFactory.DEFAULT_RULES, null, 0.5));
    }

    private StreamGraph graph(UnaryOperator<SelfhealJob> drill) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobSources sources = new JobSources(GeneratedTransactions.source("generator:seed:1:10", 0),
                GeneratedTransactions.header(), null, null, null);
        JobConfig c = JobConfig.defaults();
        drill.apply(new SelfhealJob(c, HealerConfigs.from(c), served, sources, Sinks.files(tmp), FailureInjection.none()))
                .build(env);
        return env.getStreamGraph();
    }

    private static List<String> names(StreamGraph g) {
        return g.getStreamNodes().stream().map(StreamNode::getOperatorName).toList();
    }

    @Test
    void productionGraphHasNoThrottle() {
        assertThat(names(graph(job -> job))).isNotEmpty().noneMatch(n -> n.contains("drill"));
    }

    @Test
    void theDrillPutsTheThrottleBetweenTheScoredEventsAndTheirSink() {
        StreamGraph g = graph(job -> job.beforeScoredSink(SinkThrottle.inFrontOfScoredSink(100)));
        List<StreamNode> throttles = g.getStreamNodes().stream()
                .filter(n -> n.getOperatorName().contains("drill")).toList();
        assertThat(throttles).extracting(StreamNode::getOperatorName).containsExactly("drill: slow scored sink");
        StreamNode throttle = throttles.get(0);
        assertThat(throttle.getInEdges()).extracting(e -> g.getStreamNode(e.getSourceId()).getTransformationUID())
                .containsExactly("scored-json");
        assertThat(throttle.getOutEdges()).extracting(e -> g.getStreamNode(e.getTargetId()).getOperatorName())
                .singleElement().asString().startsWith("scored events");
    }
}
