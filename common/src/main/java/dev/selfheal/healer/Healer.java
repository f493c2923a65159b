package dev.selfheal.healer;

import dev.selfheal.data.Transaction;
import dev.selfheal.drift.DriftReport;
import dev.selfheal.drift.FeatureDrift;
import dev.selfheal.heal.BatchFacts;
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
import dev.selfheal.heal.SameShape;
import dev.selfheal.heal.Scores;
import dev.selfheal.heal.ServingVersions;
import dev.selfheal.heal.Snapshot;
import dev.selfheal.heal.SnapshotStore;
import dev.selfheal.heal.SnapshotTag;
import dev.selfheal.heal.StateChange;
import dev.selfheal.heal.Validation;
import dev.selfheal.labels.ScoredBatch;
import dev.selfheal.metrics.Confusion;
import dev.selfheal.model.AdamState;
import dev.selfheal.model.Calibration;
import dev.selfheal.model.ServedAdapter;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.AdapterTrainer;
import dev.selfheal.model.HealingTrainer;
import dev.selfheal.rules.Conflicts;
import dev.selfheal.rules.RuleParser;
import dev.selfheal.rules.RuleSet;
import dev.selfheal.signals.SignalReading;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What happens when a heal batch is complete: collect (score the batch with the served, frozen and
 * shadow adapters; drift signals; conflicts with the rules), evaluate (health window on labels that
 * arrived), decide (roll back, heal, or nothing), realise (train a candidate, validate it on
 * held-back labelled rows, record snapshots, publish). Plain Java: the Flink HEAL operator only
 * stores {@link HealerState} and the registry and forwards the outcome.
 */
public final class Healer implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String modelId;
    private final FraudModel model;
    private final HealerConfig baseConfig;
    private HealerConfig config;
    private final Clock clock;
    private final RuleSet rules;
    private final AdapterTrainer trainer;
    private final AdapterEvaluator evaluator;
    private final UpdateRealiser realiser;
    private final DriftWatch driftWatch;
    private final RollbackJudge rollbacks;
    private final Remedy recalibration;
    /** Remedies composed into one candidate per update, in this order. */
    private final List<Remedy> composed;
    /** Proposes and judges on its own, after the composed update. */
    private final Remedy inputPath;
    /** Label-free concept signals: metrics, drift audit, alert and DRIFTING; never a change of the served model. */
    private final ConceptWatch concepts;

    /** A healer that evaluates adapters on DJL, the reference engine. */
    public Healer(String modelId, FraudModel model, HealerConfig config, Clock clock, String keyFeatureOverride) {
        this(modelId, model, config, clock, keyFeatureOverride, dev.selfheal.model.ScoringKernels.DJL);
    }

    /**
     * @param scoringKernel engine of every evaluation (probabilities of the served, frozen, shadow
     *                      and candidate adapters): {@code score.kernel} in the job, so candidates
     *                      are judged on what SCORE will compute. Training is DJL's either way.
     */
    public Healer(String modelId, FraudModel model, HealerConfig config, Clock clock, String keyFeatureOverride,
                  String scoringKernel) {
        this(modelId, model, config, clock, keyFeatureOverride, new HealingTrainer(model.frozen(),
                model.standardizer()), scoringKernel);
    }

    private Healer(String modelId, FraudModel model, HealerConfig config, Clock clock, String keyFeatureOverride,
                   AdapterTrainer trainer, String scoringKernel) {
        this(modelId, model, config, clock, keyFeatureOverride, trainer, evaluatorOrClose(model, scoringKernel,
                trainer));
    }

    private static AdapterEvaluator evaluatorOrClose(FraudModel model, String kernel, AdapterTrainer trainer) {
        try {
            return new AdapterEvaluator(model, kernel);
        } catch (RuntimeException e) {
            trainer.close();
            throw e;
        }
    }

    /**
     * A healer on the given collaborators, which it owns from here on (closes them).
     *
     * @param trainer   the gradient heal's engine
     * @param evaluator scores rows with any served vector, for every evaluation and judgement
     */
    public Healer(String modelId, FraudModel model, HealerConfig config, Clock clock, String keyFeatureOverride,
                  AdapterTrainer trainer, AdapterEvaluator evaluator) {
        this(modelId, model, config, clock, keyFeatureOverride, trainer, evaluator, null,
                new RescoringRollbackJudge(evaluator::probabilities));
    }

    /**
     * A healer on every collaborator, which it owns from here on (closes the trainer and evaluator).
     *
     * @param driftWatch feature drift per batch; null = {@link FeatureDriftWatch} on the model's
     *                   training statistics and the key feature
     * @param rollbacks  whether and where to roll back, once per batch
     */
    public Healer(String modelId, FraudModel model, HealerConfig config, Clock clock, String keyFeatureOverride,
                  AdapterTrainer trainer, AdapterEvaluator evaluator, DriftWatch driftWatch, RollbackJudge rollbacks) {
        this.modelId = modelId;
        this.model = model;
        this.baseConfig = config;
        this.config = config;
        this.clock = clock;
        this.trainer = trainer;
        this.evaluator = evaluator;
        String keyFeature;
        try {
            this.rules = model.rules() == null || model.rules().isBlank() ? null
                    : RuleParser.parse(model.rules(), model.features());
            keyFeature = keyFeatureOverride != null && !keyFeatureOverride.isBlank() ? keyFeatureOverride
                    : model.keyFeature();
            if (keyFeature == null || !model.features().contains(keyFeature)) {
                throw new IllegalArgumentException("drift key feature '" + keyFeature + "' is not a model feature "
                        + model.features());
            }
            if (model.trainingStats() == null) {
                throw new IllegalArgumentException("the model has no training statistics; retrain it with `train`");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.driftWatch = driftWatch != null ? driftWatch : new FeatureDriftWatch(model.trainingStats(), keyFeature);
        this.rollbacks = java.util.Objects.requireNonNull(rollbacks, "rollbacks");
        this.recalibration = new RecalibrationRemedy(model.features());
        this.composed = List.of(recalibration, new GradientHealRemedy(model, trainer, evaluator, rules),
                new PlattRemedy(model, evaluator));
        this.inputPath = new InputPathRemedy(model, evaluator, config.inputPath(), config.validationMinSamples());
        this.concepts = new ConceptWatch(modelId, model, config.signals(), config.maxSnapshots());
        Validation validation = new Validation(List.of(new SameShape(), new FiniteWeights(), new NormBound(config.maxNorm()),
                new LossDeltaBound(config.maxLossIncrease()),
                new HeldBackComparison(config.validationMinSamples(), config.validationTolerance())));
        Validation accuracyValidation = new Validation(List.of(new SameShape(), new FiniteWeights(),
                new NormBound(config.maxNorm()), new LossDeltaBound(config.maxLossIncrease()),
                new HeldBackComparison(config.validationMinSamples(), config.validationTolerance(), false)));
        this.realiser = new UpdateRealiser(modelId, model, evaluator, validation, accuracyValidation);
    }

    /**
     * Sets up a fresh state: the deployed adapter becomes version 1 (INITIAL, scored on the clean
     * test set when the manifest has that figure) and is the shadow unless configured otherwise.
     */
    public List<AuditRecord> initialise(HealerState s, SnapshotStore store) {
        Registry registry = registry(s, store);
        // The served vector carries a calibration tail from the start (identity), so every version
        // has one shape whatever the profile.
        float[] adapter = new ServedAdapter(model.adapter(), Calibration.identity(model.features().size())).toVector();
        Scores initialScores = cleanScores();
        Snapshot v1 = registry.record(SnapshotTag.INITIAL, 0, 0, "deployed model", adapter, initialScores,
                new ServingVersions(1, 1));
        s.lastVersion = registry.lastVersion();
        s.currentVersion = v1.version();
        s.currentAdapter = adapter.clone();
        s.shadowVersion = v1.version();
        s.shadowAdapter = adapter.clone();
        AdamState fresh = AdamState.fresh(model.adapter().params().length);
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

    /** The batch the served version was made at; none of the stream's rows count as unseen without it. */
    private static long servedSince(Registry registry, HealerState s) {
        return registry.get(s.currentVersion).map(Snapshot::batch).orElse(Long.MAX_VALUE);
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

    /** The decision threshold the served model uses: from the costs when we calibrate, else the model's. */
    public double decisionThreshold() {
        return baseConfig.strategy().usesCalibration() ? baseConfig.strategy().decisionThreshold() : model.threshold();
    }

    public BatchOutcome process(HealerState s, SnapshotStore store, HealBatchInput in) {
        if (!s.initialised()) {
            throw new IllegalStateException("healer state not initialised");
        }
        long now = clock.millis();
        config = baseConfig.withOverrides(s);
        HealingStrategy strategy = config.strategy();
        double thr = decisionThreshold();
        Registry registry = registry(s, store);
        List<AuditRecord> audit = new ArrayList<>();
        List<PublishedAdapter> published = new ArrayList<>();
        BatchMetrics m = new BatchMetrics();
        UpdateRealiser.Outputs out = new UpdateRealiser.Outputs(m, audit, published, now);
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
        fillPrequential(m, truth, pServed, thr, pFrozen, pShadow);

        DriftReport drift = null;
        if (x.length > 0) {
            drift = driftWatch.observe(s, in.batch(), x, config.drift());
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
        ServedAdapter current = split(s.currentAdapter);

        float[][] ruleInputs = strategy.rulesOnCalibrated() ? current.calibration().input(x) : x;
        int conflicts = rules == null ? 0 : Conflicts.count(pServed, ruleInputs, rules, config.conflictProb());
        m.nConflicts = conflicts;

        // Where the inputs are now: the recalibration they call for, and how far that is from the served one.
        Calibration recalibrated = current.calibration();
        double calibrationChange = 0;
        if (strategy.recalibrate() && x.length > 0) {
            FeatureWindow fw = new FeatureWindow(model.features().size(), strategy.recalibrateWindow());
            s.recentMoments = fw.add(s.recentMoments, x);
            s.recentMedians = fw.addMedians(s.recentMedians, x);
            s.recentSpreads = fw.addSpreads(s.recentSpreads, x);
            recalibrated = fw.calibration(s.recentMoments, s.recentMedians, s.recentSpreads, model.trainingStats(),
                    strategy.minShiftSigmas(), strategy.maxStdRatio(), current.calibration());
            calibrationChange = FeatureWindow.change(recalibrated, current.calibration(), model.trainingStats());
        }

        if (config.inputPath().enabled()) {
            // What this batch's own inputs call for (not the calibration served while it was
            // scored, which lags a move by the window): the input path reads each labelled row
            // through the calibration of its batch.
            long oldest = s.labelWindow.isEmpty() ? in.batch() : s.labelWindow.get(0).batch;
            s.servedCalibrations = CalibrationHistory.record(s.servedCalibrations, in.batch(), recalibrated, oldest);
        }

        SignalReading signal = concepts.observe(s, in.batch(), x, recalibrated, m, audit, now);

        // 2. Evaluate: labels that arrived are new evidence on the served model (never trained on),
        // unless they look corrupted.
        RecallRemedy recall = new RecallRemedy(model, evaluator, registry, config.repair());
        LabelIntake.Taken taken = new LabelIntake(modelId, evaluator, model.inputPathScale(), recall)
                .take(s, config, in, thr, calibrationChange, drift, m, audit, now);
        List<LabelledRow> train = taken.train();
        HealthWindow window = taken.window();

        // 3. Decide: a rollback first (it resets the window), else maybe an update.
        boolean drifting = drift != null && drift.fidiDrifting();
        boolean rolledBack = false;
        boolean healAttempted = false;
        boolean healAccepted = false;
        if (m.action == null) {
            m.action = "none";
        }
        RollbackJudge.Call call = rollbacks.decide(s, registry, window, config, thr);
        RollbackDecision rb = call.decision();
        if (call.kept()) {
            m.reasons = rb.reason();
        }
        boolean repaired = false;
        if (rb.rollback() && config.repair().enabled() && !config.manualApproval() && s.pendingApproval == 0) {
            // A partial step toward a healthier ancestor instead, when it beats the full one (automatic
            // rollbacks stay automatic: a repair is not held for approval while health is down).
            RemedyContext rc = new RemedyContext(s, config, in, x, List.of(), s.heldBack, thr, false, recalibrated,
                    calibrationChange, servedSince(registry, s));
            Remedy repair = new LineageRepairRemedy(model, evaluator, registry, config.repair(),
                    config.validationMinSamples());
            repaired = repair.applies(rc) && realiser.composed(s, registry, rc, List.of(repair), out);
            if (repaired) {
                healAttempted = true;
                healAccepted = true;
                window.reset();
                s.healthPending = new long[4];
                rb = RollbackDecision.none("lineage repair served instead of a rollback");
            }
        }
        if (rb.rollback()) {
            Snapshot target = registry.get(rb.targetVersion()).orElseThrow();
            long from = s.currentVersion;
            // Read before the reset below empties the window: these are the figures that triggered it.
            double healthAcc = meanOrNaN(window, false);
            double healthF1 = meanOrNaN(window, true);
            Snapshot rolled = registry.record(SnapshotTag.ROLLBACK, target.version(), in.batch(),
                    "rollback from v" + from + ": " + rb.reason(), target.adapter(), target.scores(),
                    new ServingVersions(s.currentVersion, s.shadowVersion));
            UpdateRealiser.serve(modelId, s, rolled, published, "rollback");
            window.reset();
            s.healthPending = new long[4];
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
        } else if (!repaired) {
            HealDecision decision = new HealTrigger(config.conflictMin(), s.frozen, config.cooldownBatches())
                    .decide(drifting, conflicts, in.batch(), s.lastHealBatch);
            if (s.frozen && (drifting || conflicts >= config.conflictMin() || calibrationChange >= config.limits().recalibrateMinChange())) {
                m.action = "frozen";
            }
            // An earlier version that the newest labels prefer is served at once; the other remedies
            // wait for the next batch, judged against it.
            RemedyContext recallContext = new RemedyContext(s, config, in, x, s.labelWindow, s.heldBack, thr,
                    decision.heal(), recalibrated, calibrationChange, servedSince(registry, s));
            boolean recalled = !s.frozen && s.pendingApproval == 0 && recall.applies(recallContext)
                    && realiser.onItsOwn(s, registry, recall, recallContext, out);
            if (recalled) {
                healAttempted = true;
                healAccepted = true;
                s.lastHealBatch = in.batch();
            }
            RemedyContext rc = new RemedyContext(s, config, in, x, train, s.heldBack, thr, decision.heal(),
                    recalibrated, calibrationChange, servedSince(registry, s));
            List<Remedy> chain = recalled ? List.of() : composed.stream().filter(r -> r.applies(rc)).toList();
            if (!s.frozen && s.pendingApproval == 0 && !chain.isEmpty()) {
                healAttempted = true;
                healAccepted = realiser.composed(s, registry, rc, chain, out);
                if (!healAccepted && chain.size() > 1 && chain.get(0) == recalibration) {
                    // The label-based part may be what failed; the inputs still need recalibrating.
                    healAccepted = realiser.composed(s, registry, rc, List.of(recalibration), out);
                }
                s.lastHealBatch = in.batch();
            }
            RemedyContext pc = new RemedyContext(s, config, in, x, s.labelWindow, s.heldBack, thr, decision.heal(),
                    recalibrated, calibrationChange, servedSince(registry, s));
            if (!recalled && !s.frozen && s.pendingApproval == 0 && inputPath.applies(pc)) {
                healAttempted = true;
                healAccepted |= realiser.onItsOwn(s, registry, inputPath, pc, out);
                // The evidence has been acted on, whatever the verdict: the next attempt needs new labels.
                s.labelSurprise = new double[0];
            }
        }
        m.healthAcc = window.count() > 0 ? window.meanAccuracy() : Double.NaN;
        m.healthF1 = window.count() > 0 ? window.meanF1() : Double.NaN;
        HealthWindowState ws = window.toState();
        s.healthAccuracy = ws.accuracy();
        s.healthF1 = ws.f1();

        // 4. State machine: every state entered is an audit event.
        HealState before = HealState.valueOf(s.state);
        // The concept alarm moves the state, never the served model (it reaches no trigger or remedy).
        boolean alarm = signal != null && signal.alarm();
        HealTransition t = new HealStateMachine().step(before, new BatchFacts(drifting || alarm, healAttempted,
                healAccepted, rolledBack, !drifting && !alarm && conflicts < config.conflictMin()));
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
        concepts.stampProfiles(s, registry.lastVersion(), drift, signal);
        s.lastVersion = registry.lastVersion();
        return new BatchOutcome(published, m, audit,
                scoredBatch(in, now, x, pServed, pShadow, pFrozen, thr, drift, signal, registry, m.servedVersion));
    }

    /**
     * The batch as it was scored, for label requests. The committee (shadow, deployed model, the
     * served adapter's nearest ancestors) is read and evaluated only if a request strategy asks, and
     * only while this batch's registry view is current.
     */
    private ScoredBatch scoredBatch(HealBatchInput in, long now, float[][] x, float[] pServed, float[] pShadow,
                                    float[] pFrozen, double thr, DriftReport drift, SignalReading signal,
                                    Registry registry, long servedVersion) {
        List<String> ids = in.rows().stream().map(t -> t.id).toList();
        return new ScoredBatch(modelId, in.batch(), now, ids, x, pServed, thr, () -> {
            List<float[]> committee = new ArrayList<>();
            if (pShadow != pFrozen) {
                committee.add(pShadow);
            }
            if (servedVersion != 1) {
                committee.add(pFrozen);
            }
            List<Snapshot> lineage = registry.lineage(servedVersion);
            float[] servedWeights = lineage.isEmpty() ? null : lineage.get(0).adapter();
            int ancestors = 0;
            for (int i = 1; i < lineage.size() && ancestors < 2; i++) {
                Snapshot a = lineage.get(i);
                if (a.version() != 1 && !java.util.Arrays.equals(a.adapter(), servedWeights)) {
                    committee.add(evaluator.probabilities(a.adapter(), x));
                    ancestors++;
                }
            }
            return committee;
        }, drift, signal);
    }

    private static double meanOrNaN(HealthWindow w, boolean f1) {
        return w.count() == 0 ? Double.NaN : (f1 ? w.meanF1() : w.meanAccuracy());
    }

    private ServedAdapter split(float[] vector) {
        return ServedAdapter.of(vector, model.adapterShape(), model.features().size());
    }

    private void fillPrequential(BatchMetrics m, int[] truth, float[] pServed, double servedThreshold,
                                 float[] pFrozen, float[] pShadow) {
        int[] known = indicesWithLabel(truth);
        float[] ps = pick(pServed, known);
        float[] pf = pick(pFrozen, known);
        float[] psh = pick(pShadow, known);
        int[] y = new int[known.length];
        for (int i = 0; i < known.length; i++) {
            y[i] = truth[known[i]];
        }
        Confusion served = Confusion.of(ps, y, servedThreshold);
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
