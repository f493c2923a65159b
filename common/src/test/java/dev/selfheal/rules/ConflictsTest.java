package dev.selfheal.rules;

import static dev.selfheal.rules.RuleParserTest.FEATURES;
import static dev.selfheal.rules.RuleParserTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConflictsTest {

    private static final RuleSet RULES = RuleParser.parse("V14 < -1.5 => fraud; f0 > 5 => normal", FEATURES);

    private static final float[][] ROWS = {
        row("V14", -2.0f), // rule says fraud, model says 0.10: conflict
        row("V14", -2.0f), // rule says fraud, model agrees at 0.90
        row("V14", -2.0f), // rule says fraud, model exactly at 0.30: not below it, no conflict
        row("V14", -2.0f), // rule says fraud, model 0.2999: conflict
        row("V14", 0.0f), // rule silent, model 0.05
        row("V14", -2.0f, "f0", 6.0f), // fraud rule overridden by the normal rule
        row("V14", -1.5f), // exactly at the rule boundary: rule silent
    };
    private static final float[] P = {0.10f, 0.90f, 0.30f, 0.2999f, 0.05f, 0.01f, 0.02f};

    @Test
    void countsRowsTheModelCallsNormalWhileTheRulesSayFraud() {
        assertThat(Conflicts.conflictMask(P, ROWS, RULES, Conflicts.DEFAULT_PROB))
                .containsExactly(true, false, false, true, false, false, false);
        assertThat(Conflicts.count(P, ROWS, RULES, Conflicts.DEFAULT_PROB)).isEqualTo(2);
    }

    @Test
    void conflictProbabilityIsChosenByTheCaller() {
        assertThat(Conflicts.count(P, ROWS, RULES, 0.95)).isEqualTo(4);
        assertThat(Conflicts.count(P, ROWS, RULES, 0.05)).isZero();
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertThatThrownBy(() -> Conflicts.count(new float[2], ROWS, RULES, 0.3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("2 probabilities for 7 rows");
    }
}
