package dev.selfheal.signals;

import java.util.Arrays;

/**
 * The training shares beyond each tail edge of {@link SignalReference}, and the deployed network's
 * mean probability and entropy, measured on the normal and the fraud rows apart. A change of the
 * class balance alone makes a window a mixture of the two classes as training saw them: its share
 * beyond an edge, and its mean entropy, lie on the line between the classes' at the window's fraud
 * share. That share is estimated without labels from the window's mean probability (the deployed
 * network's mean on each class is known), within the alarm's own confidence bound. So the alarm's
 * bar is what a mixture in that range puts beyond the edge: a fraud rate that moved raises no
 * alarm, while a new pattern, which puts rows where neither class went, still does.
 *
 * @param normalRows    normal training rows measured
 * @param fraudRows     fraud training rows measured
 * @param unitTails     per hidden unit: {@link #NORMAL_LOW}, {@link #NORMAL_HIGH}, {@link #FRAUD_LOW},
 *                      {@link #FRAUD_HIGH}: each class's share beyond the unit's overall lower and upper edge
 * @param featureTails  the same per input feature
 * @param entropyNormal mean entropy of the deployed network's probability on normal rows
 * @param entropyFraud  the same on fraud rows
 * @param probNormal    mean of the deployed network's probability on normal rows
 * @param probFraud     the same on fraud rows
 * @param probSd        its standard deviation over all rows
 */
public record ClassShares(int normalRows, int fraudRows, double[][] unitTails, double[][] featureTails,
                          double entropyNormal, double entropyFraud, double probNormal, double probFraud,
                          double probSd) {
    public static final int NORMAL_LOW = 0;
    public static final int NORMAL_HIGH = 1;
    public static final int FRAUD_LOW = 2;
    public static final int FRAUD_HIGH = 3;

    public ClassShares {
        if (normalRows < 1 || fraudRows < 1) {
            throw new IllegalArgumentException("class shares need rows of both classes, got " + normalRows
                    + " normal and " + fraudRows + " fraud");
        }
        if (unitTails == null || featureTails == null) {
            throw new IllegalArgumentException("class shares need tails for every hidden unit and feature");
        }
        for (double[][] all : new double[][][] {unitTails, featureTails}) {
            for (double[] t : all) {
                if (t == null || t.length != 4) {
                    throw new IllegalArgumentException("a class tails entry is {normal low, normal high, fraud low, "
                            + "fraud high}");
                }
            }
        }
        if (!Double.isFinite(entropyNormal) || !Double.isFinite(entropyFraud) || !Double.isFinite(probNormal)
                || !Double.isFinite(probFraud) || !(probSd >= 0)) {
            throw new IllegalArgumentException("class means must be finite");
        }
    }

    /** The range of fraud shares a window's mean probability allows, lowest first, within [0, 1]. */
    public record FraudShare(double low, double high) {
        public FraudShare {
            if (!(low >= 0 && low <= high && high <= 1)) {
                throw new IllegalArgumentException("fraud share range must lie in [0, 1], got " + low + ".." + high);
            }
        }
    }

    /**
     * The window's fraud share as its mean probability {@code meanProb} over {@code rows} rows
     * allows it, {@code z} standard errors either side; [0, 1] when the classes' means coincide
     * (the probability then says nothing of the mix).
     */
    public FraudShare fraudShare(double meanProb, double rows, double z) {
        double gap = probFraud - probNormal;
        if (!(Math.abs(gap) > 1e-6) || rows <= 0) {
            return new FraudShare(0, 1);
        }
        double margin = z * probSd / Math.sqrt(rows);
        double a = clamp01((meanProb - margin - probNormal) / gap);
        double b = clamp01((meanProb + margin - probNormal) / gap);
        return new FraudShare(Math.min(a, b), Math.max(a, b));
    }

    /**
     * The share beyond one tail a class balance in {@code range} could explain: the mixture of the
     * classes' shares, each raised by one standard error of its own estimate (the reference is a
     * sample too), at whichever end of the range puts more there.
     *
     * @param tails  a {@link #unitTails} or {@link #featureTails} entry
     * @param upper  the upper tail (else the lower)
     */
    public double explainable(double[] tails, boolean upper, FraudShare range) {
        double normal = raised(tails[upper ? NORMAL_HIGH : NORMAL_LOW], normalRows);
        double fraud = raised(tails[upper ? FRAUD_HIGH : FRAUD_LOW], fraudRows);
        return Math.max(mix(normal, fraud, range.low()), mix(normal, fraud, range.high()));
    }

    static double raised(double share, int rows) {
        return Math.min(1, share + Math.sqrt(share * (1 - share) / rows));
    }

    /**
     * How far {@code mean} lies outside the mean entropies a class balance in {@code range} gives,
     * or {@code alsoAllowed} (training's own mix); 0 inside.
     */
    public double entropyOutside(double mean, FraudShare range, double alsoAllowed) {
        double a = mix(entropyNormal, entropyFraud, range.low());
        double b = mix(entropyNormal, entropyFraud, range.high());
        double lo = Math.min(Math.min(a, b), alsoAllowed);
        double hi = Math.max(Math.max(a, b), alsoAllowed);
        return mean < lo ? mean - lo : mean > hi ? mean - hi : 0;
    }

    private static double mix(double normal, double fraud, double q) {
        return (1 - q) * normal + q * fraud;
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** Each class's share beyond an entry of {@code overall} (lower edge, share, upper edge, share) edges. */
    static double[] of(double[] overall, float[] normal, float[] fraud) {
        return new double[] {beyond(normal, overall, false), beyond(normal, overall, true),
                beyond(fraud, overall, false), beyond(fraud, overall, true)};
    }

    private static double beyond(float[] values, double[] overall, boolean upper) {
        int c = 0;
        for (float v : values) {
            if (upper ? v > overall[SignalReference.HIGH_EDGE] : v < overall[SignalReference.LOW_EDGE]) {
                c++;
            }
        }
        return values.length == 0 ? 0 : (double) c / values.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassShares c && normalRows == c.normalRows && fraudRows == c.fraudRows
                && Arrays.deepEquals(unitTails, c.unitTails) && Arrays.deepEquals(featureTails, c.featureTails)
                && entropyNormal == c.entropyNormal && entropyFraud == c.entropyFraud && probNormal == c.probNormal
                && probFraud == c.probFraud && probSd == c.probSd;
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(unitTails) * 31 + normalRows;
    }

    @Override
    public String toString() {
        return "ClassShares{" + normalRows + " normal, " + fraudRows + " fraud rows}";
    }
}
