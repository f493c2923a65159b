package dev.selfheal.job.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.Transaction;
import dev.selfheal.healer.AdapterEvaluator;
import dev.selfheal.healer.Healer;
import dev.selfheal.healer.HealerConfig;
import dev.selfheal.healer.HealerState;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.event.AuditEvent;
import dev.selfheal.model.AdamState;
import dev.selfheal.model.Adapter;
import dev.selfheal.model.AdapterTrainer;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.HealBatch;
import dev.selfheal.model.HealConfig;
import dev.selfheal.model.HealResult;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.ScoringKernels;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioConfig;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One trainer and one evaluator per HEAL subtask, and a bounded cache of light per-model healers. */
class ModelHealersTest {
    private static FraudModel model;
    private static HealerConfig config;

    private final TestingValueState<HealerState> state = new TestingValueState<>();
    private final TestingMapState<Long, byte[]> registry = new TestingMapState<>();
    private final List<CountingTrainer> trainers = new ArrayList<>();
    private int evaluators;

    @BeforeAll
    static void trainSmallModel() {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 5, new ScenarioConfig(500, 100, 2, 40, 100))
                .generate();
        model = ModelFactory.train(Transaction.DEFAULT_MODEL, data.train(), data.cleanTest(),
                TrainConfig.defaults().withEpochs(1), ModelFactory.DEFAULT_RULES, null, 0.5);
        config = HealerConfigs.forModel(HealerConfigs.from(JobConfig.defaults()), model);
    }

    private ModelHealers healers() {
        return new ModelHealers(model, config, "", () -> {
            CountingTrainer t = new CountingTrainer();
            trainers.add(t);
            return t;
        }, () -> {
            evaluators++;
            return new AdapterEvaluator(model, ScoringKernels.AUTO);
        }, state, registry);
    }

    @Test
    void everyModelIdSharesOneTrainerAndOneEvaluatorAndOnlyTheIdsUsedLastStayInMemory() {
        try (ModelHealers h = healers()) {
            Healer first = h.healer("m-0");
            assertThat(h.healer("m-0")).isSameAs(first);
            for (int i = 1; i <= ModelHealers.CACHED_MODELS + 10; i++) {
                h.healer("m-" + i);
            }

            assertThat(trainers).hasSize(1);
            assertThat(evaluators).isEqualTo(1);
            assertThat(h.cached()).isEqualTo(ModelHealers.CACHED_MODELS);
            assertThat(h.healer("m-0")).as("evicted, then rebuilt").isNotSameAs(first);
            assertThat(trainers).hasSize(1);
        }
    }

    @Test
    void theSharedTrainerIsClosedOnceWithTheSubtaskNeverWithAnEvictedHealer() {
        ModelHealers h = healers();
        for (int i = 0; i <= ModelHealers.CACHED_MODELS; i++) {
            h.healer("m-" + i);
        }
        assertThat(trainers.get(0).closed).isZero();

        h.close();
        h.close();

        assertThat(trainers.get(0).closed).isEqualTo(1);
    }

    @Test
    void aModelStartsOnceAndAnEvictedOneFindsItsStateAgainInsteadOfStartingOver() throws Exception {
        RecordingOutputs out = new RecordingOutputs();
        try (ModelHealers h = healers()) {
            HealControl control = new HealControl(config, h);

            assertThat(h.start("a", control, key -> null, out)).isTrue();
            HealerState s = state.value();
            assertThat(s.currentVersion).isEqualTo(1);
            assertThat(out.audit).extracting(e -> e.type).containsExactly("deployed");
            assertThat(h.start("a", control, key -> null, out)).isFalse();
            for (int i = 0; i < ModelHealers.CACHED_MODELS; i++) {
                h.healer("other-" + i);
            }

            assertThat(h.start("a", control, key -> null, out)).isFalse();
            assertThat(state.value()).isSameAs(s);
            assertThat(out.audit).hasSize(1);
            assertThat(h.store("a").versions()).as("the registry index read again from state").containsExactly(1L);
        }
    }

    /** A trainer that counts its closes; these tests never heal. */
    private static final class CountingTrainer implements AdapterTrainer {
        int closed;

        @Override
        public HealResult heal(Adapter current, AdamState optimizer, HealBatch batch, HealConfig config) {
            throw new UnsupportedOperationException("not healing here");
        }

        @Override
        public void close() {
            closed++;
        }
    }

    private static final class RecordingOutputs implements SideOutputs {
        final List<AuditEvent> audit = new ArrayList<>();

        @Override
        public <T> void emit(OutputTag<T> tag, T value) {
            if (tag.getId().equals(HealFunction.AUDIT.getId())) {
                audit.add((AuditEvent) value);
            }
        }
    }
}
