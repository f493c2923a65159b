package dev.selfheal.job;

import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.Settings;
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
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The drill's slow sink (drill.scored-sink-rate) is in the graph only when asked for. */
class SelfhealJobDrillGraphTest {
    private static ServedModel served;

    @TempDir
    Path tmp;

    @BeforeAll
    static void smallModel() {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 3, new ScenarioConfig(500, 100, 2, 100, 100)).generate();
        served = ServedModel.of(ModelFactory.train("default", data.train(), null, TrainConfig.defaults().withEpochs(1),
                ModelFactory.DEFAULT_RULES, null, 0.5));
    }

    private List<String> operators(JobConfig c) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobSources sources = new JobSources(GeneratedTransactions.source("generator:seed:1:10", 0),
                GeneratedTransactions.header(), null, null, null);
        new SelfhealJob(c, HealerConfigs.from(c), served, sources, Sinks.files(tmp), FailureInjection.none()).build(env);
        return env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getOperatorName).toList();
    }

    @Test
    void productionGraphHasNoThrottle() {
        assertThat(Settings.DRILL_SCORED_SINK_RATE.defaultValue()).isZero();
        assertThat(operators(JobConfig.defaults())).noneMatch(n -> n.contains("drill"));
    }

    @Test
    void theDrillPutsTheThrottleInFrontOfTheScoredSink() {
        List<String> ops = operators(JobConfig.defaults().with(Map.of(Settings.DRILL_SCORED_SINK_RATE.key(), 100)));
        assertThat(ops).filteredOn(n -> n.contains("drill")).containsExactly("drill: slow scored sink");
    }
}
