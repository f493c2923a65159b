package dev.selfheal.healer;

import dev.selfheal.drift.DriftReport;
import dev.selfheal.heal.HealthWindow;
import dev.selfheal.heal.HealthWindowState;
import dev.selfheal.metrics.Confusion;
import dev.selfheal.model.ServedAdapter;
import dev.selfheal.model.Standardizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes in the labels that arrived with a batch: new evidence on the served model (never trained
 * on), unless the label gate finds them corrupted. Splits them into training and held-back rows,
 * adds them to the health window, the held-back pool, the Platt pool and the input path's window,
 * and records what the input path's trigger reads (how surprising they were). Suspect labels wait
 * in quarantine; once a fit on the inputs predicts them better than the served model
 * ({@link LearnableDisagreement}), or an earlier version does ({@link RecallRemedy}: a concept that
 * came back), they are a changed concept and are learned from.
 */
final class LabelIntake {
    /** What the decision reads: this batch's training rows and the health window with its evidence. */
    record Taken(List<LabelledRow> train, HealthWindow window) {}

    /** Folds and penalty of the concept test's fit: those of the input path's defaults. */
    private static final int FOLDS = 5;
    private static final double LAMBDA = 1;
    /**
     * A pool this unlikely under the usual rate is carried to the next batch rather than counted as
     * usual: about one pool of usual labels in five waits a batch longer to be counted.
     */
    static final double CARRY_CHANCE = 0.2;

    private final String modelId;
    private final AdapterEvaluator evaluator;
    /** The model's input-path scale, for the concept test; null = no test. */
    private final Standardizer scale;
    /** Whether an earlier version predicts the suspect rows better; null = not asked. */
    private final RecallRemedy recall;

    LabelIntake(String modelId, AdapterEvaluator evaluator, Standardizer scale, RecallRemedy recall) {
        this.modelId = modelId;
        this.evaluator = evaluator;
        this.scale = scale;
        this.recall = recall;
    }

    Taken take(HealerState s, HealerConfig config, HealBatchInput in, double thr, double calibrationChange,
               DriftReport drift, BatchMetrics m, List<AuditRecord> audit, long now) {
        List<LabelledRow> usable = in.newlyLabelled();
        // The served model's view of the new labels, scored once for the gate, the surprise and health.
        Confusion labelled = null;
        float[] pLabelled = null;
        if (!usable.isEmpty()) {
            pLabelled = evaluator.probabilities(s.currentAdapter, LabelledRow.features(usable));
            labelled = Confusion.of(pLabelled, LabelledRow.labels(usable), thr);
            double disagreement = 1 - labelled.accuracy();
            HealerLimits limits = config.limits();
            boolean inputsStable = config.strategy().recalibrate() ? calibrationChange < limits.gateStableChange()
                    : drift == null || drift.driftedFeatures().isEmpty();
            String suspect = config.strategy().labelGate() ? LabelGate.check(disagreement, usable.size(), s.labelDisagreement,
                    inputsStable, config.strategy().labelGateMargin(), limits.gateMinRows(), limits.gateMinHistory()) : null;
            if (suspect != null) {
                List<LabelledRow> suspects = appendBounded(s.quarantine == null ? List.of() : s.quarantine, usable,
                        config.validationPool());
                float[] pSuspects = evaluator.probabilities(s.currentAdapter, LabelledRow.features(suspects));
                double z = conceptZ(testRows(suspects, pSuspects), thr);
                boolean learnable = LearnableDisagreement.learnable(z, config.strategy().labelGateConceptLevel());
                RecallRemedy.Found back = learnable ? null : earlierVersionExplaining(s, config, suspects, thr);
                if (learnable || back != null) {
                    // A changed concept: every suspect row is evidence of it, and the usual rate is history.
                    audit.add(conceptChange(s, in, usable.size(), suspects.size(), disagreement, z, Double.NaN, back,
                            now));
                    s.quarantine = new ArrayList<>();
                    s.labelDisagreement = new double[0];
                    // Labels from before the change describe the old concept: fits and judgements
                    // start again from the released rows, as they would for a freshly deployed model.
                    s.labelWindow = new ArrayList<>();
                    s.plattPool = new ArrayList<>();
                    s.heldBack = new ArrayList<>();
                    usable = suspects;
                    pLabelled = pSuspects;
                    labelled = Confusion.of(pLabelled, LabelledRow.labels(usable), thr);
                } else {
                    s.quarantine = suspects;
                    usable = List.of();
                    s.rejectedUpdates++;
                    m.action = "rejected";
                    m.verdict = "rejected";
                    m.reasons = suspect;
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("reasons", List.of(suspect));
                    d.put("labelled", in.newlyLabelled().size());
                    d.put("disagreement", disagreement);
                    d.put("concept_z", z);
                    d.put("suspect_rows", suspects.size());
                    audit.add(new AuditRecord(now, AuditRecord.REJECTED, modelId, s.currentVersion, in.batch(), d));
                }
            } else if (usable.size() >= limits.gateMinRows()) {
                s.labelDisagreement = LabelGate.remember(s.labelDisagreement, disagreement);
                s.quarantine = new ArrayList<>();
                s.gatePending = new ArrayList<>();
            } else if (config.strategy().labelGate() && config.strategy().labelGatePool()) {
                judgePooled(s, config, in, usable, inputsStable, thr, audit, now);
            }
        }
        if (config.inputPath().enabled() && !usable.isEmpty()) {
            // Prequential: each row is judged by the model served when its label arrived.
            s.labelSurprise = LabelSurprise.add(s.labelSurprise, pLabelled, LabelledRow.labels(usable));
        }
        List<LabelledRow> train = new ArrayList<>();
        List<LabelledRow> held = new ArrayList<>();
        for (LabelledRow r : usable) {
            (HoldBack.isHeldBack(r.id, config.holdbackShare()) ? held : train).add(r);
        }
        HealthWindow window = HealthWindow.fromState(new HealthWindowState(config.healthWindow(), s.healthAccuracy,
                s.healthF1));
        if (!usable.isEmpty()) {
            addHealth(s, window, labelled, config.strategy().healthMinRows());
        }
        addHeldBack(s, held, config.validationPool());
        if (config.strategy().platt()) {
            s.plattPool = appendBounded(s.plattPool, train, config.strategy().plattPool());
        }
        if (config.inputPath().enabled()) {
            s.labelWindow = appendBounded(s.labelWindow, train, config.inputPath().window());
        }
        return new Taken(train, window);
    }

    /**
     * A batch with fewer labelled rows than the gate judges joins the ones before it until together
     * they hold enough, then they are judged as one batch. With scarce labels (a tenth of the rows,
     * requested ones) no single batch is ever judged, so a concept that changed would stay mixed
     * with the old one in every fit until the old labels aged out of the windows. The pooled labels
     * were learned from as they came (a batch too small to judge is used as it is), so suspect rows
     * are not refused here; when they, or their newest batches, are a changed concept (the same tests
     * as for a suspect batch), the fits forget the labels from before it. Suspect rows that are not
     * (yet) stay pooled and are judged again with the next batch's. With the tests for small changes
     * on (labels.gate-pool-likelihood), a pool is also suspect when it disagrees beyond chance, waits
     * for more rows when it disagrees more than usual but not yet beyond chance, and is a changed
     * concept when the inputs explain it beyond a refit of the served score.
     */
    private void judgePooled(HealerState s, HealerConfig config, HealBatchInput in, List<LabelledRow> usable,
                             boolean inputsStable, double thr, List<AuditRecord> audit, long now) {
        HealerLimits limits = config.limits();
        List<LabelledRow> pool = appendBounded(s.gatePending == null ? List.of() : s.gatePending, usable,
                config.validationPool());
        s.gatePending = pool;
        if (pool.size() < limits.gateMinRows()) {
            return;
        }
        float[] p = evaluator.probabilities(s.currentAdapter, LabelledRow.features(pool));
        Confusion judged = Confusion.of(p, LabelledRow.labels(pool), thr);
        double disagreement = 1 - judged.accuracy();
        String suspect = LabelGate.check(disagreement, pool.size(), s.labelDisagreement, inputsStable,
                config.strategy().labelGateMargin(), limits.gateMinRows(), limits.gateMinHistory());
        boolean lik = config.strategy().labelGatePoolLikelihood();
        int disagreeing = (int) (judged.fp() + judged.fn());
        double chance = lik ? LabelGate.chanceOfDisagreement(disagreeing, pool.size(), s.labelDisagreement,
                inputsStable, limits.gateMinRows(), limits.gateMinHistory()) : 1;
        if (suspect == null && chance < config.strategy().labelGateConceptLevel()) {
            suspect = LabelGate.beyondChance(disagreeing, pool.size(), s.labelDisagreement, chance);
        }
        if (suspect == null && chance < CARRY_CHANCE && pool.size() < config.validationPool()) {
            // Above the usual rate, but not yet beyond chance: neither usual nor suspect. The pool
            // waits for the next batch's rows rather than join the usual rate, which a change that
            // shows a few rows at a time would otherwise enter pool by pool.
            return;
        }
        if (suspect == null) {
            s.labelDisagreement = LabelGate.remember(s.labelDisagreement, disagreement);
            s.gatePending = new ArrayList<>();
            return;
        }
        // A pool kept from earlier batches may have begun before the change: its newest batches alone
        // may be the new concept, which the fit explains where the whole pool's old rows spoil it.
        // Each tail from a batch boundary with enough rows is tested, the level shared among them.
        int[] starts = tailStarts(pool, limits.gateMinRows());
        double level = config.strategy().labelGateConceptLevel() / starts.length / (lik ? 2 : 1);
        List<LabelledRow> changed = null;
        double z = 0;
        double ratio = Double.NaN;
        for (int start : starts) {
            List<LabelledRow> tail = pool.subList(start, pool.size());
            Suspects rows = testRows(tail, java.util.Arrays.copyOfRange(p, start, p.length));
            double zt = conceptZ(rows, thr);
            boolean learnable = LearnableDisagreement.learnable(zt, level);
            if (!learnable && lik) {
                double rt = inputsBeyondScore(rows, level);
                learnable = rt > 1;
                ratio = learnable ? rt : ratio;
            }
            if (start == 0 || learnable) {
                z = zt;
            }
            if (learnable) {
                changed = tail;
                break;
            }
        }
        RecallRemedy.Found back = changed != null ? null : earlierVersionExplaining(s, config, pool, thr);
        if (changed == null && back == null) {
            // Judged again with the next batch's rows added: a concept that needs more rows to show
            // gets them, as quarantined rows do.
            return;
        }
        if (changed == null) {
            changed = pool;
        }
        s.gatePending = new ArrayList<>();
        audit.add(conceptChange(s, in, pool.size(), changed.size(), disagreement, z, ratio, back, now));
        s.labelDisagreement = new double[0];
        long since = changed.stream().mapToLong(r -> r.batch).min().orElse(in.batch());
        s.labelWindow = since(s.labelWindow, since);
        s.plattPool = since(s.plattPool, since);
        s.heldBack = since(s.heldBack, since);
    }

    /** Where the pool's tails begin: the start and each batch boundary after which {@code minRows} rows remain. */
    static int[] tailStarts(List<LabelledRow> pool, int minRows) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 1; i <= pool.size() - minRows; i++) {
            if (pool.get(i).batch != pool.get(i - 1).batch) {
                starts.add(i);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The rows of batch {@code batch} and after. */
    private static List<LabelledRow> since(List<LabelledRow> rows, long batch) {
        List<LabelledRow> out = new ArrayList<>();
        for (LabelledRow r : rows) {
            if (r.batch >= batch) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Adds a batch's evidence on the served model to the health window, pooling small batches until
     * {@code minRows} labelled rows are there (0 = every batch counts on its own, the reference).
     */
    private static void addHealth(HealerState s, HealthWindow window, Confusion c, int minRows) {
        if (minRows <= 0) {
            window.add(c.accuracy(), c.f1());
            return;
        }
        long[] p = s.healthPending == null || s.healthPending.length != 4 ? new long[4] : s.healthPending;
        Confusion pooled = new Confusion(p[0] + c.tp(), p[1] + c.tn(), p[2] + c.fp(), p[3] + c.fn());
        if (pooled.total() >= minRows) {
            window.add(pooled.accuracy(), pooled.f1());
            s.healthPending = new long[4];
        } else {
            s.healthPending = new long[] {pooled.tp(), pooled.tn(), pooled.fp(), pooled.fn()};
        }
    }

    /**
     * An earlier version that predicts the suspect rows better than the served one (a concept that
     * came back), or null. Asked only while the concept test is on, and, as for the fit, only of rows
     * that hold both classes.
     */
    private RecallRemedy.Found earlierVersionExplaining(HealerState s, HealerConfig config,
                                                        List<LabelledRow> suspects, double thr) {
        if (recall == null || config.strategy().labelGateConceptLevel() <= 0
                || LearnableDisagreement.minorityShare(LabelledRow.labels(suspects))
                < LearnableDisagreement.MIN_CLASS_SHARE) {
            return null;
        }
        return recall.best(s, RecallRemedy.newestFirst(suspects, List.of(), suspects.size()), thr);
    }

    /** Suspect rows as both concept tests read them: the served logit, the standardised inputs, the labels. */
    private record Suspects(double[] logits, double[][] inputs, int[] labels) {}

    /** The rows as the concept tests read them; null when the model has no input-path scale (no test). */
    private Suspects testRows(List<LabelledRow> rows, float[] p) {
        if (scale == null) {
            return null;
        }
        double[] z = new double[rows.size()];
        double[][] u = new double[rows.size()][];
        for (int i = 0; i < z.length; i++) {
            z[i] = ServedAdapter.logit(p[i]);
            u[i] = InputPathRemedy.standardised(rows.get(i).features, scale);
        }
        return new Suspects(z, u, LabelledRow.labels(rows));
    }

    /** The sign test's z on the suspect rows: does a fit on the inputs predict them better? */
    private static double conceptZ(Suspects r, double thr) {
        return r == null ? 0 : LearnableDisagreement.z(r.logits(), r.inputs(), r.labels(), thr, FOLDS, LAMBDA);
    }

    /** The likelihood test on the suspect rows: do the inputs explain them beyond the served score? */
    private static double inputsBeyondScore(Suspects r, double level) {
        return r == null ? 0 : LearnableDisagreement.inputsBeyondScore(r.logits(), r.inputs(), r.labels(), LAMBDA,
                level);
    }

    /** {@code inputsRatio}: the likelihood test's ratio to its bar when it decided, else NaN. */
    private AuditRecord conceptChange(HealerState s, HealBatchInput in, int judged, int rows, double disagreement,
                                      double z, double inputsRatio, RecallRemedy.Found back, long now) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", AuditRecord.CONCEPT_CHANGE);
        String why = back != null
                ? String.format(java.util.Locale.ROOT, "v%d, an earlier version, predicts them better (z = %.1f)",
                        back.version().version(), back.comparison().z())
                : Double.isNaN(inputsRatio)
                ? String.format(java.util.Locale.ROOT, "a fit on the inputs predicts the suspect rows it did not see "
                        + "better (z = %.1f)", z)
                : String.format(java.util.Locale.ROOT, "the inputs explain them beyond a refit of the served score "
                        + "(likelihood ratio %.2f times its bar)", inputsRatio);
        d.put("reasons", List.of(String.format(java.util.Locale.ROOT, "labels disagree with the served model on "
                + "%.0f%% of %d rows while the inputs are stable, and %s: a changed concept, learned from",
                100 * disagreement, judged, why)));
        d.put("suspect_rows", rows);
        d.put("concept_z", z);
        if (!Double.isNaN(inputsRatio)) {
            d.put("inputs_ratio", inputsRatio);
        }
        if (back != null) {
            d.put("earlier_version", back.version().version());
            d.put("earlier_version_z", back.comparison().z());
        }
        return new AuditRecord(now, AuditRecord.DRIFT, modelId, s.currentVersion, in.batch(), d);
    }

    private static List<LabelledRow> appendBounded(List<LabelledRow> pool, List<LabelledRow> add, int max) {
        List<LabelledRow> out = new ArrayList<>(pool);
        out.addAll(add);
        int excess = out.size() - max;
        return excess > 0 ? new ArrayList<>(out.subList(excess, out.size())) : out;
    }

    private static void addHeldBack(HealerState s, List<LabelledRow> held, int validationPool) {
        if (held.isEmpty()) {
            return;
        }
        List<LabelledRow> pool = new ArrayList<>(s.heldBack);
        pool.addAll(held);
        int excess = pool.size() - validationPool;
        s.heldBack = excess > 0 ? new ArrayList<>(pool.subList(excess, pool.size())) : pool;
    }

}
