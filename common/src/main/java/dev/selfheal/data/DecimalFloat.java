package dev.selfheal.data;

/**
 * A fast path in front of {@link Float#parseFloat} for plain decimals: it answers with the JDK's
 * exact result or declines (NaN), and the caller then asks the JDK ({@link CsvValues#feature}).
 *
 * <p>Why: parsing the features was half of the CSV parse thread's time (JFR, bench part csv), and
 * most of that was the JDK's exact big-integer correction, which it takes for most strings of more
 * than 7 digits, which is what both {@code Float.toString} and the usual CSV exports (15–17 digits)
 * write.
 *
 * <p>How: a decimal of at most 18 significant digits {@code m·10^e} with {@code m ≤ 2^53} and
 * {@code |e| ≤ 22} is converted to the nearest double by one IEEE multiplication or division of two
 * exact doubles (Clinger's fast path). Rounding that double to float gives the nearest float to the
 * decimal unless the double lies exactly halfway between two floats: a float midpoint is itself a
 * double, so one strictly between the decimal and its nearest double would be nearer. That case
 * and everything else (more digits, larger exponents, malformed text) are declined.
 */
final class DecimalFloat {
    private static final double[] POWERS_OF_TEN = new double[23];
    private static final long MAX_EXACT_MANTISSA = 1L << 53;
    /** Eighteen nines still fit a long; nineteen digits may not. */
    private static final int MAX_DIGITS = 18;
    /** The low bits a double loses when rounded to float (52 − 23 mantissa bits). */
    private static final long DROPPED_BITS = (1L << 29) - 1;
    private static final long HALF_OF_DROPPED = 1L << 28;

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private DecimalFloat() {}

    /** The nearest float to {@code s}, or NaN when the fast path cannot vouch for its answer. */
    static float tryFast(CharSequence s) {
        return tryFast(s, 0, s.length());
    }

    /** The same for {@code s}'s characters from {@code from} up to (not including) {@code to}. */
    static float tryFast(CharSequence s, int from, int to) {
        int n = to;
        int i = from;
        boolean negative = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;        // significant digits taken into the mantissa
        int exponent = 0;      // of ten, for the digits taken
        boolean anyDigit = false;
        boolean dot = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                anyDigit = true;
                if (mantissa == 0 && c == '0') {
                    if (dot) {
                        exponent--;
                    }
                    continue; // a leading zero
                }
                if (digits == MAX_DIGITS) {
                    return Float.NaN;
                }
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (dot) {
                    exponent--;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (!anyDigit) {
            return Float.NaN;
        }
        if (i < n) {
            char c = s.charAt(i);
            if (c != 'e' && c != 'E') {
                return Float.NaN;
            }
            i++;
            boolean negativeExponent = false;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                negativeExponent = s.charAt(i) == '-';
                i++;
            }
            int start = i;
            int written = 0;
            for (; i < n; i++) {
                char d = s.charAt(i);
                if (d < '0' || d > '9' || i - start >= 6) {
                    return Float.NaN;
                }
                written = written * 10 + (d - '0');
            }
            if (i == start) {
                return Float.NaN;
            }
            exponent += negativeExponent ? -written : written;
        }
        if (mantissa == 0) {
            return negative ? -0f : 0f;
        }
        if (mantissa > MAX_EXACT_MANTISSA || exponent < -22 || exponent > 22) {
            return Float.NaN;
        }
        double d = exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
        // No range check: from 1e-22 to 2^53·1e22 every result is a normal float, so the 29 bits a
        // double loses to float are the same everywhere.
        if ((Double.doubleToRawLongBits(d) & DROPPED_BITS) == HALF_OF_DROPPED) {
            return Float.NaN;
        }
        float f = (float) d;
        return negative ? -f : f;
    }
}
