package dev.selfheal.model;

import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ModelFactoryITCase {

    @Test
    void trainedModelScoresAtLeast92PercentOnTheCleanTestSet() {
        ScenarioData data = new ScenarioGenerator(Scenario.SEED, 42).generate();
        FraudModel model = ModelFactory.train("default", data.train(), data.cleanTest(), TrainConfig.defaults(),
                ModelFactory.DEFAULT_RULES, null, 0.5);
        Map<String, Object> clean = model.metrics().get("clean_test");
        assertThat(((Number) clean.get("accuracy")).doubleValue()).isGreaterThanOrEqualTo(0.92);
        assertThat(model.keyFeature()).isEqualTo("V14");
        assertThat(model.trainingStats().get("V14").mean()).isCloseTo(-0.375, org.assertj.core.data.Offset.offset(0.06));
    }

    @Test
    void theSignalsReadTheNetworksOutputOnTheCleanTestRowsAndTheTailsOnTheTrainingRows() {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 7).generate();
        TrainConfig cfg = TrainConfig.defaults().withEpochs(2);
        FraudModel model = ModelFactory.train("default", data.train(), data.cleanTest(), cfg, null, null, 0.5);
        FraudModel onTraining = model.withSignals(data.train().features(), data.train().labels());
        FraudModel onClean = model.withSignals(data.cleanTest().features(), data.cleanTest().labels());

        assertThat(data.cleanTest().size()).isGreaterThanOrEqualTo(ModelFactory.MIN_SIGNAL_REFERENCE_ROWS);
        assertThat(model.training()).containsEntry("signal_reference_outputs", "clean_test");
        assertThat(model.signals().entropyMean()).isEqualTo(onClean.signals().entropyMean())
                .isNotEqualTo(onTraining.signals().entropyMean());
        assertThat(model.signals().unitTails()).isEqualTo(onTraining.signals().unitTails());

        FraudModel without = ModelFactory.train("default", data.train(), null, cfg, null, null, 0.5);
        assertThat(without.training()).containsEntry("signal_reference_outputs", "train");
        assertThat(without.signals().entropyMean()).isEqualTo(onTraining.signals().entropyMean());
    }

    @Test
    void sameSeedGivesTheSameWeights() {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 5).generate();
        TrainConfig cfg = TrainConfig.defaults().withEpochs(2);
        FraudModel a = ModelFactory.train("default", data.train(), null, cfg, null, null, 0.5);
        FraudModel b = ModelFactory.train("default", data.train(), null, cfg, null, null, 0.5);
        assertThat(a.adapter().params()).isEqualTo(b.adapter().params());
        assertThat(a.frozen().backboneFlat()).isEqualTo(b.frozen().backboneFlat());
    }
}
