package dev.selfheal.heal;

import static dev.selfheal.heal.HealTrigger.NEVER_HEALED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealTriggerTest {

    private final HealTrigger defaults = HealTrigger.DEFAULTS;

    @Test
    void nothingToHealWithoutDriftOrEnoughConflicts() {
        HealDecision d = defaults.decide(false, 4, 10, NEVER_HEALED);

        assertThat(d.heal()).isFalse();
        assertThat(d.reason()).isEqualTo("no trigger: no drift signal, 4 conflicts < 5");
    }

    @Test
    void conflictsAloneTriggerAHeal() {
        HealDecision d = defaults.decide(false, 5, 10, NEVER_HEALED);

        assertThat(d.heal()).isTrue();
        assertThat(d.reason()).isEqualTo("5 conflicts >= 5");
    }

    @Test
    void driftAloneTriggersAHeal() {
        HealDecision d = defaults.decide(true, 0, 10, NEVER_HEALED);

        assertThat(d.heal()).isTrue();
        assertThat(d.reason()).isEqualTo("drift signal");
    }

    @Test
    void bothCausesAreNamed() {
        assertThat(defaults.decide(true, 9, 10, NEVER_HEALED).reason())
                .isEqualTo("drift signal and 9 conflicts >= 5");
    }

    @Test
    void frozenHealingNeverHealsButSaysWhatWouldHaveTriggered() {
        HealDecision d = defaults.withFrozen(true).decide(true, 9, 10, NEVER_HEALED);

        assertThat(d.heal()).isFalse();
        assertThat(d.reason()).isEqualTo("frozen: would heal on drift signal and 9 conflicts >= 5");
    }

    @Test
    void resumingAfterAFreezeHealsAgain() {
        assertThat(defaults.withFrozen(true).withFrozen(false).decide(true, 0, 10, NEVER_HEALED)
                .heal()).isTrue();
    }

    @Test
    void cooldownSkipsTheNextBatchesAfterAHeal() {
        HealTrigger cooldownTwo = new HealTrigger(5, false, 2);

        assertThat(cooldownTwo.decide(true, 0, 11, 10).heal()).isFalse();
        assertThat(cooldownTwo.decide(true, 0, 12, 10).reason())
                .isEqualTo("cooldown: last heal at batch 10, cooldown 2 batches; would heal on drift signal");
        assertThat(cooldownTwo.decide(true, 0, 13, 10).heal()).isTrue();
    }

    @Test
    void withoutCooldownEveryBatchMayHeal() {
        assertThat(defaults.decide(true, 0, 11, 10).heal()).isTrue();
    }

    @Test
    void theFirstHealIsNeverInCooldown() {
        assertThat(new HealTrigger(5, false, 100).decide(true, 0, 0, NEVER_HEALED).heal()).isTrue();
    }
}
