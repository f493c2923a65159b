package dev.selfheal.healer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.model.HealConfig;
import org.junit.jupiter.api.Test;

class HealerConfigTest {
    private static final HealerConfig BASE = HealerConfig.reference().withStrategy(HealingStrategy.selfheal());

    @Test
    void aBuilderWithoutChangesBuildsAnEqualConfig() {
        assertThat(BASE.toBuilder().build()).isEqualTo(BASE);
    }

    @Test
    void eachWithMethodChangesOnlyItsOwnComponents() {
        HealConfig heal = HealConfig.reference().withLearningRate(0.5);
        assertThat(BASE.withHeal(heal)).isEqualTo(changed(b -> b.heal = heal));
        assertThat(BASE.withRollback(0.2, 0.3)).isEqualTo(changed(b -> {
            b.rollbackF1Drop = 0.2;
            b.rollbackAccDrop = 0.3;
        }));
        assertThat(BASE.withValidationTolerance(0.07)).isEqualTo(changed(b -> b.validationTolerance = 0.07));
        assertThat(BASE.withMaxSnapshots(9)).isEqualTo(changed(b -> b.maxSnapshots = 9));
        assertThat(BASE.withStrategy(HealingStrategy.reference())).isEqualTo(changed(b -> b.strategy = HealingStrategy.reference()));
        assertThat(BASE.withHeal(heal).heal()).isEqualTo(heal);
        assertThat(BASE.withHeal(heal).strategy()).isEqualTo(BASE.strategy());
    }

    @Test
    void liveOverridesReplaceOnlyWhatTheStateOverrides() {
        HealerState s = new HealerState();
        assertThat(BASE.withOverrides(s)).as("a state without overrides").isEqualTo(BASE);
        s.overrideFidiThreshold = 4.5;
        s.overrideHealthWindow = 11;
        HealerConfig o = BASE.withOverrides(s);
        assertThat(o.drift().fidi().threshold()).isEqualTo(4.5);
        assertThat(o.drift().fidi().window()).isEqualTo(BASE.drift().fidi().window());
        assertThat(o.healthWindow()).isEqualTo(11);
        assertThat(o.conflictMin()).isEqualTo(BASE.conflictMin());
        assertThat(o.rollbackF1Drop()).isEqualTo(BASE.rollbackF1Drop());
    }

    @Test
    void theBuilderValidatesLikeTheConstructor() {
        HealerConfig.Builder b = BASE.toBuilder();
        b.maxSnapshots = 2;
        assertThatThrownBy(b::build).hasMessageContaining("registry.max-snapshots");
    }

    private static HealerConfig changed(java.util.function.Consumer<HealerConfig.Builder> change) {
        HealerConfig.Builder b = BASE.toBuilder();
        change.accept(b);
        return b.build();
    }
}
