package dev.selfheal.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.healer.HealerConfig;
import dev.selfheal.healer.HealingStrategy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each profile turns on, and that a key the user sets wins over the profile's choice. */
class HealerConfigsProfileTest {
    private static final JobConfig REFERENCE = JobConfig.defaults().with(Map.of("profile", "reference"));

    @Test
    void theDefaultProfileIsOurStrategyWithEveryLabelFreeRemedyOn() {
        HealerConfig c = HealerConfigs.from(JobConfig.defaults());

        assertThat(c.strategy()).isEqualTo(HealingStrategy.selfheal());
        assertThat(c.inputPath().enabled()).isTrue();
        assertThat(c.signals().enabled()).isTrue();
        assertThat(c.repair().enabled()).isTrue();
        assertThat(c.repair().recall()).isTrue();
    }

    @Test
    void theReferenceProfileIsTheReferenceStrategyWithOurRemediesOff() {
        HealerConfig c = HealerConfigs.from(REFERENCE);

        assertThat(c.strategy()).isEqualTo(HealingStrategy.reference());
        assertThat(c.inputPath().enabled()).isFalse();
        assertThat(c.signals().enabled()).isFalse();
        assertThat(c.repair().enabled()).isFalse();
        assertThat(c.repair().recall()).isFalse();
    }

    @Test
    void anExplicitKeyWinsOverTheReferenceProfileEvenWhenItEqualsTheDefault() {
        HealerConfig c = HealerConfigs.from(REFERENCE.with(Map.of("platt.enabled", true, "validate.metric", "accuracy",
                "heal.min-labelled", 20, "signals.enabled", true, "repair.enabled", true)));

        assertThat(c.strategy().platt()).isTrue();
        assertThat(c.strategy().validateOnAccuracyOnly()).isTrue();
        assertThat(c.strategy().minLabelled()).isEqualTo(20);
        assertThat(c.signals().enabled()).isTrue();
        assertThat(c.repair().enabled()).isTrue();
        // Keys not set keep the profile's choice.
        assertThat(c.strategy().recalibrate()).isFalse();
        assertThat(c.strategy().labelGate()).isFalse();
        assertThat(c.inputPath().enabled()).isFalse();
    }

    @Test
    void anExplicitKeyWinsOverOurProfile() {
        HealerConfig c = HealerConfigs.from(JobConfig.defaults().with(Map.of("recalibrate.enabled", false,
                "validate.metric", "accuracy+f1", "health.min-rows", 0, "input-path.enabled", false)));

        assertThat(c.strategy().recalibrate()).isFalse();
        assertThat(c.strategy().validateOnAccuracyOnly()).isFalse();
        assertThat(c.strategy().healthMinRows()).isZero();
        assertThat(c.inputPath().enabled()).isFalse();
        assertThat(c.strategy().platt()).isTrue();
        assertThat(c.signals().enabled()).isTrue();
    }

    @Test
    void settingsNoProfileTouchesApplyInEitherProfile() {
        Map<String, Object> set = Map.of("recalibrate.window", 7, "decision.cost-fn", 4.0, "heal.steps", 9);

        for (JobConfig base : new JobConfig[] {JobConfig.defaults(), REFERENCE}) {
            HealerConfig c = HealerConfigs.from(base.with(set));
            assertThat(c.strategy().recalibrateWindow()).isEqualTo(7);
            assertThat(c.strategy().costFn()).isEqualTo(4.0);
            assertThat(c.heal().steps()).isEqualTo(9);
        }
    }
}
