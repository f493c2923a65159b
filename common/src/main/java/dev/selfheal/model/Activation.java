package dev.selfheal.model;

import dev.selfheal.math.Logistic;

import java.util.Arrays;
import java.util.Locale;

/**
 * The elementwise function after a frozen Linear layer of a chain: ReLU (selfheal's own, and the
 * only one a model directory written before others were recorded holds), none, or one an imported
 * chain uses between its Linear layers, as PyTorch defines it. {@code params} are its constants:
 * LeakyReLU's negative slope, ELU's alpha, Softplus's beta and threshold, Hardtanh's min and max,
 * PReLU's one slope or one slope per unit; empty for the others. {@code norm} is a LayerNorm the
 * layer's outputs go through first, or null: it normalises a whole row, so {@link DenseLayer} and the
 * kernels apply it, then this function to each unit.
 */
public record Activation(Kind kind, float[] params, LayerNorm norm) {
    public enum Kind {
        RELU(0, false), IDENTITY(0, false), TANH(0, false), SIGMOID(0, false), SILU(0, false), LEAKY_RELU(1, false),
        ELU(1, false), GELU(0, false), GELU_TANH(0, false),
        SOFTPLUS(2, true), RELU6(0, true), HARDTANH(2, true), MISH(0, true), PRELU(PER_UNIT, true);

        /** How many constants it takes, or {@link #PER_UNIT}: one, or one per unit of its layer. */
        final int arity;
        /**
         * Whether it came after the first activations were recorded: a model directory or export
         * naming it carries a newer format, so that a reader that predates it refuses the file.
         */
        final boolean later;

        Kind(int arity, boolean later) {
            this.arity = arity;
            this.later = later;
        }

        /** Whether it takes constants. */
        boolean parameterised() {
            return arity != 0;
        }
    }

    /** {@link Kind#arity} of a kind taking one constant shared by all units, or one per unit. */
    static final int PER_UNIT = -1;
    public static final Activation RELU = new Activation(Kind.RELU, new float[0]);
    public static final Activation IDENTITY = new Activation(Kind.IDENTITY, new float[0]);
    /** Between a LayerNorm's text and its function's in {@link #text}. */
    static final String THEN = "+";
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    public Activation {
        if (kind == null) {
            throw new IllegalArgumentException("no activation kind");
        }
        params = params == null ? new float[0] : params.clone();
        if (!kind.parameterised()) {
            params = new float[0];
        } else if (kind.arity == PER_UNIT ? params.length == 0 : params.length != kind.arity) {
            throw new IllegalArgumentException(kind + " needs " + (kind.arity == PER_UNIT ? "one or one per unit"
                    : Integer.toString(kind.arity)) + " parameters, got " + params.length);
        }
        for (float p : params) {
            if (!Float.isFinite(p)) {
                throw new IllegalArgumentException(kind + " needs finite parameters, got " + Arrays.toString(params));
            }
        }
        if (kind == Kind.SOFTPLUS && params[0] == 0f) {
            throw new IllegalArgumentException("Softplus needs a beta other than 0");
        }
        if (kind == Kind.HARDTANH && params[0] > params[1]) {
            throw new IllegalArgumentException("Hardtanh needs min_val <= max_val, got " + params[0] + " > " + params[1]);
        }
        if (norm != null && kind.arity == PER_UNIT && params.length > 1 && params.length != norm.width()) {
            throw new IllegalArgumentException("a LayerNorm of width " + norm.width() + " before " + params.length
                    + " slopes");
        }
    }

    /** An activation with these constants and no LayerNorm before it. */
    public Activation(Kind kind, float[] params) {
        this(kind, params, null);
    }

    /** An activation with one constant (LeakyReLU's slope, ELU's alpha, a shared PReLU slope); a kind without any ignores it. */
    public Activation(Kind kind, float param) {
        this(kind, new float[] {param});
    }

    public static Activation of(Kind kind) {
        return new Activation(kind, new float[0]);
    }

    /** Its first constant (LeakyReLU's slope, ELU's alpha), 0 when it has none. */
    public float param() {
        return params.length == 0 ? 0f : params[0];
    }

    /** A copy of its constants. */
    @Override
    public float[] params() {
        return params.clone();
    }

    /** This function after {@code norm} (null: none). */
    public Activation withNorm(LayerNorm norm) {
        return new Activation(kind, params, norm);
    }

    /** Whether a LayerNorm comes first: a reader needs the format that knows it. */
    public boolean normed() {
        return norm != null;
    }

    /** Whether it has one constant per unit (a PReLU with one slope per channel): its layer must be that wide. */
    public boolean perUnit() {
        return kind.arity == PER_UNIT && params.length > 1;
    }

    /** Whether it fits a layer of {@code width} units: a per-unit one has exactly that many constants. */
    public boolean fits(int width) {
        return (!perUnit() || params.length == width) && (norm == null || norm.width() == width);
    }

    /**
     * This activation for a layer padded with zero units to {@code width}: a per-unit one's padded
     * units get slope 0 (their input is 0, which every slope keeps at 0).
     */
    public Activation padded(int width) {
        float[] p = perUnit() && params.length != width ? Arrays.copyOf(params, width) : params;
        return new Activation(kind, p, norm == null ? null : norm.padded(width));
    }

    /** Whether a reader needs the format that names the kinds added later ({@link Kind#later}). */
    public boolean later() {
        return kind.later;
    }

    /** The function at {@code x} (for any unit of a shared-constant kind), in double. */
    public double apply(double x) {
        return apply(x, 0);
    }

    /** The function at {@code x} of unit {@code unit}, in double: the reference the kernels are checked against. */
    public double apply(double x, int unit) {
        return switch (kind) {
            case RELU -> Math.max(0, x);
            case IDENTITY -> x;
            case TANH -> Math.tanh(x);
            case SIGMOID -> Logistic.sigmoid(x);
            case SILU -> x * Logistic.sigmoid(x);
            case LEAKY_RELU -> x < 0 ? params[0] * x : x;
            case ELU -> x > 0 ? x : params[0] * Math.expm1(x);
            case GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
            // PyTorch: x where beta·x > threshold, else log(1 + e^(beta·x))/beta
            case SOFTPLUS -> params[0] * x > params[1] ? x : softplus(params[0] * x) / params[0];
            case RELU6 -> Math.min(Math.max(x, 0), 6);
            case HARDTANH -> Math.min(Math.max(x, params[0]), params[1]);
            case MISH -> x * Math.tanh(softplus(x));
            case PRELU -> x < 0 ? params[params.length == 1 ? 0 : unit] * x : x;
        };
    }

    /** log(1 + e^x) without overflow. */
    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /**
     * Whether it gives back every value it gives: then an identity Linear layer after it, followed
     * by it again, changes nothing (ReLU of a ReLU's output).
     */
    public boolean idempotent() {
        return norm == null && (kind == Kind.RELU || kind == Kind.IDENTITY);
    }

    /**
     * Its name as the manifest and the export write it: {@code relu}, {@code leaky_relu(0.1)},
     * {@code softplus(1.0,20.0)}, {@code prelu(0.25)}, one slope per unit for a per-channel PReLU, …
     */
    public String text() {
        return norm == null ? functionText() : norm.text() + THEN + functionText();
    }

    private String functionText() {
        String name = kind.name().toLowerCase(Locale.ROOT);
        if (!kind.parameterised()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name).append('(');
        for (int i = 0; i < params.length; i++) {
            b.append(i == 0 ? "" : ",").append(params[i]);
        }
        return b.append(')').toString();
    }

    /** {@link #text} for a person to read: a per-unit PReLU as {@code prelu(16 slopes)}, not its slopes. */
    public String label() {
        String f = perUnit() ? kind.name().toLowerCase(Locale.ROOT) + "(" + params.length + " slopes)" : functionText();
        return norm == null ? f : norm.label() + THEN + f;
    }

    /**
     * The inverse of {@link #text}.
     *
     * @throws IllegalArgumentException for a name it does not know
     */
    public static Activation parse(String text) {
        String t = text == null ? "" : text.strip();
        int then = t.indexOf(THEN);
        if (then >= 0) {
            return parse(t.substring(then + 1)).withNorm(LayerNorm.parse(t.substring(0, then)));
        }
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
        if (!parameterised) {
            return of(kind);
        }
        String[] parts = t.substring(open + 1, t.length() - 1).split(",", -1);
        float[] params = new float[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                params[i] = Float.parseFloat(parts[i].strip());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("activation " + text + ": its parameter is no number");
        }
        return new Activation(kind, params);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Activation a && a.kind == kind && Arrays.equals(a.params, params)
                && java.util.Objects.equals(a.norm, norm);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + Arrays.hashCode(params)) + java.util.Objects.hashCode(norm);
    }

    @Override
    public String toString() {
        return text();
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
