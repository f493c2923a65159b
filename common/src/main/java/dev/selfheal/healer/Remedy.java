package dev.selfheal.healer;

import java.util.Map;
import java.util.function.Consumer;

import dev.selfheal.model.ServedAdapter;

/**
 * One way to heal the served model. It says when a batch's evidence calls for it and proposes a
 * candidate built on a base: the served adapter, or what the remedies before it in the same update
 * proposed (recalibrated inputs, then the gradient heal, then the Platt map, compose into one
 * candidate). A remedy may judge its own candidates; otherwise the healer's standard validation
 * does. Adding a remedy is one class and its settings.
 */
public interface Remedy {
    /** Short name, used in audit events and snapshot reasons. */
    String name();

    /** Whether this batch's evidence calls for this remedy. */
    boolean applies(RemedyContext context);

    /** A candidate built on {@code base}, or null when there turned out to be nothing to propose. */
    Proposal propose(RemedyContext context, ServedAdapter base);

    /** The candidate judged on held-back rows, or null to leave it to the healer's standard validation. */
    default Judgement judge(RemedyContext context, Proposal proposal) {
        return null;
    }

    /**
     * A candidate and what produced it.
     *
     * @param lossBefore training loss before, NaN when the remedy did not train by gradient
     * @param onAccept   what the healer's state keeps if the candidate is accepted (optimizer moments)
     */
    record Proposal(ServedAdapter candidate, String describe, Map<String, Object> details, double lossBefore,
                    double lossAfter, Consumer<HealerState> onAccept) {
        public Proposal(ServedAdapter candidate, String describe, Map<String, Object> details) {
            this(candidate, describe, details, Double.NaN, Double.NaN, s -> { });
        }

        public boolean trained() {
            return !Double.isNaN(lossBefore);
        }
    }

    /** Whether a candidate may be served, and why. */
    record Judgement(boolean accepted, String reason, Map<String, Object> details) {}
}
