package dev.selfheal.model;

import dev.selfheal.math.Logistic;

import java.util.Locale;

/**
 * The elementwise function after a frozen Linear layer of a chain: ReLU (selfheal's own, and the
 * only one a model directory written before others were recorded holds), none, or one an imported
 * chain uses between its Linear layers, as PyTorch defines it. {@code param} is LeakyReLU's
 * negative slope or ELU's alpha, else 0.
 */
public record Activation(Kind kind, float param) {
    public enum Kind {
        RELU, IDENTITY, TANH, SIGMOID, SILU, LEAKY_RELU, ELU, GELU, GELU_TANH;

        /** Whether it takes a parameter: LeakyReLU's negative slope, ELU's alpha. */
        boolean parameterised() {
            return this == LEAKY_RELU || this == ELU;
        }
    }

    public static final Activation RELU = new Activation(Kind.RELU, 0f);
    public static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0f);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    public Activation {
        if (kind == null) {
            throw new IllegalArgumentException("no activation kind");
        }
        if (!kind.parameterised()) {
            param = 0f;
        } else if (!Float.isFinite(param)) {
            throw new IllegalArgumentException(kind + " needs a finite parameter, got " + param);
        }
    }

    public static Activation of(Kind kind) {
        return new Activation(kind, 0f);
    }

    /** The function at {@code x}, in double: the reference the kernels are checked against. */
    public double apply(double x) {
        return switch (kind) {
            case RELU -> Math.max(0, x);
            case IDENTITY -> x;
            case TANH -> Math.tanh(x);
            case SIGMOID -> Logistic.sigmoid(x);
            case SILU -> x * Logistic.sigmoid(x);
            case LEAKY_RELU -> x < 0 ? param * x : x;
            case ELU -> x > 0 ? x : param * Math.expm1(x);
            case GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
        };
    }

    /**
     * Whether it gives back every value it gives: then an identity Linear layer after it, followed
     * by it again, changes nothing (ReLU of a ReLU's output).
     */
    public boolean idempotent() {
        return kind == Kind.RELU || kind == Kind.IDENTITY;
    }

    /** Its name as the manifest and the export write it: {@code relu}, {@code leaky_relu(0.1)}, {@code gelu_tanh}, … */
    public String text() {
        String name = kind.name().toLowerCase(Locale.ROOT);
        return kind.parameterised() ? name + "(" + param + ")" : name;
    }

    /**
     * The inverse of {@link #text}.
     *
     * @throws IllegalArgumentException for a name it does not know
     */
    public static Activation parse(String text) {
        String t = text == null ? "" : text.strip();
        int open = t.indexOf('(');
        String name = open < 0 ? t : t.substring(0, open);
        Kind kind;
        try {
            kind = Kind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown activation " + text);
        }
        boolean parameterised = kind.parameterised();
        if (parameterised != (open >= 0 && t.endsWith(")"))) {
            throw new IllegalArgumentException("activation " + text + ": " + (parameterised ? "needs" : "takes no")
                    + " parameter in parentheses");
        }
        try {
            return new Activation(kind, parameterised ? Float.parseFloat(t.substring(open + 1, t.length() - 1)) : 0f);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("activation " + text + ": its parameter is no number");
        }
    }

    /**
     * erf in double (Java has none): its Maclaurin series near 0, where it converges fast, and
     * 1 − erfc by erfc's continued fraction beyond, where the series would cancel; both well
     * below float precision.
     */
    static double erf(double x) {
        double a = Math.abs(x);
        double r;
        if (a < 2.5) {
            double term = a;
            double sum = a;
            for (int n = 1; n < 100 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -a * a / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            // erfc(a) = exp(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + …)))), evaluated from its tail
            double f = 0;
            for (int k = 80; k >= 1; k--) {
                f = k / 2.0 / (a + f);
            }
            r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f);
        }
        return Math.copySign(r, x);
    }
}
