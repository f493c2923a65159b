package dev.selfheal.heal;

import java.util.List;

/** The state after a batch and every state entered on the way, in order. */
public record HealTransition(HealState state, List<StateChange> changes) {

    public HealTransition {
        changes = List.copyOf(changes);
    }
}
