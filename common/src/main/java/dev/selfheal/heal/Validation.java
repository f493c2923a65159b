package dev.selfheal.heal;

import java.util.List;

/**
 * Runs every validator, without stopping at the first failure, so the audit log of a rejected
 * update lists all of its problems.
 */
public final class Validation implements UpdateValidator {

    private final List<UpdateValidator> validators;

    public Validation(List<UpdateValidator> validators) {
        this.validators = List.copyOf(validators);
    }

    public static Validation of(UpdateValidator... validators) {
        return new Validation(List.of(validators));
    }

    @Override
    public Verdict check(Candidate candidate) {
        Verdict verdict = Verdict.accept();
        for (UpdateValidator validator : validators) {
            verdict = verdict.and(validator.check(candidate));
        }
        return verdict;
    }
}
