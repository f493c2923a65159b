package dev.selfheal.heal;

/**
 * Rejects a candidate whose weight count differs from the served adapter's: scorers would fail
 * to load it, and the other checks compare the two element by element.
 */
public final class SameShape implements UpdateValidator {

    @Override
    public Verdict check(Candidate c) {
        if (c.candidateAdapter() == null) {
            return Verdict.reject("candidate has no weights");
        }
        if (c.currentAdapter() != null
                && c.candidateAdapter().length != c.currentAdapter().length) {
            return Verdict.reject("candidate has " + c.candidateAdapter().length
                    + " weights, current adapter " + c.currentAdapter().length);
        }
        return Verdict.accept();
    }
}
