package dev.selfheal.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.Dataset;
import dev.selfheal.model.DomainKnowledge;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioGenerator;
import org.junit.jupiter.api.Test;

class ScenarioDomainTest {

    @Test
    void theReferenceColumnsKeepTheDefaultRule() {
        for (Scenario s : new Scenario[] {Scenario.SHIFT, Scenario.PATTERN, Scenario.MULTI}) {
            assertThat(ScenarioDomain.forTraining(s, DomainKnowledge.Request.DEFAULTS))
                    .isEqualTo(DomainKnowledge.Request.DEFAULTS);
        }
    }

    /** As `--rules ''`: no rules, the key feature from the training data, and no warning about V14. */
    @Test
    void aFamilyWithoutTheRulesFeatureRunsWithoutRulesAndWithoutAWarning() {
        for (Scenario s : new Scenario[] {Scenario.SEA, Scenario.HYPERPLANE}) {
            DomainKnowledge.Request r = ScenarioDomain.forTraining(s, DomainKnowledge.Request.DEFAULTS);
            assertThat(r).isEqualTo(new DomainKnowledge.Request("", null));
            Dataset train = new ScenarioGenerator(s, 1).generate().train();
            DomainKnowledge k = DomainKnowledge.forTraining(r, train);
            assertThat(k.rules()).isNull();
            assertThat(train.featureNames()).contains(k.keyFeature());
            assertThat(k.notes()).noneMatch(n -> n.startsWith("warning"));
            // The defaults alone would have warned.
            assertThat(DomainKnowledge.forTraining(DomainKnowledge.Request.DEFAULTS, train).notes())
                    .anyMatch(n -> n.contains(ModelFactory.DEFAULT_RULES));
        }
    }

    @Test
    void whatTheUserAskedForStands() {
        DomainKnowledge.Request asked = new DomainKnowledge.Request("amount > 9 => fraud", "hour");
        assertThat(ScenarioDomain.forTraining(Scenario.SEA, asked)).isEqualTo(asked);
        DomainKnowledge.Request keyOnly = new DomainKnowledge.Request(null, "hour");
        assertThat(ScenarioDomain.forTraining(Scenario.SEA, keyOnly))
                .isEqualTo(new DomainKnowledge.Request("", "hour"));
        assertThat(ScenarioDomain.forTraining(null, DomainKnowledge.Request.DEFAULTS))
                .isEqualTo(DomainKnowledge.Request.DEFAULTS);
    }
}
