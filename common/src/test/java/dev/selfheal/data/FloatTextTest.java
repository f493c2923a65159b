package dev.selfheal.data;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FloatText} must read back as the same float, bit for bit, with no shorter decimal that
 * would (but a tie on a midpoint), laid out as {@link Float#toString} lays it out.
 */
class FloatTextTest {

    @Property(tries = 50_000)
    void anyFloatReadsBackWithTheFewestDigits(@ForAll("anyBits") float v) {
        check(v);
    }

    @Property(tries = 50_000)
    void scoresReadBackWithTheFewestDigits(@ForAll("probabilities") float p) {
        check(p);
    }

    @Property(tries = 5_000)
    void writesAtTheGivenPositionAndNoFurther(@ForAll("probabilities") float p) {
        byte[] buf = new byte[3 + FloatText.MAX_LENGTH + 2];
        java.util.Arrays.fill(buf, (byte) '#');
        int end = FloatText.write(p, buf, 3);
        assertThat(new String(buf, 3, end - 3, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo(FloatText.toString(p));
        assertThat(buf[0]).isEqualTo((byte) '#');
        for (int i = end; i < buf.length; i++) {
            assertThat(buf[i]).isEqualTo((byte) '#');
        }
    }

    @Example
    void edgesOfTheLayoutAndOfTheRange() {
        float[] edges = {1f, 10f, 0.1f, 0.001f, 0.00099999994f, 1.0E7f, 9999999f, 1.0E-4f, 0.5f, 123.45f,
                -0.25f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, 3.4E38f, 1.0E-45f, 2.0E-44f,
                1.17549435E-38f, 0.3f, 0.99999994f, 1.00000012f, 16777216f, 16777218f, 100f, 1234567f,
                7.491459E-39f};
        for (float v : edges) {
            check(v);
            check(-v);
        }
        for (int k = -45; k <= 38; k++) {
            float p = Float.parseFloat("1e" + k);
            check(p);
            check(Math.nextUp(p));
            check(Math.nextDown(p));
        }
        assertThat(FloatText.toString(0f)).isEqualTo("0.0");
        assertThat(FloatText.toString(-0f)).isEqualTo("-0.0");
        assertThat(FloatText.toString(Float.NaN)).isEqualTo("NaN");
        assertThat(FloatText.toString(Float.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(FloatText.toString(1f)).isEqualTo("1.0");
        assertThat(FloatText.toString(100f)).isEqualTo("100.0");
        assertThat(FloatText.toString(0.001f)).isEqualTo("0.001");
        assertThat(FloatText.toString(1.0E-4f)).isEqualTo("1.0E-4");
        assertThat(FloatText.toString(1.0E7f)).isEqualTo("1.0E7");
        assertThat(FloatText.toString(123.45f)).isEqualTo("123.45");
        assertThat(FloatText.toString(-2.5E-12f)).isEqualTo("-2.5E-12");
    }

    @Example
    void subnormalsWhoseShorterDecimalLiesNearAMidpoint() {
        // Their rounding interval is wide in units of the ninth digit, so a shorter decimal can sit
        // within the margin of a midpoint and still read back: it must be found, not passed over.
        for (int bits = 1; bits < Float.floatToRawIntBits(Float.MIN_NORMAL); bits += 61) {
            check(Float.intBitsToFloat(bits));
        }
    }

    @Example
    void everyFloatOfABinadeInAScoresRange() {
        // Every float in [0.125, 0.25): the densest test of the digit search where scores live.
        int from = Float.floatToRawIntBits(0.125f);
        int to = Float.floatToRawIntBits(0.25f);
        for (int bits = from; bits < to; bits += 7) {
            float v = Float.intBitsToFloat(bits);
            assertThat(Float.parseFloat(FloatText.toString(v))).isEqualTo(v);
        }
    }

    private static void check(float v) {
        String s = FloatText.toString(v);
        assertThat(Float.floatToRawIntBits(Float.parseFloat(s))).as(s).isEqualTo(Float.floatToRawIntBits(v));
        String jdk = Float.toString(v);
        assertThat(s.contains("E")).as("layout of %s beside %s", s, jdk).isEqualTo(jdk.contains("E"));
        int digits = significantDigits(s);
        assertThat(digits).as("%s beside %s", s, jdk).isLessThanOrEqualTo(significantDigits(jdk));
        if (digits > 1 && Float.isFinite(v) && v != 0) {
            BigDecimal exact = new BigDecimal(v);
            BigDecimal lo = midpoint(exact, Math.nextDown(v), v);
            BigDecimal hi = midpoint(exact, Math.nextUp(v), v);
            BigDecimal tolerance = exact.abs().multiply(new BigDecimal("1e-12"));
            for (RoundingMode m : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                BigDecimal shorter = exact.round(new MathContext(digits - 1, m));
                if (Float.parseFloat(shorter.toString()) == v) {
                    // Passed over only as a tie: it sits on a midpoint, where reading picks the even float.
                    BigDecimal gap = shorter.subtract(lo).abs().min(shorter.subtract(hi).abs());
                    assertThat(gap).as("%s: %s is shorter", s, shorter).isLessThanOrEqualTo(tolerance);
                }
            }
        }
    }

    /** Halfway to a neighbour; past the largest float, half an ulp on (where reading gives infinity). */
    private static BigDecimal midpoint(BigDecimal exact, float neighbour, float v) {
        BigDecimal two = BigDecimal.valueOf(2);
        if (Float.isFinite(neighbour)) {
            return exact.add(new BigDecimal(neighbour)).divide(two);
        }
        BigDecimal half = new BigDecimal(Math.ulp(v)).divide(two);
        return neighbour > 0 ? exact.add(half) : exact.subtract(half);
    }

    private static int significantDigits(String s) {
        String mantissa = s.replace("-", "").split("E")[0].replace(".", "");
        String trimmed = mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "");
        return Math.max(1, trimmed.length());
    }

    @Provide
    Arbitrary<Float> anyBits() {
        return Arbitraries.integers().map(Float::intBitsToFloat).filter(Float::isFinite);
    }

    @Provide
    Arbitrary<Float> probabilities() {
        // Spread over the exponents a sigmoid gives, not only near 1.
        return Arbitraries.doubles().between(-40, 0).map(x -> (float) Math.pow(10, x));
    }
}
