package dev.selfheal.job.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioConfig;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code score.route-by}: which SCORE subtask scores which records, on a MiniCluster at parallelism 2. */
class ScoreRoutingITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final List<String> MODELS = List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7");
    private static ServedModel served;
    private static List<Transaction> stream;

    @BeforeAll
    static void smallModelAndStream() {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 5, new ScenarioConfig(500, 100, 4, 100, 100)).generate();
        FraudModel model = ModelFactory.train("default", data.train(), null, TrainConfig.defaults().withEpochs(1),
                ModelFactory.DEFAULT_RULES, null, 0.5);
        served = ServedModel.of(model);
        stream = new ArrayList<>();
        List<Transaction> rows = data.stream().rows();
        for (int i = 0; i < rows.size(); i++) {
            Transaction t = rows.get(i);
            t.model = MODELS.get(i % MODELS.size());
            stream.add(t);
        }
    }

    @Test
    void byModelEachModelIsScoredByOneSubtaskAndBothSubtasksScore() throws Exception {
        Map<String, Set<Integer>> subtasks = subtasksPerModel(score("model"));
        assertThat(subtasks).containsOnlyKeys(MODELS);
        assertThat(subtasks.values()).allSatisfy(s -> assertThat(s).hasSize(1));
        assertThat(subtasks.values().stream().flatMap(Set::stream).collect(Collectors.toSet())).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void byAccountEveryModelIsSpreadOverBothSubtasks() throws Exception {
        Map<String, Set<Integer>> subtasks = subtasksPerModel(score("account"));
        assertThat(subtasks).containsOnlyKeys(MODELS);
        assertThat(subtasks.values()).allSatisfy(s -> assertThat(s).containsExactlyInAnyOrder(0, 1));
    }

    @Test
    void rowsWithoutAModelRouteAsTheDefaultModelAndAnUnknownChoiceIsRefused() throws Exception {
        Transaction t = new Transaction();
        t.key = "acct-1";
        assertThat(ScoreRouting.keyFor("model").getKey(t)).isEqualTo(Transaction.DEFAULT_MODEL);
        assertThat(ScoreRouting.keyFor("account").getKey(t)).isEqualTo("acct-1");
        assertThatThrownBy(() -> ScoreRouting.keyFor("merchant")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("account or model");
    }

    private static List<ScoredEvent> score(String routeBy) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Transaction> tx = env.fromData(stream).setParallelism(1);
        // No updates: an empty bounded stream (an empty fromData cannot be typed).
        DataStream<AdapterUpdate> none = env.fromSequence(0, 0).setParallelism(1).filter(x -> false).setParallelism(1)
                .map(x -> new AdapterUpdate()).returns(TypeInformation.of(AdapterUpdate.class)).setParallelism(1);
        List<ScoredEvent> out = new ArrayList<>();
        tx.keyBy(ScoreRouting.keyFor(routeBy)).connect(none.broadcast(ScoreFunction.ADAPTERS))
                .process(new ScoreFunction(served, 16, 5))
                .executeAndCollect().forEachRemaining(out::add);
        assertThat(out).as("every record scored once").hasSize(stream.size());
        return out;
    }

    private static Map<String, Set<Integer>> subtasksPerModel(List<ScoredEvent> out) {
        return out.stream().collect(Collectors.groupingBy(e -> e.model,
                Collectors.mapping(e -> e.subtask, Collectors.toSet())));
    }
}
