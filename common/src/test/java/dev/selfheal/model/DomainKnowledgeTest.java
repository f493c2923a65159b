package dev.selfheal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.data.Dataset;
import dev.selfheal.data.Transaction;
import dev.selfheal.model.DomainKnowledge.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DomainKnowledgeTest {
    private static final List<String> OURS = List.of("f0", "V14", "f2");
    private static final List<String> THEIRS = List.of("amount", "hour", "merchant_risk", "distance", "velocity");

    @Test
    void onDataWithV14TheDefaultsAreTheRuleOnV14AndV14AsKeyFeature() {
        DomainKnowledge d = DomainKnowledge.forTraining(Request.DEFAULTS, data(OURS, 2));

        assertThat(d.rules()).isEqualTo(ModelFactory.DEFAULT_RULES);
        assertThat(d.keyFeature()).isEqualTo("V14");
        assertThat(d.notes()).isEmpty();
    }

    @Test
    void withoutV14TheDefaultRuleIsDroppedWithOneWarningAndTheMostTellingFeatureIsWatched() {
        DomainKnowledge d = DomainKnowledge.forTraining(Request.DEFAULTS, data(THEIRS, 2));

        assertThat(d.rules()).isNull();
        assertThat(d.keyFeature()).isEqualTo("merchant_risk");
        assertThat(d.notes()).hasSize(2);
        assertThat(d.notes().get(0)).startsWith("warning: ").contains("V14", "without rules", "--rules")
                .doesNotContain("\n");
        assertThat(d.notes().get(1)).contains("'merchant_risk'", "most correlated with the label", "--key-feature")
                .doesNotContain("\n");
    }

    @Test
    void emptyRulesMeanNoneWithoutAWarning() {
        for (String none : List.of("", "  ", "\n")) {
            DomainKnowledge d = DomainKnowledge.forTraining(new Request(none, "velocity"), data(THEIRS, 4));

            assertThat(d.rules()).as("'%s'", none).isNull();
            assertThat(d.keyFeature()).isEqualTo("velocity");
            assertThat(d.notes()).isEmpty();
        }
    }

    @Test
    void rulesOverTheDataAreKeptAsWritten() {
        String rules = "merchant_risk > 0.9 and velocity >= 4 => fraud\nhour < 1 => normal";

        assertThat(DomainKnowledge.forTraining(new Request(rules, null), data(THEIRS, 4)).rules()).isEqualTo(rules);
    }

    @Test
    void aRuleNamingAFeatureTheDataLacksIsOneLineNamingItAndTheFeatures() {
        assertThatThrownBy(() -> DomainKnowledge.forTraining(new Request("V14 < -1.5 => fraud", null),
                data(THEIRS, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--rules 'V14 < -1.5 => fraud': unknown feature 'V14' at 0; the features are amount, "
                        + "hour, merchant_risk, distance, velocity");
    }

    @Test
    void aRuleThatDoesNotParseIsOneLineSayingWhatWasExpectedWhere() {
        assertThatThrownBy(() -> DomainKnowledge.forTraining(new Request("amount >\n hour < 3 => fraud", null),
                data(THEIRS, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--rules 'amount >; hour < 3 => fraud': expected number after '>' at 8");
    }

    @Test
    void aKeyFeatureTheDataLacksIsOneLineNamingTheFeatures() {
        assertThatThrownBy(() -> DomainKnowledge.forTraining(new Request(null, "V14"), data(THEIRS, 4)))
                .hasMessage("--key-feature 'V14' is not a feature; the features are amount, hour, merchant_risk, "
                        + "distance, velocity");
        assertThatThrownBy(() -> DomainKnowledge.forTraining(new Request(null, "label"), data(THEIRS, 4)))
                .hasMessageStartingWith("--key-feature 'label' is a reserved column, not a feature;");
    }

    @Test
    void aTrainedModelKeepsItsOwnRulesAndKeyUnlessTheRequestOverridesThem() {
        FraudModel model = tinyModel(OURS, ModelFactory.DEFAULT_RULES, "V14");

        DomainKnowledge kept = DomainKnowledge.forModel(Request.DEFAULTS, model);
        assertThat(kept.rules()).isEqualTo(ModelFactory.DEFAULT_RULES);
        assertThat(kept.keyFeature()).isEqualTo("V14");

        DomainKnowledge changed = DomainKnowledge.forModel(new Request("", "f2"), model);
        assertThat(changed.rules()).isNull();
        assertThat(changed.keyFeature()).isEqualTo("f2");
        FraudModel applied = changed.applyTo(model);
        assertThat(applied.rules()).isNull();
        assertThat(applied.keyFeature()).isEqualTo("f2");
        assertThat(applied.frozen()).isSameAs(model.frozen());
        assertThat(applied.adapter()).isSameAs(model.adapter());
    }

    @Test
    void aModelWhoseRulesNameAFeatureItLacksIsRefusedInOneLine() {
        FraudModel model = tinyModel(THEIRS, "V14 < -1.5 => fraud", "amount");

        assertThatThrownBy(() -> DomainKnowledge.forModel(Request.DEFAULTS, model))
                .hasMessageStartingWith("the model's rules 'V14 < -1.5 => fraud': unknown feature 'V14' at 0;");
        assertThat(DomainKnowledge.forModel(new Request("", null), model).rules()).isNull();
    }

    @Test
    void aModelWithoutAKeyFeatureNeedsOneNamedWhenItHasNoV14() {
        // As a model imported from elsewhere may come: no key feature recorded.
        FraudModel model = new DomainKnowledge(null, null, List.of()).applyTo(tinyModel(THEIRS, null, "amount"));

        assertThatThrownBy(() -> DomainKnowledge.forModel(Request.DEFAULTS, model))
                .hasMessageContaining("--key-feature");
        assertThat(DomainKnowledge.forModel(new Request(null, "hour"), model).keyFeature()).isEqualTo("hour");
    }

    /** Rows whose label depends on the feature at {@code informative}, every other feature noise. */
    private static Dataset data(List<String> names, int informative) {
        SplittableRandom rng = new SplittableRandom(5);
        List<Transaction> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int y = rng.nextDouble() < 0.2 ? 1 : 0;
            float[] x = new float[names.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) rng.nextGaussian();
            }
            x[informative] += 2.5f * y;
            rows.add(new Transaction("t" + i, "k" + i, i, 0, y, x));
        }
        return new Dataset(names, rows);
    }

    private static FraudModel tinyModel(List<String> names, String rules, String key) {
        return ModelFactory.train("default", data(names, 1), null, TrainConfig.defaults().withEpochs(1), rules, key,
                0.5);
    }
}
