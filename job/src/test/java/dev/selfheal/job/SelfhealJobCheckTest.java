package dev.selfheal.job;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.data.Dataset;
import dev.selfheal.data.Transaction;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.model.DomainKnowledge;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What `run`, `experiment`, `demo` and `zoo` check when the job graph is built, so a model that
 * does not fit its stream fails in one line on the client, not in every task as it opens.
 */
class SelfhealJobCheckTest {
    private static final List<String> FEATURES = List.of("amount", "hour", "merchant_risk", "distance", "velocity");
    private static final String HEADER = "id,label,amount,hour,merchant_risk,distance,velocity";
    private static FraudModel model;

    @BeforeAll
    static void model() {
        SplittableRandom rng = new SplittableRandom(3);
        List<Transaction> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            float[] x = new float[FEATURES.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) rng.nextGaussian();
            }
            rows.add(new Transaction("t" + i, "k", i, 0, x[2] > 1 ? 1 : 0, x));
        }
        model = ModelFactory.train("default", new Dataset(FEATURES, rows), null, TrainConfig.defaults().withEpochs(1),
                null, "merchant_risk", 0.5);
    }

    @Test
    void aModelThatFitsItsStreamPasses() {
        assertThatCode(() -> SelfhealJob.check(model, HEADER, FEATURES, JobConfig.defaults()))
                .doesNotThrowAnyException();
    }

    @Test
    void aStreamWhoseHeaderLacksAModelFeatureIsRefused() {
        assertThatThrownBy(() -> SelfhealJob.check(model, "id,label,amount,hour,merchant_risk,distance", FEATURES,
                JobConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the transactions' header does not fit the model: feature 'velocity' is not "
                        + "a column");
    }

    @Test
    void streamFeaturesOtherThanTheModelsAreRefused() {
        List<String> other = List.of("f0", "f1", "f2", "V14", "f4");

        assertThatThrownBy(() -> SelfhealJob.check(model, HEADER, other, JobConfig.defaults()))
                .hasMessage("the stream's features " + other + " are not the model's " + FEATURES
                        + " (same names, same order)");
    }

    @Test
    void rulesOverFeaturesTheModelLacksAreRefused() {
        FraudModel withV14Rule = new DomainKnowledge("V14 < -1.5 => fraud", "merchant_risk", List.of()).applyTo(model);

        assertThatThrownBy(() -> SelfhealJob.check(withV14Rule, HEADER, FEATURES, JobConfig.defaults()))
                .hasMessageStartingWith("the model's rules 'V14 < -1.5 => fraud': unknown feature 'V14' at 0;");
    }

    @Test
    void aDriftFeatureSettingTheModelLacksIsRefused() {
        JobConfig config = JobConfig.defaults().with(Map.of("fidi.feature", "V14"));

        assertThatThrownBy(() -> SelfhealJob.check(model, HEADER, FEATURES, config))
                .hasMessageStartingWith("fidi.feature 'V14' is not a feature;");
        assertThatCode(() -> SelfhealJob.check(model, HEADER, FEATURES,
                JobConfig.defaults().with(Map.of("fidi.feature", "distance")))).doesNotThrowAnyException();
    }

    @Test
    void aModelWithoutKeyFeatureNeedsTheSetting() {
        FraudModel noKey = new DomainKnowledge(null, null, List.of()).applyTo(model);

        assertThatThrownBy(() -> SelfhealJob.check(noKey, HEADER, FEATURES, JobConfig.defaults()))
                .hasMessageContaining("fidi.feature");
        assertThatCode(() -> SelfhealJob.check(noKey, HEADER, FEATURES,
                JobConfig.defaults().with(Map.of("fidi.feature", "hour")))).doesNotThrowAnyException();
    }
}
