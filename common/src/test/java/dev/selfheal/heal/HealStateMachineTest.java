package dev.selfheal.heal;

import static dev.selfheal.heal.HealState.DRIFTING;
import static dev.selfheal.heal.HealState.HEALING;
import static dev.selfheal.heal.HealState.HEALTHY;
import static dev.selfheal.heal.HealState.ROLLED_BACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealStateMachineTest {

    private final HealStateMachine machine = new HealStateMachine();

    @Test
    void anAcceptedHealEntersAndStaysInHealingForThatBatch() {
        HealTransition t = machine.step(DRIFTING, BatchFacts.heal(true, true));

        assertThat(t.state()).isEqualTo(HEALING);
        assertThat(t.changes()).extracting(StateChange::from, StateChange::to)
                .containsExactly(tuple(DRIFTING, HEALING));
    }

    @Test
    void aConflictTriggeredHealGoesStraightFromHealthyToHealing() {
        HealTransition t = machine.step(HEALTHY, BatchFacts.heal(false, true));

        assertThat(t.state()).isEqualTo(HEALING);
        assertThat(t.changes()).containsExactly(
                new StateChange(HEALTHY, HEALING, "heal ran (no drift signal)"));
    }

    @Test
    void aRejectedHealStillEmitsHealingThenReturnsToDrifting() {
        HealTransition t = machine.step(DRIFTING, BatchFacts.heal(true, false));

        assertThat(t.state()).isEqualTo(DRIFTING);
        assertThat(t.changes()).extracting(StateChange::from, StateChange::to)
                .containsExactly(tuple(DRIFTING, HEALING), tuple(HEALING, DRIFTING));
    }

    @Test
    void consecutiveHealsStayInHealingWithoutRepeatedEvents() {
        assertThat(machine.step(HEALING, BatchFacts.heal(true, true)).changes()).isEmpty();
    }

    @Test
    void healingAndRolledBackWaitForTheCallerToCallThemHealthy() {
        BatchFacts quietButNotYetHealthy = new BatchFacts(false, false, false, false, false);

        assertThat(machine.step(HEALING, quietButNotYetHealthy).state()).isEqualTo(HEALING);
        assertThat(machine.step(ROLLED_BACK, quietButNotYetHealthy).state()).isEqualTo(ROLLED_BACK);
        assertThat(machine.step(ROLLED_BACK, BatchFacts.calm()).state()).isEqualTo(HEALTHY);
    }

    @Test
    void aRollbackAndAHealInOneBatchEmitBothInTheOrderTheyHappened() {
        HealTransition t = machine.step(HEALING,
                new BatchFacts(true, true, true, true, false));

        assertThat(t.state()).isEqualTo(HEALING);
        assertThat(t.changes()).extracting(StateChange::to).containsExactly(ROLLED_BACK, HEALING);
    }

    @Test
    void driftHealRecoverDegradeRollbackStory() {
        List<BatchFacts> story = List.of(
                BatchFacts.calm(),               // 1 clean
                BatchFacts.drift(),              // 2 drift seen, heal frozen or in cooldown
                BatchFacts.heal(true, true),     // 3 heal accepted
                BatchFacts.heal(true, true),     // 4 heal again
                BatchFacts.calm(),               // 5 recovered
                BatchFacts.calm(),               // 6
                BatchFacts.drift(),              // 7 degrades
                BatchFacts.heal(true, false),    // 8 heal rejected by validation
                BatchFacts.rollback(true),       // 9 rollback
                BatchFacts.drift(),              // 10 still drifting
                BatchFacts.calm());              // 11 settled

        HealState state = HEALTHY;
        List<HealState> perBatch = new ArrayList<>();
        List<StateChange> events = new ArrayList<>();
        for (BatchFacts facts : story) {
            HealTransition t = machine.step(state, facts);
            state = t.state();
            perBatch.add(state);
            events.addAll(t.changes());
        }

        assertThat(perBatch).containsExactly(HEALTHY, DRIFTING, HEALING, HEALING, HEALTHY, HEALTHY,
                DRIFTING, DRIFTING, ROLLED_BACK, DRIFTING, HEALTHY);
        assertThat(events).containsExactly(
                new StateChange(HEALTHY, DRIFTING, "drift detected"),
                new StateChange(DRIFTING, HEALING, "heal ran (drift signal)"),
                new StateChange(HEALING, HEALTHY, "no drift signal"),
                new StateChange(HEALTHY, DRIFTING, "drift detected"),
                new StateChange(DRIFTING, HEALING, "heal ran (drift signal)"),
                new StateChange(HEALING, DRIFTING, "heal rejected; previous adapter kept"),
                new StateChange(DRIFTING, ROLLED_BACK, "rollback applied"),
                new StateChange(ROLLED_BACK, DRIFTING, "drift detected"),
                new StateChange(DRIFTING, HEALTHY, "no drift signal"));
        assertThat(events).extracting(StateChange::to).contains(HEALING);
    }
}
