package dev.selfheal.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SettingTest {
    private final Setting<Integer> integer = Setting.integer("x.count", 3, 1, 10, "a count");
    private final Setting<Long> longValue = Setting.longValue("x.ms", 5, 0, 100, "a duration");
    private final Setting<Double> number = Setting.number("x.share", 0.5, 0, 1, "a share");
    private final Setting<Double> positive = Setting.positive("x.rate", 0.1, 2, "a rate");
    private final Setting<String> choice = Setting.choice("x.mode", "a", "a mode", "a", "b");
    private final Setting<Boolean> flag = Setting.flag("x.on", false, "a switch");

    @Test
    void describesItself() {
        assertThat(integer.key()).isEqualTo("x.count");
        assertThat(integer.defaultValue()).isEqualTo(3);
        assertThat(integer.description()).isEqualTo("a count");
        assertThat(integer.allowed()).isEqualTo("an integer in [1, 10]");
    }

    @Test
    void integerAcceptsNumbersAndNumericStringsAtItsBounds() {
        assertThat(integer.parse(1)).isEqualTo(1);
        assertThat(integer.parse(10L)).isEqualTo(10);
        assertThat(integer.parse(4.0)).isEqualTo(4);
        assertThat(integer.parse(" 7 ")).isEqualTo(7);
    }

    @Test
    void integerRefusesValuesOutsideItsRange() {
        assertThatThrownBy(() -> integer.parse(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setting 'x.count': 0 is out of range, expected an integer in [1, 10]");
        assertThatThrownBy(() -> integer.parse(11)).hasMessageContaining("out of range");
    }

    @Test
    void integerRefusesFractionsAndText() {
        assertThatThrownBy(() -> integer.parse(2.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setting 'x.count': '2.5' is not an integer in [1, 10]");
        assertThatThrownBy(() -> integer.parse("two")).hasMessageContaining("'two' is not an integer");
    }

    @Test
    void integerRefusesValuesBeyondTheIntRangeRatherThanWrapping() {
        assertThatThrownBy(() -> integer.parse(4_294_967_297L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x.count'");
    }

    @Test
    void longAcceptsItsBoundsAndRefusesBeyond() {
        assertThat(longValue.parse(0)).isEqualTo(0L);
        assertThat(longValue.parse("100")).isEqualTo(100L);
        assertThatThrownBy(() -> longValue.parse(-1)).hasMessageContaining("[0, 100]");
    }

    @Test
    void numberIncludesBothBoundsAndRefusesNaN() {
        assertThat(number.parse(0)).isEqualTo(0.0);
        assertThat(number.parse(1)).isEqualTo(1.0);
        assertThat(number.parse("0.25")).isEqualTo(0.25);
        assertThatThrownBy(() -> number.parse(Double.NaN)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> number.parse(1.5)).hasMessageContaining("a number in [0.0, 1.0]");
    }

    @Test
    void positiveExcludesZero() {
        assertThat(positive.parse(2)).isEqualTo(2.0);
        assertThat(positive.parse(1e-9)).isEqualTo(1e-9);
        assertThatThrownBy(() -> positive.parse(0)).hasMessageContaining("a number in (0, 2.0]");
        assertThatThrownBy(() -> positive.parse(-0.1)).hasMessageContaining("'x.rate'");
    }

    @Test
    void choiceAcceptsOnlyItsValues() {
        assertThat(choice.parse("b")).isEqualTo("b");
        assertThatThrownBy(() -> choice.parse("c")).hasMessageContaining("one of [a, b]");
    }

    @Test
    void flagAcceptsBooleansAndTrueOrFalseText() {
        assertThat(flag.parse(true)).isTrue();
        assertThat(flag.parse("TRUE")).isTrue();
        assertThat(flag.parse(" false ")).isFalse();
        assertThatThrownBy(() -> flag.parse("yes")).hasMessageContaining("'yes' is not true or false");
    }

    @Test
    void idListAcceptsEmptyOrCommaSeparatedIdsAndRefusesEmptyEntries() {
        Setting<String> ids = Setting.idList("x.models", "", "models");
        assertThat(ids.parse("")).isEmpty();
        assertThat(ids.parse("a, b-2")).isEqualTo("a, b-2");
        assertThatThrownBy(() -> ids.parse("a,,b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setting 'x.models': a,,b is out of range, expected a comma-separated list of ids "
                        + "(printable ASCII, no blanks, no empty entries), or empty");
        assertThatThrownBy(() -> ids.parse("fraud eu")).hasMessageContaining("'x.models'");
        assertThatThrownBy(() -> ids.parse(java.util.List.of("a", "b"))).hasMessageContaining("is not a comma");
    }

    @Test
    void aNullValueIsRefusedByParse() {
        assertThatThrownBy(() -> integer.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x.count'");
    }

    @Test
    void aStructuredValueIsRefused() {
        assertThatThrownBy(() -> integer.parse(java.util.List.of(1))).hasMessageContaining("is not an integer");
    }
}
