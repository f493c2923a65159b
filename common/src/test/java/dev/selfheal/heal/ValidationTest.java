package dev.selfheal.heal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ValidationTest {

    private static final int WEIGHTS = 8321;
    private static final Scores CURRENT_HELD_BACK = new Scores(0.90, 0.70, 200);

    private final Validation validation = Validation.of(
            new SameShape(),
            new FiniteWeights(),
            new NormBound(200.0, 0.5),
            new LossDeltaBound(0.05),
            new HeldBackComparison(50, 0.02));

    private static float[] filled(float value) {
        float[] w = new float[WEIGHTS];
        Arrays.fill(w, value);
        return w;
    }

    /** A modest heal: weights moved by 10%, loss fell, held-back scores as good or better. */
    private static Candidate good() {
        return new Candidate(filled(0.1f), filled(0.11f), 0.60, 0.52, CURRENT_HELD_BACK,
                new Scores(0.91, 0.72, 200));
    }

    private static Candidate withWeights(float[] weights) {
        Candidate g = good();
        return new Candidate(g.currentAdapter(), weights, g.lossBefore(), g.lossAfter(),
                g.currentOnHeldBack(), g.candidateOnHeldBack());
    }

    private static Candidate withLosses(double before, double after) {
        Candidate g = good();
        return new Candidate(g.currentAdapter(), g.candidateAdapter(), before, after,
                g.currentOnHeldBack(), g.candidateOnHeldBack());
    }

    private static Candidate withHeldBack(Scores current, Scores candidate) {
        Candidate g = good();
        return new Candidate(g.currentAdapter(), g.candidateAdapter(), g.lossBefore(),
                g.lossAfter(), current, candidate);
    }

    @Test
    void aGoodCandidateIsAcceptedWithNoReasons() {
        Verdict verdict = validation.check(good());

        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.reasons()).isEmpty();
        assertThat(verdict.notes()).isEmpty();
    }

    @Test
    void aCandidateWorseOnHeldBackSamplesIsRejectedWithTheReason() {
        Verdict verdict = validation.check(withHeldBack(CURRENT_HELD_BACK,
                new Scores(0.89, 0.60, 200)));

        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reasons()).containsExactly(
                "held-back f1 0.6000 is worse than current 0.7000 by more than 0.0200 (200 samples)");
    }

    @Test
    void aSlightlyWorseCandidateWithinToleranceIsAccepted() {
        assertThat(validation.check(withHeldBack(CURRENT_HELD_BACK, new Scores(0.89, 0.69, 200)))
                .accepted()).isTrue();
    }

    @Test
    void tooFewHeldBackSamplesSkipTheComparisonWithANote() {
        Verdict verdict = validation.check(withHeldBack(new Scores(0.9, 0.7, 12),
                new Scores(0.5, 0.1, 12)));

        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.notes()).containsExactly(
                "not checked: only 12 held-back samples (need 50)");
    }

    @Test
    void noHeldBackSamplesAtAllIsNotedToo() {
        Verdict verdict = validation.check(withHeldBack(Scores.NONE, Scores.NONE));

        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.notes()).containsExactly(
                "not checked: only 0 held-back samples (need 50)");
    }

    @Test
    void aNaNCandidateIsRejected() {
        float[] weights = filled(0.11f);
        weights[42] = Float.NaN;

        Verdict verdict = new FiniteWeights().check(withWeights(weights));

        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reasons()).containsExactly("1 non-finite weights (first at index 42: NaN)");
        assertThat(validation.check(withWeights(weights)).reasons())
                .contains("1 non-finite weights (first at index 42: NaN)");
    }

    @Test
    void anInfiniteWeightIsRejected() {
        float[] weights = filled(0.11f);
        weights[0] = Float.NEGATIVE_INFINITY;

        assertThat(validation.check(withWeights(weights)).accepted()).isFalse();
    }

    @Test
    void aCandidateBeyondTheNormBoundIsRejected() {
        // ‖w‖ = 3 · sqrt(8321) ≈ 273.7
        Verdict verdict = new NormBound(200.0).check(withWeights(filled(3f)));

        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reasons()).singleElement().asString()
                .startsWith("candidate L2 norm 273.6");
    }

    @Test
    void aCandidateThatMovedTooFarIsRejected() {
        // Within the absolute bound but twice the served adapter: relative change 1.0 > 0.5.
        Verdict verdict = validation.check(withWeights(filled(0.2f)));

        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reasons()).containsExactly("relative change 1.0000 exceeds 0.5000");
    }

    @Test
    void relativeChangeFromAZeroAdapterIsNotedNotRejected() {
        Candidate fromZero = new Candidate(new float[WEIGHTS], filled(0.1f), 0.6, 0.5,
                Scores.NONE, Scores.NONE);

        Verdict verdict = new NormBound(200.0, 0.5).check(fromZero);

        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.notes()).containsExactly(
                "relative change not checked: current adapter has zero norm");
    }

    @Test
    void aLossIncreaseIsRejected() {
        Verdict verdict = validation.check(withLosses(0.50, 0.60));

        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reasons()).containsExactly(
                "loss rose from 0.5000 to 0.6000 (allowed increase 0.0500)");
    }

    @Test
    void aSmallLossIncreaseWithinTheBoundIsAccepted() {
        assertThat(validation.check(withLosses(0.50, 0.54)).accepted()).isTrue();
    }

    @Test
    void aNonFiniteLossIsRejected() {
        assertThat(new LossDeltaBound(0.05).check(withLosses(0.5, Double.NaN)).reasons())
                .containsExactly("loss after heal is not finite: NaN");
    }

    @Test
    void aWrongSizedCandidateIsRejected() {
        assertThat(validation.check(withWeights(new float[10])).reasons())
                .contains("candidate has 10 weights, current adapter 8321");
    }

    @Test
    void everyFailedCheckIsReported() {
        float[] weights = filled(3f);
        weights[7] = Float.POSITIVE_INFINITY;
        Candidate bad = new Candidate(filled(0.1f), weights, 0.5, 0.9, CURRENT_HELD_BACK,
                new Scores(0.5, 0.2, 200));

        Verdict verdict = validation.check(bad);

        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reasons()).hasSize(6);
        assertThat(String.join("\n", verdict.reasons()))
                .contains("non-finite", "L2 norm", "relative change", "loss rose",
                        "held-back accuracy", "held-back f1");
    }
}
