package dev.selfheal.data;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DecimalFloat}'s fast path must give what {@link Float#parseFloat} gives, bit for bit, or
 * decline (NaN) — always where the JDK throws — and it must answer for the usual spellings.
 */
class DecimalFloatITCase {

    @Property(tries = 20_000)
    void floatsAsJavaWritesThem(@ForAll float f) {
        sameAsTheJdk(Float.toString(f));
    }

    @Property(tries = 20_000)
    void doublesAsCsvExportsWriteThem(@ForAll("features") double x, @ForAll @IntRange(min = 1, max = 19) int digits) {
        sameAsTheJdk(Double.toString(x));
        sameAsTheJdk(new BigDecimal(x).round(new MathContext(digits, RoundingMode.HALF_EVEN)).toPlainString());
        sameAsTheJdk(String.format(Locale.ROOT, "%." + (digits - 1) + "e", x));
    }

    /**
     * The one case Clinger's double cannot settle: decimals at or next to the midpoint between two
     * adjacent floats, which a decimal of few digits can hit exactly (e.g. 1 + 2^-24).
     */
    @Property(tries = 20_000)
    void decimalsAtAndBesideFloatMidpoints(@ForAll("features") double x, @ForAll @IntRange(min = 8, max = 19) int digits) {
        float f = (float) x;
        if (!Float.isFinite(f) || Float.isInfinite(Math.nextUp(f))) {
            return;
        }
        BigDecimal mid = new BigDecimal(f).add(new BigDecimal(Math.nextUp(f))).divide(BigDecimal.valueOf(2));
        sameAsTheJdk(mid.toPlainString());
        sameAsTheJdk(mid.round(new MathContext(digits, RoundingMode.DOWN)).toPlainString());
        sameAsTheJdk(mid.round(new MathContext(digits, RoundingMode.UP)).toPlainString());
    }

    @Example
    void exactMidpointsWithFewDigitsTakeTheExactPathAndRoundToEven() {
        // 1 + 2^-24 lies halfway between 1 and the next float; 2^-24 = 5.9604644775390625E-8.
        String mid = "1.000000059604644775390625";
        assertThat(Float.parseFloat(mid)).isEqualTo(1f);
        sameAsTheJdk(mid);
        // 16777217 = 2^24 + 1: halfway between 16777216 and 16777218, and a double exactly.
        assertThat(DecimalFloat.tryFast("16777217")).isNaN();
        sameAsTheJdk("16777217");
        sameAsTheJdk("16777219");
    }

    @Example
    void spellingsAtTheEdges() {
        for (String s : new String[] {"0", "-0", "+0", "-0.0", "0e5", "-0e-5", "1.", ".5", "+.5", "-.5", "1e5", "1E-5",
                "1e+5", "00012.5000", "0.000001234", "-1.3598071336738", "0.0226379945372283", "149.62",
                "1e22", "1e-22", "9007199254740993", "9007199254740992", "123456789012345678901234567890",
                "1e38", "3.4028235e38", "3.5e38", "1e-38", "1.17549435E-38", "1e-45", "1e-46", "1e39", "7e-46",
                "0.00000000000000000000000000000000000000000000001", "1e000005", "1e1000000", "1e-1000000"}) {
            sameAsTheJdk(s);
        }
        assertThat(Float.floatToRawIntBits(DecimalFloat.tryFast("-0"))).isEqualTo(Float.floatToRawIntBits(-0f));
    }

    @Example
    void answersForTheSpellingsCsvFilesAreMadeOf() {
        for (String s : new String[] {"-1.3598071336738", "0.0226379945372283", "149.62", "-0.7174037",
                "0.121433996", "1.3288943E-5", "1e5", "-0.0", "42", "+3.5"}) {
            assertThat(DecimalFloat.tryFast(s)).as(s).isNotNaN();
            sameAsTheJdk(s);
        }
    }

    @Example
    void refusesWhatTheJdkRefuses() {
        for (String s : new String[] {"", "-", "+", ".", "-.", "e5", ".e5", "1e", "1e+", "1e-", "1.2.3", "1-2", "--1",
                "1e5.5", "1ee5", "abc", "1,5"}) {
            assertThatThrownBy(() -> Float.parseFloat(s)).as(s).isInstanceOf(NumberFormatException.class);
            assertThat(DecimalFloat.tryFast(s)).as(s).isNaN();
        }
    }

    @Property(tries = 5_000)
    void anyShortTextOfNumberCharacters(@ForAll("numberish") String s) {
        sameAsTheJdk(s);
    }

    @Provide
    Arbitrary<Double> features() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(-50, 50).ofScale(15),
                Arbitraries.doubles().between(-30000, 30000).ofScale(6),
                Arbitraries.doubles().between(-1e-6, 1e-6).ofScale(25),
                // Any finite double, from its bits: every exponent, including float's subnormals.
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite));
    }

    @Provide
    Arbitrary<String> numberish() {
        return Arbitraries.strings().withChars("0123456789.-+eE").ofMaxLength(24);
    }

    /** The fast path's answer is the JDK's, or it declines; it declines whatever the JDK refuses. */
    private static void sameAsTheJdk(String s) {
        float fast = DecimalFloat.tryFast(s);
        float expected;
        try {
            expected = Float.parseFloat(s);
        } catch (NumberFormatException e) {
            assertThat(fast).as(s).isNaN();
            return;
        }
        if (!Float.isNaN(fast)) {
            assertThat(Float.floatToRawIntBits(fast)).as(s).isEqualTo(Float.floatToRawIntBits(expected));
        }
    }
}
