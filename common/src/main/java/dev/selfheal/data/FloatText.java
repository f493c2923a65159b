package dev.selfheal.data;

/**
 * Writes a float as the fewest significant digits that read back as the same float, in
 * {@link Float#toString}'s layout (plain from 10^-3 up to 10^7, else {@code d.ddE±n}), straight
 * into a byte buffer.
 *
 * <p>Why: the two scores of every scored event went through {@code Float.toString}, whose
 * digit generation stood out in a profile of the scoring threads (docs/performance.md, "Scores as
 * text").
 *
 * <p>How: a float {@code v} reads back from every decimal strictly inside its rounding interval,
 * the open interval between the midpoints to its neighbours (each an exact double). Scaled by the
 * power of ten that puts v's ninth significant digit in the units, that interval is 3 to 60 units
 * wide for a normal float (wider for a subnormal), so it holds nine-digit integers; the fewest digits come from the largest power of ten with a
 * multiple inside, and of those multiples the one nearest to v is written. The scaled midpoints
 * carry a relative error of a few 10^-16, so the interval is narrowed by a margin far above that,
 * and a shorter decimal within the margin of a midpoint is checked exactly: one on a midpoint (a
 * tie, which reading settles by the even neighbour) is passed over for one more digit. What the arithmetic cannot vouch for, and NaN and infinities, go to
 * {@code Float.toString}.
 */
public final class FloatText {
    /** Longest text written: sign, nine digits, point, 'E', sign, two exponent digits. */
    public static final int MAX_LENGTH = 16;
    private static final int MIN_POWER = -46;
    private static final int MAX_POWER = 55;
    /** 10^n for n in [MIN_POWER, MAX_POWER], each the double nearest to it. */
    private static final double[] POWERS = new double[MAX_POWER - MIN_POWER + 1];
    /**
     * Distance, relative to the scaled value, a scaled midpoint must keep from the decimal: far
     * above the relative error of the two roundings in it (the power of ten's and the product's,
     * each at most 2^-53).
     */
    private static final double MARGIN = 1e-13;
    private static final long[] POW10 = new long[10];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
        for (int n = MIN_POWER; n <= MAX_POWER; n++) {
            POWERS[n - MIN_POWER] = Double.parseDouble("1e" + n);
        }
    }

    private FloatText() {}

    /**
     * Writes {@code v} at {@code buf[pos]}, which needs room for {@link #MAX_LENGTH} bytes.
     *
     * @return the position after the last byte written
     */
    public static int write(float v, byte[] buf, int pos) {
        if (v == 0) {
            return ascii(Float.floatToRawIntBits(v) < 0 ? "-0.0" : "0.0", buf, pos);
        }
        if (!Float.isFinite(v)) {
            return ascii(Float.toString(v), buf, pos);
        }
        float a = Math.abs(v);
        int e10 = decimalExponent(a);
        double lo = ((double) a + Math.nextDown(a)) / 2;
        // Above the largest float, the upper midpoint is where reading rounds to infinity.
        double hi = a == Float.MAX_VALUE ? (double) a + Math.ulp(a) / 2.0 : ((double) a + Math.nextUp(a)) / 2;
        // In units of the ninth significant digit the interval is 3 to 60 wide; every integer
        // strictly inside it is a nine-digit decimal that reads back as v.
        double scale = POWERS[8 - e10 - MIN_POWER];
        double x = a * scale;
        double low = lo * scale;
        double high = hi * scale;
        long first = (long) Math.floor(low + MARGIN * x) + 1;
        long last = (long) Math.ceil(high - MARGIN * x) - 1;
        int j = fewest(first, last);
        long unit = POW10[j];
        long d = Math.round(x / unit) * unit; // the nearest such multiple, when it lies inside
        if (d < first || d > last) {
            d = (last / unit) * unit;
        }
        // A shorter decimal within the margin of a midpoint is checked exactly: where the interval
        // is wide in these units (subnormals), one can lie that close and still read back as v.
        long firstWide = (long) Math.floor(low - MARGIN * x) + 1;
        long lastWide = (long) Math.ceil(high + MARGIN * x) - 1;
        // Almost always the margin holds no integer, the two ranges agree, and nothing is to check.
        int k = firstWide < first || lastWide > last ? fewest(firstWide, lastWide) : j;
        if (k > j) {
            long wide = POW10[k];
            long below = (firstWide + wide - 1) / wide * wide;
            long above = lastWide / wide * wide;
            for (long c : Math.abs(x - below) <= Math.abs(x - above) ? new long[] {below, above} : new long[] {above, below}) {
                if (c >= POW10[8] && strictlyInside(c, e10, lo, hi)) {
                    d = c;
                    j = k;
                    unit = wide;
                    break;
                }
            }
        }
        if (d < first || d < POW10[8]) {
            return ascii(Float.toString(v), buf, pos); // nothing the arithmetic can vouch for
        }
        if (v < 0) {
            buf[pos++] = '-';
        }
        return layout(d / unit, 9 - j, e10, buf, pos);
    }

    /** The largest power of ten (at most 10^8) with a multiple in [first, last], as its exponent. */
    private static int fewest(long first, long last) {
        int j = 0;
        while (j < 8 && (last / POW10[j + 1]) * POW10[j + 1] >= first) {
            j++;
        }
        return j;
    }

    /** Whether c·10^(e10−8) lies strictly between the exact doubles lo and hi. */
    private static boolean strictlyInside(long c, int e10, double lo, double hi) {
        java.math.BigDecimal dec = java.math.BigDecimal.valueOf(c).scaleByPowerOfTen(e10 - 8);
        return dec.compareTo(new java.math.BigDecimal(lo)) > 0 && dec.compareTo(new java.math.BigDecimal(hi)) < 0;
    }

    /** The same, as a string. */
    public static String toString(float v) {
        byte[] b = new byte[MAX_LENGTH];
        int n = write(v, b, 0);
        return new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** floor(log10(a)) for a finite positive float. */
    private static int decimalExponent(float a) {
        // A subnormal's binary exponent reads as the smallest normal one: the loops walk the rest.
        int e = Math.getExponent(a) * 78913 >> 18; // floor(e2·log10 2) for |e2| < 2^11
        while (a < POWERS[e - MIN_POWER]) {
            e--;
        }
        while (a >= POWERS[e + 1 - MIN_POWER]) {
            e++;
        }
        return e;
    }

    /**
     * {@code d}: the k significant digits of a value in [10^e10, 10^(e10+1)), possibly rounded up
     * to 10^k (then the value is 10^(e10+1)).
     */
    private static int layout(long d, int k, int e10, byte[] buf, int pos) {
        int n = k;
        if (d >= POW10[k]) {
            d /= 10;
            e10++;
        }
        while (n > 1 && d % 10 == 0) { // trailing zeros dropped, one digit kept
            d /= 10;
            n--;
        }
        if (e10 >= -3 && e10 < 7) {
            if (e10 < 0) {
                buf[pos++] = '0';
                buf[pos++] = '.';
                for (int i = -1; i > e10; i--) {
                    buf[pos++] = '0';
                }
                return digits(d, n, buf, pos);
            }
            int whole = e10 + 1;
            if (n <= whole) {
                pos = digits(d, n, buf, pos);
                for (int i = n; i < whole; i++) {
                    buf[pos++] = '0';
                }
                buf[pos++] = '.';
                buf[pos++] = '0';
                return pos;
            }
            pos = digits(d / POW10[n - whole], whole, buf, pos);
            buf[pos++] = '.';
            return digits(d % POW10[n - whole], n - whole, buf, pos);
        }
        pos = digits(d / POW10[n - 1], 1, buf, pos);
        buf[pos++] = '.';
        pos = n == 1 ? digits(0, 1, buf, pos) : digits(d % POW10[n - 1], n - 1, buf, pos);
        buf[pos++] = 'E';
        int e = e10;
        if (e < 0) {
            buf[pos++] = '-';
            e = -e;
        }
        return digits(e, e >= 10 ? 2 : 1, buf, pos);
    }

    /** {@code x} as exactly {@code count} digits, zero-padded on the left. */
    private static int digits(long x, int count, byte[] buf, int pos) {
        for (int i = pos + count - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + x % 10);
            x /= 10;
        }
        return pos + count;
    }

    private static int ascii(String s, byte[] buf, int pos) {
        for (int i = 0; i < s.length(); i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
        return pos;
    }
}
