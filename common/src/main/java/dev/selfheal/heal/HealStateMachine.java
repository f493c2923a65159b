package dev.selfheal.heal;

import java.util.ArrayList;
import java.util.List;

/**
 * Moves a model's {@link HealState} on by one batch and reports every state entered.
 *
 * <p>Stateless: the state itself is the {@link HealState} the operator keeps in keyed state.
 * Within a batch the facts apply in the order the operator acts on them:
 * <ol>
 *   <li>{@code rolledBack}: → ROLLED_BACK (the rollback check runs on the prequential score,
 *       before any training on the batch).</li>
 *   <li>{@code healAttempted}: → HEALING. If the candidate was accepted the batch ends in
 *       HEALING; if rejected, it then goes HEALING → DRIFTING, because the problem that triggered
 *       the heal is still there and nothing new is served. Both changes are emitted, so the log
 *       shows a heal ran even when it failed (the reference never emitted HEALING).</li>
 *   <li>Otherwise, if no rollback either: {@code drifting} → DRIFTING; else {@code healthyAgain}
 *       → HEALTHY; else the state stays (a HEALING or ROLLED_BACK model waits for evidence).</li>
 * </ol>
 * A change is emitted only when the state differs, so consecutive heals stay in HEALING without
 * repeated events; each state entered is emitted exactly once per entry.
 */
public final class HealStateMachine {

    public HealTransition step(HealState current, BatchFacts facts) {
        Path path = new Path(current);
        if (facts.rolledBack()) {
            path.enter(HealState.ROLLED_BACK, "rollback applied");
        }
        if (facts.healAttempted()) {
            path.enter(HealState.HEALING,
                    facts.drifting() ? "heal ran (drift signal)" : "heal ran (no drift signal)");
            if (!facts.healAccepted()) {
                path.enter(HealState.DRIFTING, "heal rejected; previous adapter kept");
            }
        } else if (!facts.rolledBack()) {
            if (facts.drifting()) {
                path.enter(HealState.DRIFTING, "drift detected");
            } else if (facts.healthyAgain()) {
                path.enter(HealState.HEALTHY, "no drift signal");
            }
        }
        return new HealTransition(path.state, path.changes);
    }

    private static final class Path {
        private HealState state;
        private final List<StateChange> changes = new ArrayList<>();

        Path(HealState start) {
            this.state = start;
        }

        void enter(HealState to, String reason) {
            if (to != state) {
                changes.add(new StateChange(state, to, reason));
                state = to;
            }
        }
    }
}
