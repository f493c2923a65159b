package dev.selfheal.signals;

import dev.selfheal.drift.FeatureStats;
import dev.selfheal.drift.TrainingStats;
import dev.selfheal.math.Binomial;
import dev.selfheal.math.ChiSquared;
import dev.selfheal.model.Adapter;
import dev.selfheal.model.ForwardPass;
import dev.selfheal.model.FrozenModules;
import dev.selfheal.model.FrozenWeights;
import dev.selfheal.model.Standardizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Per heal batch, how far the data the model now reads departs from training without any label:
 * each hidden unit's distribution (the frozen backbone on the inputs as recalibrated) and the
 * deployed network's output entropy, pooled over the last {@link SignalConfig#window()} batches.
 *
 * <p>The inputs are read through the calibration the batch's own feature moments call for, so a
 * feature that merely moved (a unit change upstream, a noise feature shifting) is undone first, as
 * the recalibration remedy will undo it, and what remains is a change of shape: a new mode, a
 * relation that flipped. The deployed network, not the served one, gives the entropy, so that a
 * heal changing the output map does not read as drift.
 *
 * <p>What moved is reported as each unit's and feature's KL divergence (window from training, over
 * training deciles). What alarms is narrower: mass arriving where training had little. A concept
 * change shows up as rows in a region the model rarely saw (a new fraud mode, a relation that
 * flipped), while a change of the class balance only thins a region out; KL and PSI react to both,
 * and on a window of a few hundred rows the thinning of a prior shift is as large as the new mode
 * of a changed pattern. So each unit and each feature has two tests, one per outer tail
 * ({@link SignalReference#TAIL} of training each): the window's count beyond the tail's edge
 * against Binomial(n, π), π the training share beyond it raised by one standard error of its own
 * estimate. The window's mean entropy has a third, two-sided normal test. When the model directory
 * keeps each class's shares ({@link ClassShares}), π is also at least what the classes mixed at
 * the window's fraud share (estimated from its mean probability) put beyond the edge, and the
 * entropy is tested against that mix as well: a fraud rate that moves then raises no alarm.
 *
 * <p>The alarm level comes from the null distribution, not from any scenario: each of the T tests
 * runs at {@code falseAlarmRate / T} (Bonferroni), so a window of undrifted data alarms with
 * probability at most {@code falseAlarmRate}, whatever the correlation between units.
 *
 * <p>The window lives in the caller's state as one flat array; this class keeps none. For a
 * backbone that is a user's TorchScript module it loads the frozen modules for each batch, runs
 * them once and closes them: nothing native outlives the call, whoever holds this object (a HEAL
 * task keeps one per model id it has seen).
 */
public final class ConceptSignals {
    private static final int TOP = 3;

    private final FrozenWeights frozen;
    private final Standardizer standardizer;
    private final Adapter deployed;
    private final SignalReference reference;
    /** Each class's shares, when the model directory keeps them. */
    private final ClassShares byClass;
    private final TrainingStats training;
    private final List<String> features;
    private final SignalConfig config;
    /** First bin of each hidden unit in a window block, after the two leading sums. */
    private final int[] unitOffset;
    private final int featureOffset;
    /** Counts beyond the lower and upper tail edges: units first, then features. */
    private final int tailOffset;
    private final int block;
    private final int tests;

    public ConceptSignals(FrozenWeights frozen, Standardizer standardizer, Adapter deployed, SignalReference reference,
                          TrainingStats training, SignalConfig config) {
        if (reference.units() != frozen.hidden()) {
            throw new IllegalArgumentException("signal reference has " + reference.units()
                    + " hidden units, the backbone " + frozen.hidden());
        }
        this.frozen = frozen;
        this.standardizer = standardizer;
        this.deployed = deployed;
        this.reference = reference;
        this.byClass = reference.byClass();
        this.training = training;
        this.features = training.names();
        this.config = config;
        if (reference.featureTails().length != features.size()) {
            throw new IllegalArgumentException("signal reference has tails for " + reference.featureTails().length
                    + " features, the model " + features.size());
        }
        unitOffset = new int[reference.units()];
        int o = 3; // rows, entropy sum, probability sum
        for (int u = 0; u < reference.units(); u++) {
            unitOffset[u] = o;
            o += reference.bins(u);
        }
        featureOffset = o;
        tailOffset = featureOffset + FeatureStats.BINS * features.size();
        block = tailOffset + 2 * (reference.units() + features.size());
        int t = 1; // the entropy
        for (double[][] all : new double[][][] {reference.unitTails(), reference.featureTails()}) {
            for (double[] tail : all) {
                t += (tail[SignalReference.LOW_SHARE] > 0 ? 1 : 0) + (tail[SignalReference.HIGH_SHARE] > 0 ? 1 : 0);
            }
        }
        tests = t;
    }

    /** The adapter's input {@code h} of each row: the chain in Java, or one pass of the frozen modules, loaded for it. */
    private float[][] hidden(float[][] inputs) {
        int n = inputs.length;
        int d = standardizer.dim();
        float[][] out = new float[n][];
        if (!frozen.isModule()) {
            float[] std = new float[d];
            for (int i = 0; i < n; i++) {
                standardizer.apply(inputs[i], std, 0);
                out[i] = ForwardPass.hidden(frozen, std);
            }
            return out;
        }
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            standardizer.apply(inputs[i], flat, i * d);
        }
        float[] h;
        try (FrozenModules modules = FrozenModules.load(frozen)) {
            h = modules.hidden(flat, n);
        }
        int hd = frozen.hidden();
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(h, i * hd, (i + 1) * hd);
        }
        return out;
    }

    /** A reading and the window it leaves. */
    public record Observation(SignalReading reading, double[] window) {}

    /**
     * Adds one batch to the window and reads it.
     *
     * @param window     the state {@link #observe} returned last time (empty at first)
     * @param inputs     the batch's rows as the model reads them (after input calibration), raw units
     * @param wasAlarmed whether the previous batch's reading alarmed
     */
    public Observation observe(double[] window, float[][] inputs, boolean wasAlarmed) {
        double[] counts = new double[block];
        double batchEntropy = 0;
        float[][] hidden = hidden(inputs);
        for (int i = 0; i < inputs.length; i++) {
            float[] row = inputs[i];
            float[] h = hidden[i];
            float prob = ForwardPass.probabilityOfHidden(frozen, deployed, h);
            double e = SignalReference.entropy(prob);
            counts[0]++;
            counts[1] += e;
            counts[2] += prob;
            batchEntropy += e;
            for (int u = 0; u < h.length; u++) {
                counts[unitOffset[u] + reference.bin(u, h[u])]++;
                countTails(counts, tailOffset + 2 * u, reference.unitTails()[u], h[u]);
            }
            int ft = tailOffset + 2 * reference.units();
            for (int j = 0; j < features.size(); j++) {
                counts[featureOffset + FeatureStats.BINS * j + training.get(j).bin(row[j])]++;
                countTails(counts, ft + 2 * j, reference.featureTails()[j], row[j]);
            }
        }
        double[] next = append(window, counts);
        double[] pooled = new double[block];
        for (int o = 0; o < next.length; o += block) {
            for (int k = 0; k < block; k++) {
                pooled[k] += next[o + k];
            }
        }
        double n = pooled[0];
        double level = config.falseAlarmRate() / tests;
        // Two-sided normal bound at the alarm level: the entropy's test, and the fraud-share range's margin.
        double critical = ChiSquared.normalUpperQuantile(level / 2);
        ClassShares.FraudShare mix = byClass == null || n == 0 ? null : byClass.fraudShare(pooled[2] / n, n, critical);
        List<SignalReading.Moved> units = new ArrayList<>();
        double maxKl = 0;
        double maxScore = 0;
        for (int u = 0; u < reference.units(); u++) {
            double kl = kl(pooled, unitOffset[u], reference.unitShares()[u], n);
            double score = tailScore(pooled, tailOffset + 2 * u, reference.unitTails()[u],
                    byClass == null ? null : byClass.unitTails()[u], mix, n, level);
            maxKl = Math.max(maxKl, kl);
            maxScore = Math.max(maxScore, score);
            units.add(new SignalReading.Moved("h" + u, kl, score));
        }
        List<SignalReading.Moved> moved = new ArrayList<>();
        int ft = tailOffset + 2 * reference.units();
        for (int j = 0; j < features.size(); j++) {
            double[] shares = floored(training.get(j).binShares(), training.get(j).count());
            double kl = kl(pooled, featureOffset + FeatureStats.BINS * j, shares, n);
            double score = tailScore(pooled, ft + 2 * j, reference.featureTails()[j],
                    byClass == null ? null : byClass.featureTails()[j], mix, n, level);
            maxScore = Math.max(maxScore, score);
            moved.add(new SignalReading.Moved(features.get(j), kl, score));
        }
        double departure = n == 0 ? 0 : mix == null ? pooled[1] / n - reference.entropyMean()
                : byClass.entropyOutside(pooled[1] / n, mix, reference.entropyMean());
        double entropyZ = n == 0 || reference.entropySd() == 0 ? 0
                : departure / (reference.entropySd() * Math.sqrt(1 / n + 1.0 / reference.rows()));
        boolean entropyAlarm = Math.abs(entropyZ) > critical;
        boolean alarm = n >= config.minRows() && (maxScore > 1 || entropyAlarm);
        SignalReading reading = new SignalReading((int) n, inputs.length == 0 ? Double.NaN : batchEntropy / inputs.length,
                entropyZ, maxKl, maxScore, top(units), top(moved), alarm, alarm && !wasAlarmed);
        return new Observation(reading, next);
    }

    private static List<SignalReading.Moved> top(List<SignalReading.Moved> all) {
        return all.stream().sorted(Comparator.comparingDouble(SignalReading.Moved::score)
                .thenComparingDouble(SignalReading.Moved::kl).reversed()).limit(TOP).toList();
    }

    private static void countTails(double[] counts, int at, double[] tails, double v) {
        if (v < tails[SignalReference.LOW_EDGE]) {
            counts[at]++;
        } else if (v > tails[SignalReference.HIGH_EDGE]) {
            counts[at + 1]++;
        }
    }

    /**
     * The stronger of a unit's two tail tests as log p / log level: above 1, that tail holds more
     * rows than chance allows at the alarm level.
     */
    private double tailScore(double[] pooled, int at, double[] tails, double[] classTails,
                             ClassShares.FraudShare mix, double n, double level) {
        double worst = 0;
        for (int side = 0; side < 2; side++) {
            double share = tails[side == 0 ? SignalReference.LOW_SHARE : SignalReference.HIGH_SHARE];
            if (share <= 0 || n == 0) {
                continue;
            }
            // The training share is itself an estimate: one standard error up keeps the test on the safe side.
            double pi = ClassShares.raised(share, reference.rows());
            if (classTails != null && mix != null) {
                pi = Math.max(pi, byClass.explainable(classTails, side == 1, mix));
            }
            double p = Binomial.upperTail((long) n, (long) pooled[at + side], pi);
            worst = Math.max(worst, Math.log(Math.max(p, 1e-300)) / Math.log(level));
        }
        return worst;
    }

    /** KL(window ‖ training) over the bins starting at {@code offset}. */
    private static double kl(double[] pooled, int offset, double[] shares, double n) {
        if (n == 0) {
            return 0;
        }
        double kl = 0;
        for (int k = 0; k < shares.length; k++) {
            double c = pooled[offset + k];
            if (c > 0) {
                double p = c / n;
                kl += p * Math.log(p / shares[k]);
            }
        }
        return Math.max(0, kl);
    }

    /** Training shares with an empty bin given half a row, renormalised. */
    private static double[] floored(double[] shares, long rows) {
        double[] out = new double[shares.length];
        double total = 0;
        for (int k = 0; k < shares.length; k++) {
            out[k] = Math.max(shares[k], 0.5 / Math.max(1, rows));
            total += out[k];
        }
        for (int k = 0; k < out.length; k++) {
            out[k] /= total;
        }
        return out;
    }

    /** Appends a batch's block, keeping the last {@code window} blocks; a block of another layout starts afresh. */
    private double[] append(double[] window, double[] counts) {
        int have = window == null || window.length % block != 0 ? 0 : window.length / block;
        int keep = Math.min(have, config.window() - 1);
        double[] next = Arrays.copyOf(new double[0], (keep + 1) * block);
        if (keep > 0) {
            System.arraycopy(window, (have - keep) * block, next, 0, keep * block);
        }
        System.arraycopy(counts, 0, next, keep * block, block);
        return next;
    }
}
