package dev.selfheal.lab.experiment;

import dev.selfheal.data.CsvFields;
import dev.selfheal.healer.BatchMetrics;

import java.util.List;

/** Reads a {@code metrics.csv} row (as {@link BatchMetrics#toCsvRow()} wrote it) back into an object. */
public final class MetricsRow {
    private MetricsRow() {}

    public static BatchMetrics parse(String line) {
        List<String> f = CsvFields.split(line);
        if (f.size() != BatchMetrics.COLUMNS.size()) {
            throw new IllegalArgumentException("metrics row has " + f.size() + " fields, expected "
                    + BatchMetrics.COLUMNS.size());
        }
        Fields v = new Fields(f);
        BatchMetrics m = new BatchMetrics();
        m.batchIdx = v.l("batch_idx");
        m.timestamp = v.l("timestamp");
        m.zScore = v.d("z_score");
        m.nConflicts = (int) v.l("n_conflicts");
        m.baselineAcc = v.d("baseline_acc");
        m.shadowAcc = v.d("shadow_acc");
        m.healedAcc = v.d("healed_acc");
        m.baselineF1 = v.d("baseline_f1");
        m.shadowF1 = v.d("shadow_f1");
        m.healedF1 = v.d("healed_f1");
        m.state = v.s("state");
        m.action = v.s("action");
        m.rolledBack = v.l("rolled_back") == 1;
        m.bceReal = v.d("bce_real");
        m.bceConst = v.d("bce_const");
        m.version = v.l("version");
        m.servedVersion = v.l("served_version");
        m.model = v.s("model");
        m.rows = (int) v.l("rows");
        m.labelled = (int) v.l("labelled");
        m.drifting = v.l("drifting") == 1;
        m.driftedFeatures = v.s("drifted_features");
        m.maxPsi = v.d("max_psi");
        m.healLossBefore = v.d("heal_loss_before");
        m.healLossAfter = v.d("heal_loss_after");
        m.candidateHeldbackAcc = v.d("candidate_heldback_acc");
        m.candidateHeldbackF1 = v.d("candidate_heldback_f1");
        m.currentHeldbackAcc = v.d("current_heldback_acc");
        m.currentHeldbackF1 = v.d("current_heldback_f1");
        m.heldbackN = (int) v.l("heldback_n");
        m.verdict = v.s("verdict");
        m.reasons = v.s("reasons");
        m.healthAcc = v.d("health_acc");
        m.healthF1 = v.d("health_f1");
        m.healMs = v.d("heal_ms");
        m.tp = v.l("tp");
        m.tn = v.l("tn");
        m.fp = v.l("fp");
        m.fn = v.l("fn");
        m.frozenTp = v.l("frozen_tp");
        m.frozenTn = v.l("frozen_tn");
        m.frozenFp = v.l("frozen_fp");
        m.frozenFn = v.l("frozen_fn");
        m.shadowTp = v.l("shadow_tp");
        m.shadowTn = v.l("shadow_tn");
        m.shadowFp = v.l("shadow_fp");
        m.shadowFn = v.l("shadow_fn");
        m.outputEntropy = v.d("output_entropy");
        m.entropyZ = v.d("entropy_z");
        m.hiddenKl = v.d("hidden_kl");
        m.hiddenMoved = v.s("hidden_moved");
        m.featuresMoved = v.s("features_moved");
        m.conceptAlarm = v.l("concept_alarm") == 1;
        return m;
    }

    private record Fields(List<String> f) {
        String s(String col) {
            return f.get(BatchMetrics.COLUMNS.indexOf(col));
        }

        double d(String col) {
            String x = s(col);
            return x.isEmpty() ? Double.NaN : Double.parseDouble(x);
        }

        long l(String col) {
            String x = s(col);
            return x.isEmpty() ? 0 : Long.parseLong(x);
        }
    }
}
