package dev.selfheal.rules;

import static dev.selfheal.rules.RuleParserTest.FEATURES;
import static dev.selfheal.rules.RuleParserTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleSetTest {

    private static RuleSet parse(String text) {
        return RuleParser.parse(text, FEATURES);
    }

    @ParameterizedTest(name = "V14 {0} -1.5")
    @CsvSource({
        // operator, fires below, at, above the boundary
        "<,  true,  false, false",
        "<=, true,  true,  false",
        ">,  false, false, true",
        ">=, false, true,  true",
    })
    void everyOperatorAtItsBoundary(String op, boolean below, boolean at, boolean above) {
        RuleSet rules = parse("V14 " + op + " -1.5 => fraud");
        float boundary = -1.5f;

        assertThat(rules.label(row("V14", Math.nextDown(boundary)))).isEqualTo(below ? 1 : 0);
        assertThat(rules.label(row("V14", boundary))).isEqualTo(at ? 1 : 0);
        assertThat(rules.label(row("V14", Math.nextUp(boundary)))).isEqualTo(above ? 1 : 0);
    }

    @Test
    void boundaryHoldsForDecimalsThatAreNotExactInBinary() {
        // 0.1 parsed as a float on both sides, as a CSV reader would parse the row.
        RuleSet rules = parse("f0 <= 0.1 => fraud");

        assertThat(rules.label(row("f0", Float.parseFloat("0.1")))).isEqualTo(1);
    }

    @Test
    void notANumberFiresNothing() {
        RuleSet rules = parse("V14 < -1.5 => fraud; V14 >= -1.5 => fraud");

        assertThat(rules.flags(row("V14", Float.NaN))).isZero();
    }

    @Test
    void flagsSetOneBitPerFiredRule() {
        RuleSet rules = parse("V14 < -1.5 => fraud; f0 > 2 => fraud; f1 > 2 => normal");

        assertThat(rules.flags(row())).isZero();
        assertThat(rules.flags(row("V14", -2))).isEqualTo(0b001);
        assertThat(rules.flags(row("f0", 3))).isEqualTo(0b010);
        assertThat(rules.flags(row("V14", -2, "f0", 3, "f1", 3))).isEqualTo(0b111);
    }

    @Test
    void aFiringNormalRuleOverridesFraudRules() {
        RuleSet rules = parse("V14 < -1.5 => fraud; f0 > 2 => fraud; f1 > 2 => normal");

        assertThat(rules.label(row("V14", -2))).isEqualTo(1);
        assertThat(rules.label(row("V14", -2, "f0", 3))).isEqualTo(1);
        assertThat(rules.label(row("V14", -2, "f0", 3, "f1", 3))).isZero();
        assertThat(rules.label(row("f1", 3))).isZero();
    }

    @Test
    void emptyRuleSetNeverSaysFraud() {
        RuleSet rules = parse("");

        assertThat(rules.label(row("V14", -9))).isZero();
        assertThat(rules.flags(row("V14", -9))).isZero();
    }

    @Test
    void describeNamesEachRuleByItsFlagBit() {
        RuleSet rules = parse("V14<-1.5=>fraud\nf1 > 2 and f2 > 2 => NORMAL");

        assertThat(rules.describe()).containsExactly(
                "rule 0: V14 < -1.5 => fraud",
                "rule 1: f1 > 2 and f2 > 2 => normal");
    }

    @Test
    void rowsOfTheWrongWidthAreRejected() {
        RuleSet rules = parse("V14 < -1.5 => fraud");

        assertThatThrownBy(() -> rules.label(new float[7]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row has 7 values, rules expect 10");
    }
}
