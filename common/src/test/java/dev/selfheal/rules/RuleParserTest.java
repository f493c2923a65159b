package dev.selfheal.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleParserTest {

    static final List<String> FEATURES = List.of("f0", "f1", "f2", "f3", "f4", "f5", "f6", "V14", "f8", "f9");

    private static RuleSet parse(String text) {
        return RuleParser.parse(text, FEATURES);
    }

    private static Comparison cmp(String feature, Operator op, float threshold) {
        return new Comparison(feature, FEATURES.indexOf(feature), op, threshold);
    }

    @Test
    void parsesTheReferenceRule() {
        RuleSet rules = parse("V14 < -1.5 => fraud");

        assertThat(rules.size()).isEqualTo(1);
        assertThat(rules.rules()).containsExactly(new Rule(cmp("V14", Operator.LT, -1.5f), Verdict.FRAUD));
        assertThat(rules.text()).isEqualTo("V14 < -1.5 => fraud");
    }

    @Test
    void rulesAreSeparatedBySemicolonsOrNewLinesAndBlankOnesSkipped() {
        RuleSet rules = parse("\n  V14 < -1.5 => fraud;\n\nf0 > 3 => normal ;; \r\n f1>=2=>fraud\n;");

        assertThat(rules.rules()).extracting(Rule::text).containsExactly(
                "V14 < -1.5 => fraud", "f0 > 3 => normal", "f1 >= 2 => fraud");
    }

    @Test
    void andBindsTighterThanOr() {
        RuleSet rules = parse("f0 > 1 or f1 > 1 and f2 > 1 => fraud");

        Condition expected = new AnyOf(List.of(
                cmp("f0", Operator.GT, 1),
                new AllOf(List.of(cmp("f1", Operator.GT, 1), cmp("f2", Operator.GT, 1)))));
        assertThat(rules.rules().get(0).condition()).isEqualTo(expected);
        assertThat(rules.label(row("f0", 2))).isEqualTo(1);
        assertThat(rules.label(row("f1", 2))).isZero();
        assertThat(rules.label(row("f1", 2, "f2", 2))).isEqualTo(1);
    }

    @Test
    void parenthesesGroupAndCanonicalTextKeepsOnlyTheNeededOnes() {
        RuleSet rules = parse("(f0 > 1 or f1 > 1) and ((f2 > 1 and f3 > 1)) => fraud");

        assertThat(rules.rules().get(0).condition()).isEqualTo(new AllOf(List.of(
                new AnyOf(List.of(cmp("f0", Operator.GT, 1), cmp("f1", Operator.GT, 1))),
                cmp("f2", Operator.GT, 1),
                cmp("f3", Operator.GT, 1))));
        assertThat(rules.text()).isEqualTo("(f0 > 1 or f1 > 1) and f2 > 1 and f3 > 1 => fraud");
        assertThat(rules.label(row("f1", 2, "f2", 2, "f3", 2))).isEqualTo(1);
        assertThat(rules.label(row("f2", 2, "f3", 2))).isZero();
    }

    @Test
    void keywordsAreCaseInsensitiveButFeatureNamesAreNot() {
        RuleSet rules = parse("V14 < -1.5 AND f0 > 0 Or f1 > 0 => FRAUD");

        assertThat(rules.text()).isEqualTo("V14 < -1.5 and f0 > 0 or f1 > 0 => fraud");
        assertThatThrownBy(() -> parse("v14 < -1.5 => fraud")).hasMessage("unknown feature 'v14' at 0");
    }

    @ParameterizedTest
    @CsvSource({"-1.5, -1.5", "2, 2", "+2.5, 2.5", "0.125, 0.125", ".5, 0.5", "3., 3", "1e3, 1000",
            "-2.5E-1, -0.25", "1e-4, 1.0E-4", "1.5e+2, 150"})
    void numbersMayBeSignedDecimalOrScientific(String written, String canonical) {
        RuleSet rules = parse("f0 <= " + written + " => fraud");

        assertThat(rules.text()).isEqualTo("f0 <= " + canonical + " => fraud");
        assertThat(((Comparison) rules.rules().get(0).condition()).threshold()).isEqualTo(Float.parseFloat(written));
    }

    @Test
    void canonicalTextRoundTrips() {
        String messy = "V14<-1.5=>fraud\n f0 >= 2.50 and (f1 < 1e-3 OR f2 <= -0) => normal; "
                + "(f3 > 1 and f4 > 1) or f5 > 1 or (f6 > 1 or f8 > 1) => fraud";
        RuleSet rules = parse(messy);

        RuleSet again = parse(rules.text());

        assertThat(again).isEqualTo(rules);
        assertThat(again.text()).isEqualTo(rules.text());
        assertThat(rules.text()).isEqualTo("V14 < -1.5 => fraud; f0 >= 2.5 and (f1 < 0.001 or f2 <= -0) => normal; "
                + "f3 > 1 and f4 > 1 or f5 > 1 or f6 > 1 or f8 > 1 => fraud");
    }

    @Test
    void emptyTextIsAnEmptyRuleSet() {
        assertThat(parse("").size()).isZero();
        assertThat(parse(" ;\n ").text()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "V15 < 1 => fraud                 | unknown feature 'V15' at 0",
        "f0 < 1 and V15 < 1 => fraud      | unknown feature 'V15' at 11",
        "V14 -1.5 => fraud                | expected operator after 'V14' at 4",
        "V14 = -1.5 => fraud              | expected operator after 'V14' at 4",
        "V14 => fraud                     | expected operator after 'V14' at 4",
        "V14 <                            | expected number after '<' at 5",
        "V14 < f0 => fraud                | expected number after '<' at 6",
        "V14 < - 1.5 => fraud             | expected number after '<' at 6",
        "V14 < -1.5                       | expected '=> fraud' or '=> normal' at 10",
        "V14 < -1.5 fraud                 | expected '=> fraud' or '=> normal' at 11",
        "V14 < -1.5 => maybe              | expected '=> fraud' or '=> normal' at 14",
        "V14 < -1.5 =>                    | expected '=> fraud' or '=> normal' at 13",
        "V14 < -1.5 => fraud normal       | expected ';' or a new line after a rule at 20",
        "-1.5 > V14 => fraud              | expected a feature name at 0",
        "V14 < -1.5 and => fraud          | expected a feature name at 15",
        "(V14 < -1.5 => fraud             | expected ')' at 12",
        "V14 < 1e39 => fraud              | number out of range '1e39' at 6",
        "# V14 < 1 => fraud               | expected a feature name at 0",
    })
    void errorsGiveReasonAndPosition(String text, String message) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessage(message);
    }

    @Test
    void errorPositionCountsFromTheStartOfTheWholeText() {
        String text = "V14 < -1.5 => fraud\nf0 > 1 => unsure";

        RuleSyntaxException error = (RuleSyntaxException) catchThrowable(() -> parse(text));

        assertThat(error.position()).isEqualTo(text.indexOf("unsure"));
        assertThat(error.reason()).isEqualTo("expected '=> fraud' or '=> normal'");
    }

    @Test
    void atMostThirtyOneRules() {
        String thirtyOne = "f0 > 0 => fraud;".repeat(RuleSet.MAX_RULES);

        assertThat(parse(thirtyOne).size()).isEqualTo(31);
        assertThatThrownBy(() -> parse(thirtyOne + "f1 > 0 => fraud"))
                .hasMessage("too many rules (at most 31) at " + thirtyOne.length());
    }

    /** A row of zeros with the named features set, e.g. {@code row("f0", 2, "V14", -3)}. */
    static float[] row(Object... namesAndValues) {
        float[] row = new float[FEATURES.size()];
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row[FEATURES.indexOf((String) namesAndValues[i])] = ((Number) namesAndValues[i + 1]).floatValue();
        }
        return row;
    }
}
