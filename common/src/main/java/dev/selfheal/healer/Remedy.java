package dev.selfheal.healer;

import java.util.Map;

/**
 * One way to heal the served model: it says when the evidence calls for it, proposes a candidate
 * served vector, and judges that candidate on rows it did not learn from. The healer decides
 * whether to ask, and records, serves or refuses what comes back.
 */
public interface Remedy {
    /** Short name, used in audit events and snapshot reasons. */
    String name();

    /** Whether this batch's evidence calls for this remedy. */
    boolean applies(RemedyContext context);

    /** A candidate, or null when there is nothing to propose after all (the reason in the context's notes). */
    Proposal propose(RemedyContext context);

    /** The candidate judged on held-back rows. */
    Judgement judge(RemedyContext context, Proposal proposal);

    /** A candidate served vector and what produced it. */
    record Proposal(String remedy, float[] candidate, String describe, Map<String, Object> details) {}

    /** Whether a candidate may be served, and why. */
    record Judgement(boolean accepted, String reason, Map<String, Object> details) {}
}
