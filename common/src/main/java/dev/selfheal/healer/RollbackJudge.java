package dev.selfheal.healer;

import dev.selfheal.heal.HealthWindow;
import dev.selfheal.heal.Registry;
import dev.selfheal.heal.RollbackDecision;

/**
 * Decides, once per batch, whether the served adapter is restored to an earlier version and to
 * which. A collaborator of {@link Healer} so that its decision logic can be replaced or faked
 * without training a model.
 */
public interface RollbackJudge {

    /**
     * @param s         the model's state (served adapter, baseline, held-back rows)
     * @param window    the health window, already holding this batch's evidence
     * @param config    the settings in force for this batch (control overrides applied)
     * @param threshold the served model's decision threshold
     */
    Call decide(HealerState s, Registry registry, HealthWindow window, HealerConfig config, double threshold);

    /**
     * @param decision the rollback, or none with the reason
     * @param kept     a rollback was due on health but no target was good enough: the reason
     *                 belongs in the batch's metrics row
     */
    record Call(RollbackDecision decision, boolean kept) {
        public static Call of(RollbackDecision d) {
            return new Call(d, false);
        }

        public static Call kept(String reason) {
            return new Call(RollbackDecision.none(reason), true);
        }
    }
}
