package dev.selfheal.healer;

import java.util.List;
import java.util.Locale;

/**
 * One row of {@code metrics.csv}: a heal batch. All quality columns are prequential: batch b is
 * scored with true labels by each model as it stood before anything was learned from batch b.
 * {@code baseline} is the frozen deployed model (version 1, never healed), {@code shadow} the shadow
 * scorer's version, {@code healed} the adapter served when the batch arrived. The reference
 * measured "healed" after training on the very batch; we do not.
 */
public class BatchMetrics {
    public static final List<String> COLUMNS = List.of("batch_idx", "timestamp", "z_score", "n_conflicts",
            "baseline_acc", "shadow_acc", "healed_acc", "baseline_f1", "shadow_f1", "healed_f1", "acc_lift", "f1_lift",
            "state", "action", "rolled_back", "bce_real", "bce_const",
            // ours
            "version", "served_version", "model", "rows", "labelled", "drifting", "drifted_features", "max_psi",
            "heal_loss_before", "heal_loss_after", "candidate_heldback_acc", "candidate_heldback_f1",
            "current_heldback_acc", "current_heldback_f1", "heldback_n", "verdict", "reasons", "health_acc",
            "health_f1", "heal_ms", "tp", "tn", "fp", "fn", "frozen_tp", "frozen_tn", "frozen_fp", "frozen_fn",
            "shadow_tp", "shadow_tn", "shadow_fp", "shadow_fn",
            // label-free signals (empty when off)
            "output_entropy", "entropy_z", "hidden_kl", "hidden_moved", "features_moved", "concept_alarm");

    public long batchIdx;
    public long timestamp;
    public double zScore;
    public int nConflicts;
    public double baselineAcc;
    public double shadowAcc;
    public double healedAcc;
    public double baselineF1;
    public double shadowF1;
    public double healedF1;
    public String state;
    /** none, heal, rejected, rollback, awaiting_approval, frozen. */
    public String action;
    public boolean rolledBack;
    public double bceReal;
    public double bceConst;
    /** Served version after this batch. */
    public long version;
    /** Served version that scored this batch. */
    public long servedVersion;
    public String model;
    public int rows;
    public int labelled;
    public boolean drifting;
    public String driftedFeatures = "";
    public double maxPsi;
    public double healLossBefore = Double.NaN;
    public double healLossAfter = Double.NaN;
    public double candidateHeldbackAcc = Double.NaN;
    public double candidateHeldbackF1 = Double.NaN;
    public double currentHeldbackAcc = Double.NaN;
    public double currentHeldbackF1 = Double.NaN;
    public int heldbackN;
    public String verdict = "";
    public String reasons = "";
    public double healthAcc = Double.NaN;
    public double healthF1 = Double.NaN;
    /**
     * Wall time of an update (building its training batch, the gradient steps, the Platt refit,
     * recording the pre-heal snapshot); 0 when none ran.
     */
    public double healMs;
    /**
     * CPU time of the healing thread over the same interval (NaN where the JVM cannot measure it).
     * Not a metrics.csv column: the benchmark reads it to tell the heal's own work from time spent
     * waiting for a core.
     */
    public double healCpuMs = Double.NaN;
    /** Confusion counts (true labels) of the served, frozen and shadow models on this batch. */
    public long tp, tn, fp, fn;
    public long frozenTp, frozenTn, frozenFp, frozenFn;
    public long shadowTp, shadowTn, shadowFp, shadowFn;

    /**
     * Label-free signals (see {@code dev.selfheal.signals}): this batch's mean output entropy, the
     * window's entropy against training in standard errors, the largest hidden-unit KL divergence,
     * the most-moved hidden units and input features, and whether they alarm. NaN / empty when off.
     */
    public double outputEntropy = Double.NaN;
    public double entropyZ = Double.NaN;
    public double hiddenKl = Double.NaN;
    public String hiddenMoved = "";
    public String featuresMoved = "";
    public boolean conceptAlarm;

    public BatchMetrics() {}

    public double accLift() {
        return healedAcc - baselineAcc;
    }

    public double f1Lift() {
        return healedF1 - baselineF1;
    }

    public String toCsvRow() {
        Object[] v = {batchIdx, timestamp, num(zScore), nConflicts, num(baselineAcc), num(shadowAcc), num(healedAcc),
                num(baselineF1), num(shadowF1), num(healedF1), num(accLift()), num(f1Lift()), state, action,
                rolledBack ? 1 : 0, num(bceReal), num(bceConst), version, servedVersion, csv(model), rows, labelled,
                drifting ? 1 : 0, csv(driftedFeatures), num(maxPsi), num(healLossBefore), num(healLossAfter),
                num(candidateHeldbackAcc), num(candidateHeldbackF1), num(currentHeldbackAcc), num(currentHeldbackF1),
                heldbackN, csv(verdict), csv(reasons), num(healthAcc), num(healthF1), num(healMs), tp, tn, fp, fn,
                frozenTp, frozenTn, frozenFp, frozenFn, shadowTp, shadowTn, shadowFp, shadowFn, num(outputEntropy),
                num(entropyZ), num(hiddenKl), csv(hiddenMoved), csv(featuresMoved), conceptAlarm ? 1 : 0};
        StringBuilder b = new StringBuilder(256);
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(v[i]);
        }
        return b.toString();
    }

    public static String csvHeader() {
        return String.join(",", COLUMNS);
    }

    private static String num(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6f", d) : "";
    }

    private static String csv(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"").replace('\n', ' ') + '"';
    }
}
