package dev.selfheal.heal;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of validating a {@link Candidate}.
 *
 * @param accepted true exactly when {@code reasons} is empty
 * @param reasons  why the candidate was rejected, one line per failed check
 * @param notes    checks that were skipped and why (e.g. too few held-back rows); kept apart from
 *                 reasons so an accepted verdict still tells the audit log what went unchecked
 */
public record Verdict(boolean accepted, List<String> reasons, List<String> notes) {

    public Verdict {
        reasons = List.copyOf(reasons);
        notes = List.copyOf(notes);
        if (accepted != reasons.isEmpty()) {
            throw new IllegalArgumentException(
                    "a verdict is accepted exactly when it has no reasons: " + reasons);
        }
    }

    public static Verdict accept() {
        return new Verdict(true, List.of(), List.of());
    }

    public static Verdict reject(String reason) {
        return new Verdict(false, List.of(reason), List.of());
    }

    public static Verdict acceptWithNote(String note) {
        return new Verdict(true, List.of(), List.of(note));
    }

    /** Both verdicts' reasons and notes; accepted only if both are. */
    public Verdict and(Verdict other) {
        List<String> allReasons = new ArrayList<>(reasons);
        allReasons.addAll(other.reasons);
        List<String> allNotes = new ArrayList<>(notes);
        allNotes.addAll(other.notes);
        return new Verdict(allReasons.isEmpty(), allReasons, allNotes);
    }
}
