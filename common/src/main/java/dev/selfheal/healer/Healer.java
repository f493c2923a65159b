package dev.selfheal.healer;

import dev.selfheal.data.Transaction;
import dev.selfheal.drift.DriftMonitor;
import dev.selfheal.drift.DriftReport;
import dev.selfheal.drift.FeatureDrift;
import dev.selfheal.drift.FidiState;
import dev.selfheal.heal.Baseline;
import dev.selfheal.heal.BatchFacts;
import dev.selfheal.heal.Candidate;
import dev.selfheal.heal.FiniteWeights;
import dev.selfheal.heal.HealDecision;
import dev.selfheal.heal.HealState;
import dev.selfheal.heal.HealStateMachine;
import dev.selfheal.heal.HealTransition;
import dev.selfheal.heal.HealTrigger;
import dev.selfheal.heal.HealthWindow;
import dev.selfheal.heal.HealthWindowState;
import dev.selfheal.heal.HeldBackComparison;
import dev.selfheal.heal.LossDeltaBound;
import dev.selfheal.heal.NormBound;
import dev.selfheal.heal.Registry;
import dev.selfheal.heal.RetentionPolicy;
import dev.selfheal.heal.RollbackDecision;
import dev.selfheal.heal.RollbackPolicy;
import dev.selfheal.heal.SameShape;
import dev.selfheal.heal.Scores;
import dev.selfheal.heal.ServingVersions;
import dev.selfheal.heal.Snapshot;
import dev.selfheal.heal.SnapshotStore;
import dev.selfheal.heal.SnapshotTag;
import dev.selfheal.heal.StateChange;
import dev.selfheal.heal.Validation;
import dev.selfheal.heal.Verdict;
import dev.selfheal.metrics.Confusion;
import dev.selfheal.model.Adapter;
import dev.selfheal.model.AdamState;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.HealBatch;
import dev.selfheal.model.HealResult;
import dev.selfheal.model.HealingTrainer;
import dev.selfheal.rules.Conflicts;
import dev.selfheal.rules.RuleParser;
import dev.selfheal.rules.RuleSet;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What happens when a heal batch is complete: collect (score the batch with the served, frozen and
 * shadow adapters; drift signals; conflicts with the rules), evaluate (health window on labels that
 * arrived), decide (roll back, heal, or nothing), realise (train a candidate, validate it on
 * held-back labelled rows, record snapshots, publish). Plain Java: the Flink HEAL operator only
 * stores {@link HealerState} and the registry and forwards the outcome.
 */
public final class Healer implements AutoCloseable {
    private final String modelId;
    private final FraudModel model;
    private final HealerConfig baseConfig;
    private HealerConfig config;
    private final Clock clock;
    private final RuleSet rules;
    private final HealingTrainer trainer;
    private final AdapterEvaluator evaluator;
    private final Validation validation;
    private final String keyFeature;

    public Healer(String modelId, FraudModel model, HealerConfig config, Clock clock, String keyFeatureOverride) {
        this.modelId = modelId;
        this.model = model;
        this.baseConfig = config;
        this.config = config;
        this.clock = clock;
        this.rules = model.rules() == null || model.rules().isBlank() ? null
                : RuleParser.parse(model.rules(), model.features());
        this.keyFeature = keyFeatureOverride != null && !keyFeatureOverride.isBlank() ? keyFeatureOverride
                : model.keyFeature();
        if (keyFeature == null || !model.features().contains(keyFeature)) {
            throw new IllegalArgumentException("drift key feature '" + keyFeature + "' is not a model feature "
                    + model.features());
        }
        if (model.trainingStats() == null) {
            throw new IllegalArgumentException("the model has no training statistics; retrain it with `train`");
        }
        this.trainer = new HealingTrainer(model.frozen(), model.standardizer());
        this.evaluator = new AdapterEvaluator(model);
        this.validation = new Validation(List.of(new SameShape(), new FiniteWeights(), new NormBound(config.maxNorm()),
                new LossDeltaBound(config.maxLossIncrease()),
                new HeldBackComparison(config.validationMinSamples(), config.validationTolerance())));
    }

    /**
     * Sets up a fresh state: the deployed adapter becomes version 1 (INITIAL, scored on the clean
     * test set when the manifest has that figure) and is the shadow unless configured otherwise.
     */
    public List<AuditRecord> initialise(HealerState s, SnapshotStore store) {
        Registry registry = registry(s, store);
        float[] adapter = model.adapter().params().clone();
        Scores initialScores = cleanScores();
        Snapshot v1 = registry.record(SnapshotTag.INITIAL, 0, 0, "deployed model", adapter, initialScores,
                new ServingVersions(1, 1));
        s.lastVersion = registry.lastVersion();
        s.currentVersion = v1.version();
        s.currentAdapter = adapter.clone();
        s.shadowVersion = v1.version();
        s.shadowAdapter = adapter.clone();
        AdamState fresh = AdamState.fresh(adapter.length);
        s.adamM = fresh.m();
        s.adamV = fresh.v();
        s.adamStep = 0;
        s.baselineAccuracy = initialScores.accuracy();
        s.baselineF1 = initialScores.f1();
        s.healthAccuracy = new double[0];
        s.healthF1 = new double[0];
        s.state = HealState.HEALTHY.name();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reason", "deployed model registered as version 1");
        d.put("baseline_accuracy", initialScores.accuracy());
        d.put("baseline_f1", initialScores.f1());
        return List.of(new AuditRecord(clock.millis(), AuditRecord.DEPLOYED, modelId, 1, 0, d));
    }

    /** Applies {@code shadow.version} once the registry holds it. */
    public void selectShadow(HealerState s, SnapshotStore store, long version) {
        registry(s, store).get(version).ifPresent(snap -> {
            s.shadowVersion = snap.version();
            s.shadowAdapter = snap.adapter().clone();
        });
    }

    private Scores cleanScores() {
        Map<String, Object> clean = model.metrics().get("clean_test");
        if (clean == null) {
            return Scores.NONE;
        }
        Object acc = clean.get("accuracy");
        Object f1 = clean.get("f1");
        Object n = clean.getOrDefault("n", 0);
        if (acc instanceof Number a && f1 instanceof Number f) {
            return new Scores(a.doubleValue(), f.doubleValue(), n instanceof Number nn ? nn.intValue() : 0);
        }
        return Scores.NONE;
    }

    public BatchOutcome process(HealerState s, SnapshotStore store, HealBatchInput in) {
        if (!s.initialised()) {
            throw new IllegalStateException("healer state not initialised");
        }
        long now = clock.millis();
        config = baseConfig.withOverrides(s);
        RollbackPolicy rollbackPolicy = new RollbackPolicy(config.rollbackF1Drop(), config.rollbackAccDrop());
        Registry registry = registry(s, store);
        List<AuditRecord> audit = new ArrayList<>();
        List<PublishedAdapter> published = new ArrayList<>();
        BatchMetrics m = new BatchMetrics();
        m.batchIdx = in.batch();
        m.timestamp = in.timestamp();
        m.model = modelId;
        m.rows = in.rows().size();
        m.labelled = in.newlyLabelled().size();
        m.servedVersion = s.currentVersion;
        s.batches++;

        // 1. Collect: score the batch as the models stood before learning from it (prequential).
        float[][] x = features(in.rows());
        int[] truth = trueLabels(in.rows());
        float[] pServed = evaluator.probabilities(s.currentAdapter, x);
        float[] pFrozen = evaluator.probabilities(model.adapter().params(), x);
        float[] pShadow = s.shadowVersion == 1 ? pFrozen : evaluator.probabilities(s.shadowAdapter, x);
        fillPrequential(m, x, truth, pServed, pFrozen, pShadow);

        DriftReport drift = null;
        if (x.length > 0) {
            DriftMonitor monitor = DriftMonitor.restore(model.trainingStats(), keyFeature, config.drift(),
                    new FidiState(s.fidiRecentMeans, s.fidiObserved));
            drift = monitor.observe((int) Math.min(Integer.MAX_VALUE, in.batch()), x);
            FidiState fs = monitor.state();
            s.fidiRecentMeans = fs.recentMeans();
            s.fidiObserved = fs.observed();
            m.zScore = drift.fidiZ();
            m.drifting = drift.fidiDrifting();
            m.driftedFeatures = drift.driftedFeatures().stream().map(FeatureDrift::name).collect(Collectors.joining(" "));
            m.maxPsi = drift.features().stream().mapToDouble(FeatureDrift::psi).max().orElse(0);
            if (!drift.driftedFeatures().isEmpty() || drift.fidiDrifting()) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("fidi_z", drift.fidiZ());
                d.put("drifting", drift.fidiDrifting());
                d.put("explain", drift.explain());
                audit.add(new AuditRecord(now, AuditRecord.DRIFT, modelId, s.currentVersion, in.batch(), d));
            }
        }
        int conflicts = rules == null ? 0 : Conflicts.count(pServed, x, rules, config.conflictProb());
        m.nConflicts = conflicts;

        // 2. Evaluate: labels that arrived are new evidence on the served model (never trained on).
        List<LabelledRow> train = new ArrayList<>();
        List<LabelledRow> held = new ArrayList<>();
        for (LabelledRow r : in.newlyLabelled()) {
            (HoldBack.isHeldBack(r.id, config.holdbackShare()) ? held : train).add(r);
        }
        HealthWindow window = HealthWindow.fromState(new HealthWindowState(config.healthWindow(), s.healthAccuracy,
                s.healthF1));
        if (!in.newlyLabelled().isEmpty()) {
            Confusion c = confusion(s.currentAdapter, in.newlyLabelled());
            window.add(c.accuracy(), c.f1());
        }
        addHeldBack(s, held);

        // 3. Decide: a rollback first (it resets the window), else maybe a heal.
        Baseline baseline = new Baseline(s.baselineAccuracy, s.baselineF1);
        boolean drifting = drift != null && drift.fidiDrifting();
        boolean rolledBack = false;
        boolean healAttempted = false;
        boolean healAccepted = false;
        m.action = "none";
        RollbackDecision rb = baseline.isSet() ? rollbackPolicy.decide(baseline, window, registry, s.currentVersion)
                : RollbackDecision.none("no baseline");
        if (rb.rollback()) {
            Snapshot target = registry.get(rb.targetVersion()).orElseThrow();
            long from = s.currentVersion;
            // Read before the reset below empties the window: these are the figures that triggered it.
            double healthAcc = meanOrNaN(window, false);
            double healthF1 = meanOrNaN(window, true);
            Snapshot rolled = registry.record(SnapshotTag.ROLLBACK, target.version(), in.batch(),
                    "rollback from v" + from + ": " + rb.reason(), target.adapter(), target.scores(),
                    new ServingVersions(s.currentVersion, s.shadowVersion));
            serve(s, rolled, published, "rollback");
            window.reset();
            s.baselineAccuracy = target.scores().accuracy();
            s.baselineF1 = target.scores().f1();
            s.rollbacks++;
            rolledBack = true;
            m.action = "rollback";
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("from_version", from);
            d.put("target_version", target.version());
            d.put("reason", rb.reason());
            d.put("health_accuracy", healthAcc);
            d.put("health_f1", healthF1);
            audit.add(new AuditRecord(now, AuditRecord.ROLLBACK, modelId, rolled.version(), in.batch(), d));
        } else {
            HealDecision decision = new HealTrigger(config.conflictMin(), s.frozen, config.cooldownBatches())
                    .decide(drifting, conflicts, in.batch(), s.lastHealBatch);
            if (s.frozen && (drifting || conflicts >= config.conflictMin())) {
                m.action = "frozen";
            }
            if (decision.heal() && s.pendingApproval == 0) {
                healAttempted = true;
                healAccepted = heal(s, registry, in, x, pServed, train, m, audit, published, now);
                s.lastHealBatch = in.batch();
            }
        }
        m.healthAcc = window.count() > 0 ? window.meanAccuracy() : Double.NaN;
        m.healthF1 = window.count() > 0 ? window.meanF1() : Double.NaN;
        HealthWindowState ws = window.toState();
        s.healthAccuracy = ws.accuracy();
        s.healthF1 = ws.f1();

        // 4. State machine: every state entered is an audit event.
        HealState before = HealState.valueOf(s.state);
        HealTransition t = new HealStateMachine().step(before, new BatchFacts(drifting, healAttempted, healAccepted,
                rolledBack, !drifting && conflicts < config.conflictMin()));
        for (StateChange c : t.changes()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("from", c.from().name());
            d.put("to", c.to().name());
            d.put("reason", c.reason());
            audit.add(new AuditRecord(now, AuditRecord.STATE, modelId, s.currentVersion, in.batch(), d));
        }
        s.state = t.state().name();
        m.state = s.state;
        m.rolledBack = rolledBack;
        m.version = s.currentVersion;
        s.lastVersion = registry.lastVersion();
        return new BatchOutcome(published, m, audit);
    }

    private static double meanOrNaN(HealthWindow w, boolean f1) {
        return w.count() == 0 ? Double.NaN : (f1 ? w.meanF1() : w.meanAccuracy());
    }

    private boolean heal(HealerState s, Registry registry, HealBatchInput in, float[][] x, float[] pServed,
                         List<LabelledRow> train, BatchMetrics m, List<AuditRecord> audit,
                         List<PublishedAdapter> published, long now) {
        HealBatch batch = healBatch(in, x, pServed, s.currentAdapter, train);
        if (batch.size() == 0) {
            m.action = "none";
            return false;
        }
        ServingVersions serving = new ServingVersions(s.currentVersion, s.shadowVersion);
        Snapshot current = registry.get(s.currentVersion).orElse(null);
        Snapshot pre = registry.record(SnapshotTag.PRE_HEAL, s.currentVersion, in.batch(),
                "before heal at batch " + in.batch(), s.currentAdapter,
                current == null ? Scores.NONE : current.scores(), serving);
        long started = System.nanoTime();
        Adapter currentAdapter = new Adapter(model.frozen().hidden(), s.currentAdapter);
        HealResult r = trainer.heal(currentAdapter, new AdamState(s.adamM, s.adamV, s.adamStep), batch, config.heal());
        m.healMs = (System.nanoTime() - started) / 1e6;
        m.healLossBefore = r.lossBefore();
        m.healLossAfter = r.lossAfter();

        Scores currentHeld = Scores.NONE;
        Scores candidateHeld = Scores.NONE;
        if (!s.heldBack.isEmpty()) {
            currentHeld = scores(s.currentAdapter, s.heldBack);
            candidateHeld = scores(r.candidate().params(), s.heldBack);
        }
        m.currentHeldbackAcc = currentHeld.accuracy();
        m.currentHeldbackF1 = currentHeld.f1();
        m.candidateHeldbackAcc = candidateHeld.accuracy();
        m.candidateHeldbackF1 = candidateHeld.f1();
        m.heldbackN = s.heldBack.size();
        if (current != null && currentHeld.isMeasured()) {
            // Fresh evidence on the served version, for later rollback targeting.
            registry.updateScores(current.version(), currentHeld);
        }
        Verdict verdict = validation.check(new Candidate(s.currentAdapter, r.candidate().params(), r.lossBefore(),
                r.lossAfter(), currentHeld, candidateHeld));
        m.verdict = verdict.accepted() ? "accepted" : "rejected";
        m.reasons = String.join("; ", verdict.accepted() ? verdict.notes() : verdict.reasons());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("pre_heal_version", pre.version());
        d.put("loss_before", r.lossBefore());
        d.put("loss_after", r.lossAfter());
        d.put("pos_weight", r.positiveWeight());
        d.put("rows", batch.size());
        d.put("labelled", batch.labelled());
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
                "heal at batch " + in.batch(), r.candidate().params(), candidateHeld, serving);
        s.adamM = r.optimizer().m();
        s.adamV = r.optimizer().v();
        s.adamStep = r.optimizer().step();
        s.heals++;
        if (config.manualApproval()) {
            s.pendingApproval = post.version();
            m.action = "awaiting_approval";
            audit.add(new AuditRecord(now, AuditRecord.AWAITING_APPROVAL, modelId, post.version(), in.batch(), d));
            return true;
        }
        m.action = "heal";
        serve(s, post, published, "heal");
        if (candidateHeld.isMeasured()) {
            s.baselineAccuracy = candidateHeld.accuracy();
            s.baselineF1 = candidateHeld.f1();
        }
        audit.add(new AuditRecord(now, AuditRecord.HEAL, modelId, post.version(), in.batch(), d));
        return true;
    }

    /** Serves a snapshot: it becomes current and is published to the scorers. */
    private void serve(HealerState s, Snapshot snap, List<PublishedAdapter> published, String reason) {
        s.currentVersion = snap.version();
        s.currentAdapter = snap.adapter().clone();
        published.add(new PublishedAdapter(modelId, snap.version(), s.currentAdapter.clone(), reason));
    }

    /**
     * Rows to learn from: the batch's own rows (unlabelled, for the rule and entropy terms) and the
     * labelled rows not held back. A row whose label arrived is taken once, labelled.
     */
    private HealBatch healBatch(HealBatchInput in, float[][] x, float[] pServed, float[] servedAdapter,
                                List<LabelledRow> train) {
        Set<String> labelledIds = new HashSet<>();
        for (LabelledRow r : train) {
            labelledIds.add(r.id);
        }
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Float> probs = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            String id = in.rows().get(i).id;
            if (!labelledIds.contains(id) && !HoldBack.isHeldBack(id, config.holdbackShare())) {
                rows.add(x[i]);
                labels.add(-1);
                probs.add(pServed[i]);
            }
        }
        float[][] trainX = new float[train.size()][];
        for (int i = 0; i < train.size(); i++) {
            trainX[i] = train.get(i).features;
        }
        float[] pTrain = evaluator.probabilities(servedAdapter, trainX);
        for (int i = 0; i < train.size(); i++) {
            rows.add(train.get(i).features);
            labels.add(train.get(i).label);
            probs.add(pTrain[i]);
        }
        int n = rows.size();
        float[][] hx = rows.toArray(new float[0][]);
        int[] y = new int[n];
        int[] rule = new int[n];
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.get(i);
            rule[i] = rules == null ? 0 : rules.label(hx[i]);
            p[i] = probs.get(i);
        }
        boolean[] conflicts = rules == null ? new boolean[n] : Conflicts.conflictMask(p, hx, rules, config.conflictProb());
        return new HealBatch(hx, y, rule, conflicts);
    }

    private void addHeldBack(HealerState s, List<LabelledRow> held) {
        if (held.isEmpty()) {
            return;
        }
        List<LabelledRow> pool = new ArrayList<>(s.heldBack);
        pool.addAll(held);
        int excess = pool.size() - config.validationPool();
        s.heldBack = excess > 0 ? new ArrayList<>(pool.subList(excess, pool.size())) : pool;
    }

    private Confusion confusion(float[] adapter, List<LabelledRow> rows) {
        float[][] x = new float[rows.size()][];
        int[] y = new int[rows.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rows.get(i).features;
            y[i] = rows.get(i).label;
        }
        return Confusion.of(evaluator.probabilities(adapter, x), y, model.threshold());
    }

    private Scores scores(float[] adapter, List<LabelledRow> rows) {
        Confusion c = confusion(adapter, rows);
        return new Scores(c.accuracy(), c.f1(), rows.size());
    }

    private void fillPrequential(BatchMetrics m, float[][] x, int[] truth, float[] pServed, float[] pFrozen,
                                 float[] pShadow) {
        int[] known = indicesWithLabel(truth);
        float[] ps = pick(pServed, known);
        float[] pf = pick(pFrozen, known);
        float[] psh = pick(pShadow, known);
        int[] y = new int[known.length];
        for (int i = 0; i < known.length; i++) {
            y[i] = truth[known[i]];
        }
        Confusion served = Confusion.of(ps, y, model.threshold());
        Confusion frozen = Confusion.of(pf, y, model.threshold());
        Confusion shadow = Confusion.of(psh, y, model.threshold());
        m.healedAcc = served.accuracy();
        m.healedF1 = served.f1();
        m.baselineAcc = frozen.accuracy();
        m.baselineF1 = frozen.f1();
        m.shadowAcc = shadow.accuracy();
        m.shadowF1 = shadow.f1();
        m.tp = served.tp();
        m.tn = served.tn();
        m.fp = served.fp();
        m.fn = served.fn();
        m.frozenTp = frozen.tp();
        m.frozenTn = frozen.tn();
        m.frozenFp = frozen.fp();
        m.frozenFn = frozen.fn();
        m.shadowTp = shadow.tp();
        m.shadowTn = shadow.tn();
        m.shadowFp = shadow.fp();
        m.shadowFn = shadow.fn();
        m.bceReal = Bce.of(ps, y);
        m.bceConst = Bce.constant(y);
    }

    private static int[] indicesWithLabel(int[] truth) {
        return java.util.stream.IntStream.range(0, truth.length).filter(i -> truth[i] == 0 || truth[i] == 1).toArray();
    }

    private static float[] pick(float[] a, int[] idx) {
        float[] out = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = a[idx[i]];
        }
        return out;
    }

    private static float[][] features(List<Transaction> rows) {
        float[][] x = new float[rows.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = rows.get(i).features;
        }
        return x;
    }

    private static int[] trueLabels(List<Transaction> rows) {
        int[] y = new int[rows.size()];
        for (int i = 0; i < y.length; i++) {
            Transaction t = rows.get(i);
            y[i] = t.trueLabel == Transaction.NO_LABEL ? t.label : t.trueLabel;
        }
        return y;
    }

    private static Map<String, Object> scoresMap(Scores s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", s.accuracy());
        m.put("f1", s.f1());
        m.put("n", s.n());
        return m;
    }

    private Registry registry(HealerState s, SnapshotStore store) {
        return new Registry(store, s.lastVersion, new RetentionPolicy(config.maxSnapshots()), clock);
    }

    /** Registry view for reading (e.g. the CLI's registry listing). */
    public static List<Snapshot> snapshots(SnapshotStore store) {
        List<Snapshot> out = new ArrayList<>();
        for (Long v : store.versions()) {
            out.add(store.get(v));
        }
        out.sort(Comparator.comparingLong(Snapshot::version));
        return out;
    }

    public Optional<Snapshot> snapshot(HealerState s, SnapshotStore store, long version) {
        return registry(s, store).get(version);
    }

    @Override
    public void close() {
        trainer.close();
        evaluator.close();
    }
}
