package dev.selfheal.signals;

import dev.selfheal.model.Adapter;
import dev.selfheal.model.ForwardPass;
import dev.selfheal.model.FrozenWeights;
import dev.selfheal.model.Standardizer;

import java.util.Arrays;

/**
 * What the label-free signals compare a batch with, measured once on training rows and kept in the
 * model directory: per hidden unit of the backbone, decile bin edges and the training share of each
 * bin; and the mean and spread of the deployed network's per-row output entropy.
 *
 * <p>Hidden units after a ReLU are often zero for many rows, so several deciles coincide; equal
 * edges are merged and each bin's share is what training actually put there. A bin training never
 * reached keeps half a row's share, so a unit that wakes up on new data reads as divergence rather
 * than as a division by zero.
 *
 * @param rows          training rows it was measured on (the reference's own sampling error)
 * @param unitEdges     per hidden unit, increasing bin edges (bin k holds values in (e[k-1], e[k]])
 * @param unitShares    per hidden unit, one share per bin (edges + 1), summing to 1
 * @param entropyMean   mean binary entropy (nats) of the deployed network's probability per row
 * @param entropySd     its standard deviation over rows
 * @param unitTails     per hidden unit, {@link Tails}: where its outer 2.5% on each side begin, and
 *                      the share of training rows beyond
 * @param featureTails  the same per input feature (raw units), in the model's feature order
 * @param byClass       the tail shares and entropy per class, when the rows came with labels of both
 *                      classes; null in model directories written before it was kept
 */
public record SignalReference(int rows, double[][] unitEdges, double[][] unitShares, double entropyMean,
                              double entropySd, double[][] unitTails, double[][] featureTails, ClassShares byClass) {
    static final int BINS = 10;
    /** Share of training in each outer tail whose growth the alarm tests. */
    static final double TAIL = 0.025;
    /** Layout of a tails entry: lower edge, share strictly below it, upper edge, share strictly above it. */
    public static final int LOW_EDGE = 0;
    public static final int LOW_SHARE = 1;
    public static final int HIGH_EDGE = 2;
    public static final int HIGH_SHARE = 3;

    public SignalReference {
        if (rows < 1) {
            throw new IllegalArgumentException("signal reference needs at least one row, got " + rows);
        }
        if (unitEdges == null || unitShares == null || unitEdges.length != unitShares.length || unitEdges.length == 0) {
            throw new IllegalArgumentException("signal reference needs edges and shares for every hidden unit");
        }
        for (int u = 0; u < unitEdges.length; u++) {
            if (unitShares[u] == null || unitEdges[u] == null || unitShares[u].length != unitEdges[u].length + 1) {
                throw new IllegalArgumentException("hidden unit " + u + ": needs one more share than edges");
            }
        }
        if (unitTails == null || unitTails.length != unitEdges.length || featureTails == null
                || featureTails.length == 0) {
            throw new IllegalArgumentException("signal reference needs tails for every hidden unit and feature");
        }
        for (double[] t : unitTails) {
            requireTails(t);
        }
        for (double[] t : featureTails) {
            requireTails(t);
        }
        if (!Double.isFinite(entropyMean) || !(entropySd >= 0)) {
            throw new IllegalArgumentException("entropy mean and spread must be finite, got " + entropyMean + ", "
                    + entropySd);
        }
        if (byClass != null && (byClass.unitTails().length != unitTails.length
                || byClass.featureTails().length != featureTails.length)) {
            throw new IllegalArgumentException("class shares need tails for every hidden unit and feature");
        }
    }

    /** A reference without class shares. */
    public SignalReference(int rows, double[][] unitEdges, double[][] unitShares, double entropyMean,
                           double entropySd, double[][] unitTails, double[][] featureTails) {
        this(rows, unitEdges, unitShares, entropyMean, entropySd, unitTails, featureTails, null);
    }

    /**
     * The adapter's input {@code h} of each row: a Linear/ReLU chain in Java, a TorchScript backbone
     * through its own module (loaded here once, and closed), then an MLP head's hidden layers, or
     * the head module's logit when the adapter sits there.
     */
    private static float[][] hidden(FrozenWeights frozen, Standardizer standardizer, float[][] rows) {
        int d = standardizer.dim();
        float[][] out = new float[rows.length][];
        if (!frozen.isModule()) {
            float[] std = new float[d];
            for (int i = 0; i < rows.length; i++) {
                standardizer.apply(rows[i], std, 0);
                out[i] = ForwardPass.hidden(frozen, std);
            }
            return out;
        }
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            standardizer.apply(rows[i], flat, i * d);
        }
        int hd = frozen.hidden();
        try (dev.selfheal.model.FrozenModules modules = dev.selfheal.model.FrozenModules.load(frozen)) {
            float[] h = modules.hidden(flat, rows.length);
            for (int i = 0; i < rows.length; i++) {
                out[i] = java.util.Arrays.copyOfRange(h, i * hd, (i + 1) * hd);
            }
        }
        return out;
    }

    /**
     * This reference with {@code other}'s output statistics: the entropy's mean and spread, and per
     * class the mean entropy and probability (when both have class shares). The tails stay this
     * reference's own.
     */
    public SignalReference withOutputsOf(SignalReference other) {
        ClassShares c = byClass;
        if (c != null && other.byClass != null) {
            ClassShares o = other.byClass;
            c = new ClassShares(c.normalRows(), c.fraudRows(), c.unitTails(), c.featureTails(), o.entropyNormal(),
                    o.entropyFraud(), o.probNormal(), o.probFraud(), o.probSd());
        }
        return new SignalReference(rows, unitEdges, unitShares, other.entropyMean, other.entropySd, unitTails,
                featureTails, c);
    }

    /** The reference without class shares (no labels). */
    public static SignalReference of(FrozenWeights frozen, Standardizer standardizer, Adapter deployed,
                                     float[][] rows) {
        return of(frozen, standardizer, deployed, rows, null);
    }

    /**
     * Measures the reference on training rows (raw features, as the model reads them before
     * standardisation) with the deployed adapter; with {@code labels} (0/1 per row, both classes
     * present) also each class's shares ({@link ClassShares}).
     */
    public static SignalReference of(FrozenWeights frozen, Standardizer standardizer, Adapter deployed,
                                     float[][] rows, int[] labels) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("no rows to measure the signal reference on");
        }
        int hd = frozen.hidden();
        float[][] byUnit = new float[hd][rows.length];
        double[] entropy = new double[rows.length];
        float[] prob = new float[rows.length];
        float[][] hidden = hidden(frozen, standardizer, rows);
        for (int i = 0; i < rows.length; i++) {
            float[] h = hidden[i];
            for (int u = 0; u < hd; u++) {
                byUnit[u][i] = h[u];
            }
            prob[i] = ForwardPass.probabilityOfHidden(frozen, deployed, h);
            entropy[i] = entropy(prob[i]);
        }
        double[][] edges = new double[hd][];
        double[][] shares = new double[hd][];
        double[][] unitTails = new double[hd][];
        for (int u = 0; u < hd; u++) {
            float[] sorted = byUnit[u];
            Arrays.sort(sorted);
            edges[u] = decileEdges(sorted);
            shares[u] = shares(edges[u], sorted);
            unitTails[u] = tails(sorted);
        }
        int d = rows[0].length;
        double[][] featureTails = new double[d][];
        float[] column = new float[rows.length];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < rows.length; i++) {
                column[i] = rows[i][j];
            }
            Arrays.sort(column);
            featureTails[j] = tails(column);
        }
        double mean = Arrays.stream(entropy).average().orElse(0);
        double var = Arrays.stream(entropy).map(e -> (e - mean) * (e - mean)).sum() / Math.max(1, rows.length - 1);
        return new SignalReference(rows.length, edges, shares, mean, Math.sqrt(var), unitTails, featureTails,
                byClass(hidden, rows, labels, entropy, prob, unitTails, featureTails));
    }

    /** Each class's shares beyond the overall edges; null without labels of both classes. */
    private static ClassShares byClass(float[][] hidden, float[][] rows, int[] labels, double[] entropy, float[] prob,
                                       double[][] unitTails, double[][] featureTails) {
        if (labels == null || labels.length != rows.length) {
            return null;
        }
        int frauds = 0;
        for (int y : labels) {
            if (y != 0 && y != 1) {
                return null; // unlabelled rows: no class shares rather than wrong ones
            }
            frauds += y;
        }
        int normals = rows.length - frauds;
        if (frauds == 0 || normals == 0) {
            return null;
        }
        double[] entropySum = new double[2];
        double[] probSum = new double[2];
        double probAll = 0;
        for (int i = 0; i < rows.length; i++) {
            entropySum[labels[i]] += entropy[i];
            probSum[labels[i]] += prob[i];
            probAll += prob[i];
        }
        double probMean = probAll / rows.length;
        double probVar = 0;
        for (float p : prob) {
            probVar += (p - probMean) * (p - probMean);
        }
        probVar /= Math.max(1, rows.length - 1);
        double[][] units = new double[unitTails.length][];
        for (int u = 0; u < units.length; u++) {
            int at = u;
            units[u] = split(labels, normals, i -> hidden[i][at], unitTails[u]);
        }
        double[][] feats = new double[featureTails.length][];
        for (int j = 0; j < feats.length; j++) {
            int at = j;
            feats[j] = split(labels, normals, i -> rows[i][at], featureTails[j]);
        }
        return new ClassShares(normals, frauds, units, feats, entropySum[0] / normals, entropySum[1] / frauds,
                probSum[0] / normals, probSum[1] / frauds, Math.sqrt(probVar));
    }

    private static double[] split(int[] labels, int normals, java.util.function.IntToDoubleFunction value,
                                  double[] overall) {
        float[] normal = new float[normals];
        float[] fraud = new float[labels.length - normals];
        for (int i = 0, a = 0, b = 0; i < labels.length; i++) {
            if (labels[i] == 1) {
                fraud[b++] = (float) value.applyAsDouble(i);
            } else {
                normal[a++] = (float) value.applyAsDouble(i);
            }
        }
        return ClassShares.of(overall, normal, fraud);
    }

    public int units() {
        return unitEdges.length;
    }

    /** Bins of hidden unit {@code u}. */
    public int bins(int u) {
        return unitShares[u].length;
    }

    /** The bin of hidden unit {@code u} that {@code value} falls in. */
    public int bin(int u, double value) {
        double[] e = unitEdges[u];
        int lo = 0;
        int hi = e.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (value <= e[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Binary entropy in nats; 0 at a certain answer. */
    public static double entropy(double p) {
        double q = Math.min(1 - 1e-12, Math.max(1e-12, p));
        return -(q * Math.log(q) + (1 - q) * Math.log(1 - q));
    }

    /**
     * The outer {@value #TAIL} on each side of sorted values: the edges and the share strictly beyond
     * each. A ReLU unit that is zero for more than that has nothing below its lower edge, so its
     * lower tail has share 0 and is never tested.
     */
    static double[] tails(float[] sorted) {
        int n = sorted.length;
        double low = sorted[(int) Math.floor(TAIL * (n - 1))];
        double high = sorted[(int) Math.ceil((1 - TAIL) * (n - 1))];
        int below = 0;
        while (below < n && sorted[below] < low) {
            below++;
        }
        int above = 0;
        while (above < n && sorted[n - 1 - above] > high) {
            above++;
        }
        return new double[] {low, (double) below / n, high, (double) above / n};
    }

    private static void requireTails(double[] t) {
        if (t == null || t.length != 4 || !(t[LOW_SHARE] >= 0 && t[LOW_SHARE] <= 1)
                || !(t[HIGH_SHARE] >= 0 && t[HIGH_SHARE] <= 1)) {
            throw new IllegalArgumentException("a tails entry is {low edge, share below, high edge, share above}");
        }
    }

    private static double[] decileEdges(float[] sorted) {
        double[] raw = new double[BINS - 1];
        int n = 0;
        for (int k = 1; k < BINS; k++) {
            double q = sorted[(int) Math.min(sorted.length - 1, Math.floor((double) k / BINS * sorted.length))];
            if (n == 0 || q > raw[n - 1]) {
                raw[n++] = q;
            }
        }
        return Arrays.copyOf(raw, n);
    }

    private static double[] shares(double[] edges, float[] sorted) {
        double[] count = new double[edges.length + 1];
        for (float v : sorted) {
            count[binOf(edges, v)]++;
        }
        double total = 0;
        for (int k = 0; k < count.length; k++) {
            count[k] = Math.max(count[k], 0.5);
            total += count[k];
        }
        for (int k = 0; k < count.length; k++) {
            count[k] /= total;
        }
        return count;
    }

    private static int binOf(double[] e, double value) {
        int k = 0;
        while (k < e.length && value > e[k]) {
            k++;
        }
        return k;
    }

    // Records compare arrays by identity; references read back from a model directory compare by content.
    @Override
    public boolean equals(Object o) {
        return o instanceof SignalReference r && rows == r.rows && Arrays.deepEquals(unitEdges, r.unitEdges)
                && Arrays.deepEquals(unitShares, r.unitShares) && entropyMean == r.entropyMean
                && entropySd == r.entropySd && Arrays.deepEquals(unitTails, r.unitTails)
                && Arrays.deepEquals(featureTails, r.featureTails) && java.util.Objects.equals(byClass, r.byClass);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(unitEdges) * 31 + Double.hashCode(entropyMean);
    }

    @Override
    public String toString() {
        return "SignalReference{" + rows + " rows, " + units() + " hidden units, entropy " + entropyMean + " ± "
                + entropySd + "}";
    }
}
