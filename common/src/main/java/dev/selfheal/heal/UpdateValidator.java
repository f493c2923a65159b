package dev.selfheal.heal;

/** One check a candidate adapter must pass before it is recorded and broadcast. */
@FunctionalInterface
public interface UpdateValidator {

    Verdict check(Candidate candidate);
}
