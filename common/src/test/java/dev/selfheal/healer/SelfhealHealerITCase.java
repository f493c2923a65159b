package dev.selfheal.healer;

import dev.selfheal.data.Transaction;
import dev.selfheal.drift.FeatureStats;
import dev.selfheal.heal.InMemorySnapshotStore;
import dev.selfheal.heal.Registry;
import dev.selfheal.heal.RetentionPolicy;
import dev.selfheal.heal.Scores;
import dev.selfheal.heal.ServingVersions;
import dev.selfheal.heal.Snapshot;
import dev.selfheal.heal.SnapshotTag;
import dev.selfheal.metrics.Confusion;
import dev.selfheal.model.Calibration;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.HealConfig;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.ServedAdapter;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.DriftSchedule;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

/**
 * Drives the {@link Healer} in-process with our "selfheal" strategy over the built-in scenarios and
 * checks its mechanisms: input recalibration, the label-corruption gate, label-free operation,
 * validation of harmful candidates, re-scored rollback targets and determinism. Quality figures
 * are the zoo's business, not asserted here.
 */
class SelfhealHealerITCase {
    private static final long SEED = 42;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final long T0 = CLOCK.millis();
    private static final int HEAL_MS_COLUMN = BatchMetrics.COLUMNS.indexOf("heal_ms");
    private static final HealerConfig SELFHEAL = HealerConfig.reference().withStrategy(HealingStrategy.selfheal());

    private static FraudModel model;
    private static int dim;
    private static int v14;
    private static float[] deployedAdapter;
    private static final Map<Scenario, List<List<Transaction>>> BATCHES = new EnumMap<>(Scenario.class);
    /** Runs of the plain selfheal configuration, shared by the tests that only read them. */
    private static final Map<String, Run> SHARED = new HashMap<>();

    @BeforeAll
    static void trainOnce() {
        // Train and clean-test sets are the same for every scenario of a seed: one model serves all.
        var data = new ScenarioGenerator(Scenario.SHIFT, SEED).generate();
        // Fewer epochs than deployment: these tests check mechanisms, not how good the model is.
        model = ModelFactory.train("default", data.train(), data.cleanTest(), TrainConfig.defaults().withEpochs(10),
                ModelFactory.DEFAULT_RULES, null, 0.5);
        dim = model.features().size();
        v14 = model.features().indexOf("V14");
        deployedAdapter = model.adapter().params().clone();
        for (Scenario sc : List.of(Scenario.SHIFT, Scenario.POISON)) {
            TreeMap<Integer, List<Transaction>> byBatch = new TreeMap<>();
            for (Transaction t : new ScenarioGenerator(sc, SEED).generate().stream().rows()) {
                byBatch.computeIfAbsent(t.batch, b -> new ArrayList<>()).add(t);
            }
            BATCHES.put(sc, List.copyOf(byBatch.values()));
        }
    }

    // ---- input recalibration -------------------------------------------------------------------

    @Test
    void shiftWithImmediateLabelsRecalibratesV14BackOntoItsTrainingMean() {
        Run run = shared(Scenario.SHIFT, true);
        FeatureStats t = model.trainingStats().get(v14);
        double drifted = t.mean() + DriftSchedule.V14_SHIFT;

        List<AuditRecord> recalibrations = run.audit(AuditRecord.HEAL).stream()
                .filter(a -> a.details().containsKey("recalibration")).toList();
        assertThat(recalibrations).isNotEmpty();
        for (AuditRecord a : recalibrations) {
            Map<?, ?> map = (Map<?, ?>) a.details().get("recalibration");
            // Only the feature that moved is recalibrated.
            assertThat(map.keySet().stream().map(String::valueOf).toList())
                    .as("recalibrated features at batch %d", a.batch()).containsExactly("V14");
            List<?> ab = (List<?>) map.get("V14");
            double mapped = ((Number) ab.get(0)).doubleValue() * drifted + ((Number) ab.get(1)).doubleValue();
            assertThat(Math.abs(mapped - t.mean())).as("drifted V14 mean mapped at batch %d", a.batch())
                    .isLessThan(0.3 * t.std());
            // The audit describes what was stored and published under that version.
            Calibration stored = calibration(run.store.get(a.version()).adapter());
            assertThat(stored.scale()[v14]).isEqualTo(((Number) ab.get(0)).floatValue());
            assertThat(stored.shift()[v14]).isEqualTo(((Number) ab.get(1)).floatValue());
        }

        Calibration served = calibration(run.state.currentAdapter);
        assertThat(served.inputIsIdentity()).isFalse();
        assertThat(Math.abs(served.scale()[v14] * drifted + served.shift()[v14] - t.mean())).isLessThan(0.3 * t.std());
        for (int j = 0; j < dim; j++) {
            if (j != v14) {
                assertThat(served.scale()[j]).as("scale of %s", model.features().get(j)).isEqualTo(1f);
                assertThat(served.shift()[j]).as("shift of %s", model.features().get(j)).isEqualTo(0f);
            }
        }
    }

    @Test
    void everyPublishedVectorIsExactlyWhatTheRegistryHoldsForItsVersion() {
        Run run = shared(Scenario.SHIFT, true);

        List<PublishedAdapter> published = run.published();
        assertThat(published).isNotEmpty();
        for (PublishedAdapter p : published) {
            Snapshot snap = run.store.get(p.version());
            assertThat(snap.tag()).isIn(SnapshotTag.POST_HEAL, SnapshotTag.ROLLBACK);
            assertThat(p.adapter()).as("published v%d", p.version()).containsExactly(snap.adapter());
            assertThat(p.adapter()).hasSize(model.adapter().params().length + Calibration.tailLength(dim));
        }
        assertThat(published.get(published.size() - 1).adapter()).containsExactly(run.state.currentAdapter);
        assertThat(published.stream().map(PublishedAdapter::version).toList()).isSorted().doesNotHaveDuplicates();
    }

    // ---- label-corruption gate -----------------------------------------------------------------

    @Test
    void poisonedBatchesAreRejectedAsSuspectedLabelCorruption() {
        Run run = shared(Scenario.POISON, true);

        for (int b = DriftSchedule.POISON_FIRST_BATCH; b <= DriftSchedule.POISON_LAST_BATCH; b++) {
            assertThat(run.step(b).out.audit()).as("audit of batch %d", b).anySatisfy(a -> {
                assertThat(a.type()).isEqualTo(AuditRecord.REJECTED);
                assertThat(a.details().get("reasons")).asInstanceOf(LIST)
                        .anySatisfy(r -> assertThat((String) r).contains("suspected label corruption"));
            });
        }
        assertThat(run.audit(AuditRecord.REJECTED)).hasSize((int) run.state.rejectedUpdates);
    }

    @Test
    void nothingServedDuringThePoisonedStretchWasLearnedFromItsLabels() {
        Run run = shared(Scenario.POISON, true);
        int first = DriftSchedule.POISON_FIRST_BATCH;
        int last = DriftSchedule.POISON_LAST_BATCH;

        for (Snapshot snap : Healer.snapshots(run.store)) {
            if (snap.tag() == SnapshotTag.POST_HEAL && snap.batch() >= first && snap.batch() <= last) {
                assertThat(snap.reason()).as("v%d", snap.version())
                        .isEqualTo("recalibrated inputs at batch " + snap.batch());
            }
        }
        for (int b = first; b <= last; b++) {
            for (AuditRecord a : run.step(b).out.audit()) {
                if (a.type().equals(AuditRecord.HEAL) || a.type().equals(AuditRecord.AWAITING_APPROVAL)) {
                    assertThat(a.details()).as("update at batch %d", b)
                            .containsEntry("update", "recalibrated inputs")
                            .containsEntry("labelled", 0)
                            .doesNotContainKeys("platt", "loss_before");
                }
            }
        }
    }

    @Test
    void poisonedLabelsStayOutOfValidationPlattAndHealth() {
        Run run = shared(Scenario.POISON, true);
        int first = DriftSchedule.POISON_FIRST_BATCH;
        int last = DriftSchedule.POISON_LAST_BATCH;

        Step end = run.step(last);
        assertThat(end.heldBackAfter).isNotEmpty().allSatisfy(r -> assertThat(r.batch).isLessThan(first));
        assertThat(end.plattPoolAfter).isNotEmpty().allSatisfy(r -> assertThat(r.batch).isLessThan(first));
        for (int b = first; b <= last; b++) {
            Step step = run.step(b);
            if (!step.out.metrics().rolledBack) {
                assertThat(step.healthAccuracyAfter).as("health window after batch %d", b)
                        .containsExactly(run.step(b - 1).healthAccuracyAfter);
            }
        }
        // Clean labels are learned from again once the stretch is over.
        assertThat(run.step(last + 1).plattPoolAfter).anySatisfy(r -> assertThat(r.batch).isEqualTo(last + 1));
    }

    /** The shift scenario with every label flipped from batch {@code first} to the last. */
    private static List<List<Transaction>> flooded(int first) {
        List<List<Transaction>> flooded = new ArrayList<>();
        for (List<Transaction> rows : BATCHES.get(Scenario.SHIFT)) {
            flooded.add(rows.get(0).batch < first ? rows : rows.stream().map(t -> {
                Transaction f = new Transaction(t.id, t.key, t.ts, t.batch, 1 - t.label, t.features);
                f.trueLabel = t.trueLabel;
                return f;
            }).toList());
        }
        return flooded;
    }

    @Test
    void aSustainedFloodOfFlippedLabelsIsLearnedAsAChangedConceptAndAnnounced() {
        // Every label turned round for good is what a relation that flipped looks like: the
        // inputs explain the disagreement, so the suspect rows are released and learned from.
        int first = 8;
        Run run = run(flooded(first), SELFHEAL, true, (s, st) -> { });

        List<AuditRecord> changes = run.audit(AuditRecord.DRIFT).stream()
                .filter(a -> AuditRecord.CONCEPT_CHANGE.equals(a.details().get("kind"))).toList();
        assertThat(changes).hasSize(1);
        AuditRecord change = changes.get(0);
        assertThat(change.batch()).isBetween((long) first, (long) first + 3);
        assertThat((double) change.details().get("concept_z")).isGreaterThan(3.29);
        // The rows quarantined before the release are learned from with the release batch's.
        Step released = run.step(change.batch());
        assertThat(released.plattPoolAfter).anySatisfy(r -> assertThat(r.batch).isEqualTo(first));
        // ... and nothing from before the change: those labels describe the old concept.
        assertThat(released.plattPoolAfter).allSatisfy(r -> assertThat(r.batch).isGreaterThanOrEqualTo(first));
        assertThat(released.heldBackAfter).allSatisfy(r -> assertThat(r.batch).isGreaterThanOrEqualTo(first));
        assertThat(run.state.quarantine).isEmpty();
    }

    @Test
    void withTheConceptTestOffASustainedFloodIsRefusedToTheEndAndNeverLearnedFrom() {
        // The gate must not come to take the flood for the usual rate of disagreement.
        int first = 8;
        HealingStrategy.Builder off = HealingStrategy.selfheal().toBuilder();
        off.labelGateConceptLevel = 0;
        Run run = run(flooded(first), SELFHEAL.withStrategy(off.build()), true, (s, st) -> { });
        int last = (int) run.steps.get(run.steps.size() - 1).batch;
        assertThat(last).isGreaterThan(first + 10);

        Step before = run.step(first - 1);
        ServedAdapter servedBefore = ServedAdapter.of(before.adapterAfter, model.frozen().hidden(), dim);
        for (int b = first; b <= last; b++) {
            Step step = run.step(b);
            assertThat(step.out.audit()).as("audit of batch %d", b).anySatisfy(a -> {
                assertThat(a.type()).isEqualTo(AuditRecord.REJECTED);
                assertThat(a.details().get("reasons")).asInstanceOf(LIST)
                        .anySatisfy(r -> assertThat((String) r).contains("suspected label corruption"));
            });
            for (AuditRecord a : step.out.audit()) {
                if (a.type().equals(AuditRecord.HEAL) || a.type().equals(AuditRecord.AWAITING_APPROVAL)) {
                    assertThat(a.details()).as("update at batch %d", b)
                            .containsEntry("update", "recalibrated inputs").containsEntry("labelled", 0);
                }
            }
            // What the flood could have changed (adapter weights, the output map) is as before it.
            ServedAdapter served = ServedAdapter.of(step.adapterAfter, model.frozen().hidden(), dim);
            assertThat(allFinite(step.adapterAfter)).isTrue();
            assertThat(served.adapter().params()).as("adapter after batch %d", b)
                    .containsExactly(servedBefore.adapter().params());
            assertThat(served.calibration().outScale()).isEqualTo(servedBefore.calibration().outScale());
            assertThat(served.calibration().outShift()).isEqualTo(servedBefore.calibration().outShift());
            assertThat(step.healthAccuracyAfter).as("health window after batch %d", b)
                    .containsExactly(before.healthAccuracyAfter);
        }
        Step end = run.step(last);
        assertThat(end.heldBackAfter).isNotEmpty().allSatisfy(r -> assertThat(r.batch).isLessThan(first));
        assertThat(end.plattPoolAfter).isNotEmpty().allSatisfy(r -> assertThat(r.batch).isLessThan(first));
        // The history the gate compares with holds only batches it let through: none near the flood's rate.
        assertThat(run.state.labelDisagreement).isNotEmpty();
        assertThat(java.util.Arrays.stream(run.state.labelDisagreement).max().orElseThrow()).isLessThan(0.5);
    }

    // ---- no labels -----------------------------------------------------------------------------

    @Test
    void withoutLabelsOnlyRecalibrationHappensAndNothingIsJudgedOrRolledBack() {
        Run run = shared(Scenario.SHIFT, false);

        assertThat(run.state.heals).isPositive();
        assertThat(run.audit()).filteredOn(a -> a.details().containsKey("update")).isNotEmpty()
                .allSatisfy(a -> assertThat(a.details())
                        .containsEntry("update", "recalibrated inputs")
                        .containsEntry("labelled", 0)
                        .doesNotContainKeys("platt", "loss_before"));
        for (Step step : run.steps) {
            BatchMetrics m = step.out.metrics();
            assertThat(m.labelled).isZero();
            assertThat(m.rolledBack).isFalse();
            assertThat(m.healthAcc).isNaN();
            assertThat(step.healthAccuracyAfter).isEmpty();
            assertThat(step.healthF1After).isEmpty();
        }
        assertThat(run.state.rollbacks).isZero();
        assertThat(run.audit(AuditRecord.ROLLBACK)).isEmpty();
        assertThat(run.state.heldBack).isEmpty();
        assertThat(run.state.plattPool).isEmpty();
        // The adapter was never trained and no output map was fitted: only the input map moved.
        assertThat(run.state.adamStep).isZero();
        ServedAdapter served = ServedAdapter.of(run.state.currentAdapter, model.frozen().hidden(), dim);
        assertThat(served.adapter().params()).containsExactly(deployedAdapter);
        assertThat(served.calibration().outScale()).isEqualTo(1f);
        assertThat(served.calibration().outShift()).isEqualTo(0f);
        assertThat(served.calibration().inputIsIdentity()).isFalse();
    }

    // ---- harmful candidates --------------------------------------------------------------------

    @Test
    void explodingLearningRateCandidatesAreRejectedWithTheirReasons() {
        HealerConfig exploding = SELFHEAL.withHeal(HealConfig.reference().withLearningRate(50));
        Run run = run(Scenario.SHIFT, exploding, true, (s, st) -> { });

        assertThat(run.state.rejectedUpdates).isPositive();
        List<AuditRecord> rejected = run.audit(AuditRecord.REJECTED);
        assertThat(rejected).hasSize((int) run.state.rejectedUpdates);
        for (AuditRecord a : rejected) {
            assertThat(a.details().get("reasons")).asInstanceOf(LIST).isNotEmpty();
        }
        assertThat(rejected).filteredOn(a -> String.valueOf(a.details().get("update")).contains("adapter heal"))
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.details().get("reasons").toString()).contains("L2 norm"));

        for (Step step : run.steps) {
            assertThat(allFinite(step.adapterAfter)).as("served after batch %d", step.batch).isTrue();
            assertThat(l2(step.adapterAfter)).isLessThanOrEqualTo(exploding.maxNorm());
            BatchMetrics m = step.out.metrics();
            if ("rejected".equals(m.action)) {
                assertThat(m.verdict).isEqualTo("rejected");
                assertThat(m.reasons).isNotBlank();
                assertThat(step.out.published()).isEmpty();
                assertThat(step.adapterAfter).containsExactly(step.adapterBefore);
                assertThat(step.versionAfter).isEqualTo(step.versionBefore);
            }
        }
        for (PublishedAdapter p : run.published()) {
            assertThat(allFinite(p.adapter())).isTrue();
            assertThat(l2(p.adapter())).isLessThanOrEqualTo(exploding.maxNorm());
        }
    }

    @Test
    void aHealWhoseLossAndGradientsTurnNonFiniteIsRejectedAndLeavesNoTrace() {
        // One Adam step of this size throws the adapter to ~1e30; the next forward pass overflows
        // float32, so the loss and every gradient after it are NaN: the fault, without a test hook.
        HealerConfig blowUp = SELFHEAL.withStrategy(adapterOnly()).withHeal(HealConfig.reference().withLearningRate(1e30));
        Run run = run(Scenario.SHIFT, blowUp, true, (s, st) -> { });

        List<AuditRecord> rejected = run.audit(AuditRecord.REJECTED);
        assertThat(rejected).isNotEmpty().hasSize((int) run.state.rejectedUpdates);
        for (AuditRecord a : rejected) {
            assertThat(a.details()).as("rejection at batch %d", a.batch()).containsKey("loss_after");
            assertThat(((Number) a.details().get("loss_after")).doubleValue()).isNaN();
            assertThat(a.details().get("reasons")).asInstanceOf(LIST)
                    .anySatisfy(r -> assertThat((String) r).contains("non-finite weights"))
                    .anySatisfy(r -> assertThat((String) r).contains("loss after heal is not finite"));
        }
        for (Step step : run.steps) {
            BatchMetrics m = step.out.metrics();
            assertThat(m.action).as("batch %d", step.batch).isIn("none", "rejected");
            assertThat(step.out.published()).isEmpty();
            assertThat(step.adapterAfter).containsExactly(step.adapterBefore);
        }
        // Nothing of the NaN heal survives: the deployed adapter is served, the registry holds only
        // finite weights, and the optimiser state is still the fresh one (a NaN moment estimate kept
        // from a rejected heal would turn every later heal into NaN as well).
        assertThat(run.state.heals).isZero();
        assertThat(run.state.currentVersion).isEqualTo(1);
        assertThat(ServedAdapter.of(run.state.currentAdapter, model.frozen().hidden(), dim).adapter().params())
                .containsExactly(deployedAdapter);
        assertThat(Healer.snapshots(run.store)).allSatisfy(snap ->
                assertThat(allFinite(snap.adapter())).as("v%d", snap.version()).isTrue());
        assertThat(run.state.adamStep).isZero();
        assertThat(run.state.adamM).containsOnly(0f);
        assertThat(run.state.adamV).containsOnly(0f);
    }

    // ---- re-scored rollback --------------------------------------------------------------------

    @Test
    void everyRollbackTargetsAVersionThatDoesBetterThanTheServedOneOnRecentHeldBackRows() {
        HealerConfig tight = SELFHEAL.withRollback(0.0, 0.0);
        Run run = run(Scenario.SHIFT, tight, true, (s, st) -> { });

        int rollbacks = 0;
        int skipped = 0;
        try (AdapterEvaluator evaluator = new AdapterEvaluator(model)) {
            for (Step step : run.steps) {
                BatchMetrics m = step.out.metrics();
                if (m.reasons.contains("rollback due")) {
                    skipped++;
                    assertThat(m.rolledBack).isFalse();
                }
                if (!m.rolledBack) {
                    continue;
                }
                rollbacks++;
                AuditRecord rb = step.out.audit().stream().filter(a -> a.type().equals(AuditRecord.ROLLBACK))
                        .findFirst().orElseThrow();
                long from = ((Number) rb.details().get("from_version")).longValue();
                long target = ((Number) rb.details().get("target_version")).longValue();
                assertThat(from).isEqualTo(step.versionBefore);
                assertThat(target).isNotEqualTo(from);
                assertThat(step.servedAfter.parentVersion()).isEqualTo(target);
                assertThat(step.adapterAfter).containsExactly(run.store.get(target).adapter());
                // Re-score both on the held-back rows the decision had, independently of the healer.
                List<LabelledRow> held = step.heldBackAfter;
                assertThat(held).hasSizeGreaterThanOrEqualTo(tight.validationMinSamples());
                double servedAcc = accuracy(evaluator, step.adapterBefore, held, run.threshold);
                double targetAcc = accuracy(evaluator, step.adapterAfter, held, run.threshold);
                assertThat(targetAcc).as("rollback at batch %d: v%d over v%d", step.batch, target, from)
                        .isGreaterThan(servedAcc);
                // The restored version carries those fresh scores, not the ones recorded long ago.
                assertThat(step.servedAfter.scores().accuracy()).isEqualTo(targetAcc);
                assertThat(step.servedAfter.scores().n()).isEqualTo(held.size());
            }
        }
        assertThat(rollbacks + skipped).as("rollbacks done or skipped").isPositive();
        assertThat(run.state.rollbacks).isEqualTo(rollbacks);
    }

    @Test
    void rollbackDueWithTooFewHeldBackRowsIsSkippedAndTheMetricsRowSaysSo() {
        // Nothing held back: no rollback target can be re-scored.
        HealerConfig.Builder b = SELFHEAL.withRollback(0.0, 0.0).toBuilder();
        b.holdbackShare = 0.0;
        HealerConfig noHoldback = b.build();
        Run run = run(Scenario.SHIFT, noHoldback, true, (s, st) -> { });

        assertThat(run.state.rollbacks).isZero();
        assertThat(run.state.heldBack).isEmpty();
        assertThat(run.reasons()).anySatisfy(r -> assertThat(r).contains("rollback due but only 0 held-back rows"));
    }

    @Test
    void rollbackTargetThatDoesWorseNowIsNotRestoredWhateverItsRecordedScores() {
        // Selfheal with recalibration and Platt off, so every update is an adapter heal, and those
        // all explode and are rejected: the deployed v1 stays served and, under drift, a rollback
        // falls due. The only target is an operator's snapshot that claims excellent scores but
        // flags everything as fraud.
        HealerConfig config = SELFHEAL.withStrategy(adapterOnly())
                .withHeal(HealConfig.reference().withLearningRate(50)).withRollback(0.0, 0.0);
        float[] allFraud = new ServedAdapter(model.adapter(), Calibration.identity(dim).withOutput(0f, 50f)).toVector();
        long[] manual = new long[1];
        Run run = run(Scenario.SHIFT, config, true, (s, store) -> {
            Registry registry = new Registry(store, s.lastVersion, new RetentionPolicy(config.maxSnapshots()), CLOCK);
            manual[0] = registry.record(SnapshotTag.MANUAL, 1, 0, "operator snapshot", allFraud,
                    new Scores(0.99, 0.99, 1000), new ServingVersions(s.currentVersion, s.shadowVersion)).version();
            s.lastVersion = registry.lastVersion();
        });

        assertThat(run.state.rollbacks).isZero();
        assertThat(run.state.currentVersion).isEqualTo(1);
        assertThat(run.reasons())
                .anySatisfy(r -> assertThat(r).contains("rollback due, but no snapshot beats the served v1"));
        // Its recorded scores were replaced by what it does on the recent held-back rows.
        assertThat(run.store.get(manual[0]).scores().accuracy()).isLessThan(0.5);
    }

    // ---- determinism ---------------------------------------------------------------------------

    @Test
    void twoRunsGiveIdenticalMetricsApartFromWallTime() {
        Run a = shared(Scenario.POISON, true);
        Run b = run(Scenario.POISON, SELFHEAL, true, (s, st) -> { });

        assertThat(HEAL_MS_COLUMN).isNotNegative();
        assertThat(rows(b)).containsExactlyElementsOf(rows(a));
        assertThat(b.state.currentAdapter).containsExactly(a.state.currentAdapter);
        assertThat(Healer.snapshots(b.store)).containsExactlyElementsOf(Healer.snapshots(a.store));
    }

    // ---- harness -------------------------------------------------------------------------------

    private record Step(long batch, BatchOutcome out, long versionBefore, long versionAfter, float[] adapterBefore,
                        float[] adapterAfter, double[] healthAccuracyAfter, double[] healthF1After,
                        List<LabelledRow> heldBackAfter, List<LabelledRow> plattPoolAfter, Snapshot servedAfter) {
    }

    private record Run(HealerState state, InMemorySnapshotStore store, List<Step> steps, double threshold) {
        List<AuditRecord> audit() {
            return steps.stream().flatMap(s -> s.out.audit().stream()).toList();
        }

        List<AuditRecord> audit(String type) {
            return audit().stream().filter(a -> a.type().equals(type)).toList();
        }

        List<PublishedAdapter> published() {
            return steps.stream().flatMap(s -> s.out.published().stream()).toList();
        }

        List<String> reasons() {
            return steps.stream().map(s -> s.out.metrics().reasons).toList();
        }

        Step step(long batch) {
            return steps.stream().filter(s -> s.batch == batch).findFirst().orElseThrow();
        }
    }

    private static synchronized Run shared(Scenario scenario, boolean immediateLabels) {
        return SHARED.computeIfAbsent(scenario + "/" + immediateLabels,
                k -> run(scenario, SELFHEAL, immediateLabels, (s, st) -> { }));
    }

    private static Run run(Scenario scenario, HealerConfig config, boolean immediateLabels,
                           BiConsumer<HealerState, InMemorySnapshotStore> tweak) {
        return run(BATCHES.get(scenario), config, immediateLabels, tweak);
    }

    private static Run run(List<List<Transaction>> batches, HealerConfig config, boolean immediateLabels,
                           BiConsumer<HealerState, InMemorySnapshotStore> tweak) {
        HealerState s = new HealerState();
        InMemorySnapshotStore store = new InMemorySnapshotStore();
        List<Step> steps = new ArrayList<>();
        double threshold;
        try (Healer healer = new Healer("default", model, config, CLOCK, null)) {
            threshold = healer.decisionThreshold();
            healer.initialise(s, store);
            tweak.accept(s, store);
            for (List<Transaction> rows : batches) {
                long batch = rows.get(0).batch;
                List<LabelledRow> labelled = immediateLabels
                        ? rows.stream().map(t -> new LabelledRow(t.id, t.batch, t.features, t.label)).toList()
                        : List.of();
                long versionBefore = s.currentVersion;
                float[] adapterBefore = s.currentAdapter.clone();
                BatchOutcome out = healer.process(s, store,
                        new HealBatchInput(batch, T0 + batch * 60_000, rows, labelled));
                steps.add(new Step(batch, out, versionBefore, s.currentVersion, adapterBefore,
                        s.currentAdapter.clone(), s.healthAccuracy.clone(), s.healthF1.clone(),
                        List.copyOf(s.heldBack), List.copyOf(s.plattPool), store.get(s.currentVersion)));
            }
        }
        // The model is shared: healing must never write into its deployed adapter.
        assertThat(model.adapter().params()).containsExactly(deployedAdapter);
        return new Run(s, store, steps, threshold);
    }

    /** Selfheal with recalibration and Platt off: every update is a gradient heal of the adapter. */
    private static HealingStrategy adapterOnly() {
        HealingStrategy.Builder b = HealingStrategy.selfheal().toBuilder();
        b.recalibrate = false;
        b.platt = false;
        b.adapterHeal = true;
        b.rescoreTargets = true;
        return b.build();
    }

    private static Calibration calibration(float[] vector) {
        return ServedAdapter.of(vector, model.frozen().hidden(), dim).calibration();
    }

    private static double accuracy(AdapterEvaluator evaluator, float[] vector, List<LabelledRow> rows, double thr) {
        float[][] x = new float[rows.size()][];
        int[] y = new int[rows.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rows.get(i).features;
            y[i] = rows.get(i).label;
        }
        return Confusion.of(evaluator.probabilities(vector, x), y, thr).accuracy();
    }

    private static List<String> rows(Run run) {
        List<String> out = new ArrayList<>();
        for (Step step : run.steps) {
            List<String> fields = new ArrayList<>(List.of(step.out.metrics().toCsvRow().split(",", -1)));
            // heal_ms is wall time; the reasons column may be quoted and hold commas, so drop
            // heal_ms counting from the end, where every column is a plain number.
            fields.remove(fields.size() - (BatchMetrics.COLUMNS.size() - HEAL_MS_COLUMN));
            out.add(String.join(",", fields));
        }
        return out;
    }

    private static boolean allFinite(float[] w) {
        for (float v : w) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static double l2(float[] w) {
        double sum = 0;
        for (float v : w) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }
}
