package dev.selfheal.healer;

import dev.selfheal.heal.Candidate;
import dev.selfheal.heal.Registry;
import dev.selfheal.heal.Scores;
import dev.selfheal.heal.ServingVersions;
import dev.selfheal.heal.Snapshot;
import dev.selfheal.heal.SnapshotTag;
import dev.selfheal.heal.Validation;
import dev.selfheal.heal.Verdict;
import dev.selfheal.metrics.Confusion;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ServedAdapter;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Realises an update the healer decided on: asks the remedies for a candidate, has it validated on
 * held-back rows, and records it (snapshots before and after), serves it, holds it for approval,
 * or refuses it, with the audit record and the batch's metrics either way.
 */
final class UpdateRealiser {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Where one batch's results go. */
    record Outputs(BatchMetrics metrics, List<AuditRecord> audit, List<PublishedAdapter> published, long now) {}

    private final String modelId;
    private final FraudModel model;
    private final AdapterEvaluator evaluator;
    private final Validation validation;
    private final Validation accuracyValidation;

    UpdateRealiser(String modelId, FraudModel model, AdapterEvaluator evaluator, Validation validation,
                   Validation accuracyValidation) {
        this.modelId = modelId;
        this.model = model;
        this.evaluator = evaluator;
        this.validation = validation;
        this.accuracyValidation = accuracyValidation;
    }

    /**
     * Realises one update: each remedy of {@code chain} builds on the candidate of the one before,
     * then the composed candidate is validated on held-back rows as a whole and recorded, served
     * (or held for approval) or refused, with snapshots before and after.
     */
    boolean composed(HealerState s, Registry registry, RemedyContext rc, List<Remedy> chain, Outputs out) {
        BatchMetrics m = out.metrics();
        List<AuditRecord> audit = out.audit();
        long now = out.now();
        HealingStrategy strategy = rc.config().strategy();
        HealBatchInput in = rc.in();
        double thr = rc.threshold();
        ServedAdapter candidate = split(s.currentAdapter);
        ServingVersions serving = new ServingVersions(s.currentVersion, s.shadowVersion);
        Snapshot served = registry.get(s.currentVersion).orElse(null);
        long started = System.nanoTime();
        long startedCpu = threadCpuNanos();
        List<Remedy.Proposal> parts = new ArrayList<>();
        Remedy.Proposal trained = null;
        for (Remedy remedy : chain) {
            Remedy.Proposal p = remedy.propose(rc, candidate);
            if (p != null) {
                candidate = p.candidate();
                parts.add(p);
                trained = p.trained() ? p : trained;
            }
        }
        if (parts.isEmpty()) {
            m.action = "none";
            return false;
        }
        String describe = String.join(" + ", parts.stream().map(Remedy.Proposal::describe).toList());
        Snapshot pre = registry.record(SnapshotTag.PRE_HEAL, s.currentVersion, in.batch(),
                "before " + describe + " at batch " + in.batch(), s.currentAdapter,
                served == null ? Scores.NONE : served.scores(), serving);
        m.healMs = (System.nanoTime() - started) / 1e6;
        m.healCpuMs = startedCpu < 0 ? Double.NaN : (threadCpuNanos() - startedCpu) / 1e6;
        // Without a gradient step there is no training loss; 0/0 keeps the loss bound neutral.
        m.healLossBefore = trained == null ? Double.NaN : trained.lossBefore();
        m.healLossAfter = trained == null ? Double.NaN : trained.lossAfter();
        float[] candidateVector = candidate.toVector();

        Scores currentHeld = Scores.NONE;
        Scores candidateHeld = Scores.NONE;
        if (!s.heldBack.isEmpty()) {
            currentHeld = scores(s.currentAdapter, s.heldBack, thr);
            candidateHeld = scores(candidateVector, s.heldBack, thr);
        }
        m.currentHeldbackAcc = currentHeld.accuracy();
        m.currentHeldbackF1 = currentHeld.f1();
        m.candidateHeldbackAcc = candidateHeld.accuracy();
        m.candidateHeldbackF1 = candidateHeld.f1();
        m.heldbackN = s.heldBack.size();
        if (served != null && currentHeld.isMeasured()) {
            // Fresh evidence on the served version, for later rollback targeting.
            registry.updateScores(served.version(), currentHeld);
        }
        Verdict verdict = validation(strategy).check(new Candidate(s.currentAdapter, candidateVector,
                trained == null ? 0 : trained.lossBefore(), trained == null ? 0 : trained.lossAfter(), currentHeld,
                candidateHeld));
        m.verdict = verdict.accepted() ? "accepted" : "rejected";
        // Keep what this batch already noted (a rollback that was due but skipped, labels the gate
        // refused): the update's verdict must not erase it from the metrics row.
        String verdictText = String.join("; ", verdict.accepted() ? verdict.notes() : verdict.reasons());
        m.reasons = m.reasons.isEmpty() ? verdictText
                : verdictText.isEmpty() ? m.reasons : m.reasons + "; " + verdictText;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("pre_heal_version", pre.version());
        d.put("update", describe);
        for (Remedy.Proposal p : parts) {
            d.putAll(p.details());
        }
        d.put("labelled", rc.train().size());
        d.put("current_heldback", scoresMap(currentHeld));
        d.put("candidate_heldback", scoresMap(candidateHeld));
        d.put("heal_ms", m.healMs);
        if (!verdict.accepted()) {
            s.rejectedUpdates++;
            m.action = "rejected";
            d.put("reasons", verdict.reasons());
            audit.add(new AuditRecord(now, AuditRecord.REJECTED, modelId, s.currentVersion, in.batch(), d));
            return false;
        }
        d.put("notes", verdict.notes());
        Snapshot post = registry.record(SnapshotTag.POST_HEAL, pre.version(), in.batch(),
                describe + " at batch " + in.batch(), candidateVector, candidateHeld, serving);
        for (Remedy.Proposal p : parts) {
            p.onAccept().accept(s);
        }
        accept(s, post, candidateHeld, in.batch(), d, rc.config(), out);
        return true;
    }

    /**
     * An accepted candidate, recorded as {@code post}: held for a human under manual approval, else
     * served, with its held-back scores as the new baseline.
     */
    private void accept(HealerState s, Snapshot post, Scores held, long batch, Map<String, Object> d,
                        HealerConfig config, Outputs out) {
        BatchMetrics m = out.metrics();
        List<AuditRecord> audit = out.audit();
        long now = out.now();
        s.heals++;
        if (config.manualApproval()) {
            s.pendingApproval = post.version();
            m.action = "awaiting_approval";
            audit.add(new AuditRecord(now, AuditRecord.AWAITING_APPROVAL, modelId, post.version(), batch, d));
            return;
        }
        m.action = "heal";
        serve(modelId, s, post, out.published(), "heal");
        if (held.isMeasured()) {
            s.baselineAccuracy = held.accuracy();
            s.baselineF1 = held.f1();
        }
        audit.add(new AuditRecord(now, AuditRecord.HEAL, modelId, post.version(), batch, d));
    }

    /**
     * Asks a remedy for a candidate, has it judged on held-back rows, and records, serves (or holds
     * for approval) or refuses it, with snapshots before and after as for every update.
     */
    boolean onItsOwn(HealerState s, Registry registry, Remedy remedy, RemedyContext rc, Outputs out) {
        BatchMetrics m = out.metrics();
        List<AuditRecord> audit = out.audit();
        long now = out.now();
        HealBatchInput in = rc.in();
        long started = System.nanoTime();
        Remedy.Proposal proposal = remedy.propose(rc, split(s.currentAdapter));
        if (proposal == null) {
            return false;
        }
        Remedy.Judgement verdict = remedy.judge(rc, proposal);
        if (verdict == null) {
            throw new IllegalStateException(remedy.name() + " proposes on its own and must judge its candidates");
        }
        double ms = (System.nanoTime() - started) / 1e6;
        m.healMs += ms;
        ServingVersions serving = new ServingVersions(s.currentVersion, s.shadowVersion);
        Map<String, Object> d = new LinkedHashMap<>(proposal.details());
        d.putAll(verdict.details());
        d.put("update", proposal.describe());
        d.put("remedy", remedy.name());
        d.put("heal_ms", ms);
        String note = remedy.name() + ": " + verdict.reason();
        m.reasons = m.reasons.isEmpty() ? note : m.reasons + "; " + note;
        if (!verdict.accepted()) {
            s.rejectedUpdates++;
            if ("none".equals(m.action)) {
                m.action = "rejected";
                m.verdict = "rejected";
            }
            d.put("reasons", List.of(verdict.reason()));
            audit.add(new AuditRecord(now, AuditRecord.REJECTED, modelId, s.currentVersion, in.batch(), d));
            return false;
        }
        Snapshot served = registry.get(s.currentVersion).orElse(null);
        Snapshot pre = registry.record(SnapshotTag.PRE_HEAL, s.currentVersion, in.batch(),
                "before " + remedy.name() + " at batch " + in.batch(), s.currentAdapter,
                served == null ? Scores.NONE : served.scores(), serving);
        float[] candidate = proposal.candidate().toVector();
        Scores held = s.heldBack.isEmpty() ? Scores.NONE : scores(candidate, s.heldBack, rc.threshold());
        Snapshot post = registry.record(SnapshotTag.POST_HEAL, pre.version(), in.batch(),
                proposal.describe() + " at batch " + in.batch(), candidate, held, serving);
        d.put("pre_heal_version", pre.version());
        d.put("notes", List.of(verdict.reason()));
        m.verdict = "accepted";
        accept(s, post, held, in.batch(), d, rc.config(), out);
        return true;
    }

    /** This thread's CPU time in ns, or -1 where the JVM does not measure it. */
    private static long threadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    private Validation validation(HealingStrategy strategy) {
        return strategy.validateOnAccuracyOnly() ? accuracyValidation : validation;
    }

    /** Serves a snapshot: it becomes current and is published to the scorers. */
    static void serve(String modelId, HealerState s, Snapshot snap, List<PublishedAdapter> published, String reason) {
        s.currentVersion = snap.version();
        s.currentAdapter = snap.adapter().clone();
        published.add(new PublishedAdapter(modelId, snap.version(), s.currentAdapter.clone(), reason));
    }

    Scores scores(float[] adapter, List<LabelledRow> rows, double threshold) {
        Confusion c = Confusion.of(evaluator.probabilities(adapter, LabelledRow.features(rows)),
                LabelledRow.labels(rows), threshold);
        return new Scores(c.accuracy(), c.f1(), rows.size());
    }

    private static Map<String, Object> scoresMap(Scores s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", s.accuracy());
        m.put("f1", s.f1());
        m.put("n", s.n());
        return m;
    }



    private ServedAdapter split(float[] vector) {
        return ServedAdapter.of(vector, model.adapterShape(), model.features().size());
    }
}
