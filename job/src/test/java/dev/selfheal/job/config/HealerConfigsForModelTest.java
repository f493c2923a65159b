package dev.selfheal.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.Dataset;
import dev.selfheal.data.Transaction;
import dev.selfheal.healer.HealerConfig;
import dev.selfheal.model.DomainKnowledge;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HealerConfigsForModelTest {
    private static FraudModel withRule;

    @BeforeAll
    static void model() {
        SplittableRandom rng = new SplittableRandom(4);
        List<Transaction> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            float[] x = {(float) rng.nextGaussian(), (float) rng.nextGaussian()};
            rows.add(new Transaction("t" + i, "k", i, 0, x[1] < -1 ? 1 : 0, x));
        }
        withRule = ModelFactory.train("default", new Dataset(List.of("a", "V14"), rows), null,
                TrainConfig.defaults().withEpochs(1), ModelFactory.DEFAULT_RULES, "V14", 0.5);
    }

    @Test
    void aModelWithRulesKeepsTheRuleTerm() {
        HealerConfig c = HealerConfigs.from(JobConfig.defaults());

        assertThat(HealerConfigs.forModel(c, withRule)).isEqualTo(c);
    }

    @Test
    void aModelWithoutRulesHealsWithoutTheRuleTermAndOtherwiseAsConfigured() {
        HealerConfig c = HealerConfigs.from(JobConfig.defaults().with(java.util.Map.of("heal.lambda", 0.5,
                "heal.steps", 7)));
        FraudModel noRules = new DomainKnowledge(null, "V14", List.of()).applyTo(withRule);

        HealerConfig applied = HealerConfigs.forModel(c, noRules);

        assertThat(c.heal().lambda()).isEqualTo(0.5);
        assertThat(applied.heal().lambda()).isZero();
        assertThat(applied.heal().steps()).isEqualTo(7);
        assertThat(applied.heal().alpha()).isEqualTo(c.heal().alpha());
        assertThat(applied.heal().entropy()).isEqualTo(c.heal().entropy());
        assertThat(applied.withHeal(c.heal())).isEqualTo(c);
    }
}
