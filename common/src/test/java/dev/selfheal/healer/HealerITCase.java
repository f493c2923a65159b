package dev.selfheal.healer;

import dev.selfheal.data.Transaction;
import dev.selfheal.heal.HealState;
import dev.selfheal.heal.InMemorySnapshotStore;
import dev.selfheal.heal.Snapshot;
import dev.selfheal.heal.SnapshotTag;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.HealConfig;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the {@link Healer} in-process over the built-in seed scenario, batch by batch, the way the
 * HEAL operator does, and checks the behaviours the heal promises (docs/healing.md) over whole runs
 * rather than single decisions (those are covered in dev.selfheal.heal).
 */
class HealerITCase {
    private static final long SEED = 42;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final long T0 = CLOCK.millis();
    private static final int HEAL_MS_COLUMN = BatchMetrics.COLUMNS.indexOf("heal_ms");

    private static FraudModel model;
    private static float[] deployedAdapter;
    private static float[] deployedServed;
    private static List<List<Transaction>> batches;

    @BeforeAll
    static void trainOnce() {
        ScenarioData data = new ScenarioGenerator(Scenario.SEED, SEED).generate();
        model = ModelFactory.train("default", data.train(), data.cleanTest(), TrainConfig.defaults(),
                ModelFactory.DEFAULT_RULES, null, 0.5);
        deployedAdapter = model.adapter().params().clone();
        // What the healer serves first: the deployed adapter with an identity calibration tail.
        deployedServed = new dev.selfheal.model.ServedAdapter(model.adapter(),
                dev.selfheal.model.Calibration.identity(model.features().size())).toVector();
        TreeMap<Integer, List<Transaction>> byBatch = new TreeMap<>();
        for (Transaction t : data.stream().rows()) {
            byBatch.computeIfAbsent(t.batch, b -> new ArrayList<>()).add(t);
        }
        batches = List.copyOf(byBatch.values());
    }

    // ---- 1. reference run ----------------------------------------------------------------------

    @Test
    void referenceRunWithImmediateLabelsHealsAndKeepsAConsistentRegistry() {
        Run run = run(HealerConfig.reference(), true, s -> { });

        assertThat(run.steps).hasSize(batches.size());
        for (int i = 0; i < run.steps.size(); i++) {
            BatchMetrics m = run.steps.get(i).out.metrics();
            assertThat(m.batchIdx).isEqualTo(i + 1);
            assertThat(m.rows).isEqualTo(batches.get(i).size());
            assertThat(m.labelled).isEqualTo(batches.get(i).size());
            assertThat(m.model).isEqualTo("default");
            assertThat(m.state).isIn(java.util.Arrays.stream(HealState.values()).map(Enum::name).toList());
            assertThat(m.action).isIn("none", "heal", "rejected", "rollback", "frozen", "awaiting_approval");
            assertThat(csvFields(m.toCsvRow())).hasSize(BatchMetrics.COLUMNS.size());
        }

        assertThat(run.state.heals).isPositive();
        assertThat(run.count("heal")).isEqualTo(run.state.heals);

        List<Snapshot> snaps = Healer.snapshots(run.store);
        assertThat(snaps).extracting(Snapshot::tag)
                .contains(SnapshotTag.INITIAL, SnapshotTag.PRE_HEAL, SnapshotTag.POST_HEAL);
        // 64 slots and under 64 versions here: nothing evicted, so every version must still be stored.
        assertThat(run.state.lastVersion).isLessThan(HealerConfig.reference().maxSnapshots());
        assertThat(snaps).extracting(Snapshot::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, run.state.lastVersion).boxed().toList());
        assertThat(snaps.get(0).tag()).isEqualTo(SnapshotTag.INITIAL);
        assertThat(snaps.get(0).hasParent()).isFalse();
        for (Snapshot s : snaps.subList(1, snaps.size())) {
            assertThat(s.tag()).isNotEqualTo(SnapshotTag.INITIAL);
            assertThat(run.store.get(s.parentVersion())).as("parent of v%d", s.version()).isNotNull();
        }
        assertThat(snaps.stream().filter(s -> s.tag() == SnapshotTag.POST_HEAL).count()).isEqualTo(run.state.heals);

        assertThat(run.audit()).anySatisfy(a -> {
            assertThat(a.type()).isEqualTo(AuditRecord.STATE);
            assertThat(a.details().get("to")).isEqualTo(HealState.HEALING.name());
        });
        assertThat(run.audit(AuditRecord.REJECTED)).hasSize((int) run.state.rejectedUpdates);

        List<PublishedAdapter> published = run.published();
        List<Long> publishedVersions = published.stream().map(PublishedAdapter::version).toList();
        assertThat(publishedVersions).isSorted().doesNotHaveDuplicates();
        assertThat(publishedVersions).containsExactlyElementsOf(snaps.stream()
                .filter(s -> s.tag() == SnapshotTag.POST_HEAL || s.tag() == SnapshotTag.ROLLBACK)
                .map(Snapshot::version).toList());
        for (PublishedAdapter p : published) {
            assertThat(p.adapter()).as("weights of published v%d", p.version())
                    .containsExactly(run.store.get(p.version()).adapter());
        }
        assertThat(publishedVersions.get(publishedVersions.size() - 1)).isEqualTo(run.state.currentVersion);
    }

    @Test
    void evictionKeepsTheServedAndShadowVersionsAndNeverReusesAVersion() {
        int max = 8;
        Run run = run(HealerConfig.reference().withMaxSnapshots(max), true, s -> { });
        Run unbounded = run(HealerConfig.reference(), true, s -> { });

        for (Step step : run.steps) {
            assertThat(step.storedVersions).hasSizeLessThanOrEqualTo(max);
            assertThat(step.storedVersions).contains(step.versionAfter, 1L);
            assertThat(step.storedVersions.last()).isEqualTo(step.lastVersionAfter);
        }
        assertThat(run.state.lastVersion).isGreaterThan(max);
        for (Snapshot s : Healer.snapshots(run.store)) {
            if (s.tag() != SnapshotTag.INITIAL) {
                // A parent may have been evicted since, but it must be an older version once assigned.
                assertThat(s.parentVersion()).isBetween(1L, s.version() - 1);
            }
        }
        // Eviction only deletes entries no decision needs (the best rollback target is protected),
        // so a bounded registry must take the same decisions as an unbounded one.
        assertThat(run.steps).extracting(s -> s.out.metrics().action)
                .containsExactlyElementsOf(unbounded.steps.stream().map(s -> s.out.metrics().action).toList());
        assertThat(run.state.lastVersion).isEqualTo(unbounded.state.lastVersion);
    }

    // ---- 2. harmful candidates -----------------------------------------------------------------

    @Test
    void explodingLearningRateCandidatesAreRejectedAndNeverServed() {
        HealerConfig exploding = HealerConfig.reference().withHeal(HealConfig.reference().withLearningRate(50));
        Run run = run(exploding, true, s -> { });

        assertThat(run.state.rejectedUpdates).isPositive();
        List<AuditRecord> rejected = run.audit(AuditRecord.REJECTED);
        assertThat(rejected).hasSize((int) run.state.rejectedUpdates);
        for (AuditRecord a : rejected) {
            assertThat(a.details().get("reasons")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.list(String.class)).isNotEmpty();
        }
        assertThat(rejected).extracting(a -> a.details().get("reasons").toString())
                .anySatisfy(r -> assertThat(r).contains("L2 norm"));

        for (Step step : run.steps) {
            assertThat(allFinite(step.adapterAfter)).isTrue();
            if ("rejected".equals(step.out.metrics().action)) {
                assertThat(step.out.metrics().verdict).isEqualTo("rejected");
                assertThat(step.out.metrics().reasons).isNotBlank();
                assertThat(step.out.published()).isEmpty();
                assertThat(step.adapterAfter).containsExactly(step.adapterBefore);
                assertThat(step.versionAfter).isEqualTo(step.versionBefore);
            }
        }
        // Every candidate of this recipe is harmful, so the deployed adapter must still be served.
        assertThat(run.state.heals).isZero();
        assertThat(run.published()).isEmpty();
        assertThat(run.state.currentVersion).isEqualTo(1);
        assertThat(run.state.currentAdapter).containsExactly(deployedServed);
        assertThat(Healer.snapshots(run.store)).extracting(Snapshot::tag).doesNotContain(SnapshotTag.POST_HEAL);
    }

    // ---- 3. rollback ---------------------------------------------------------------------------

    @Test
    void rollbackRestoresAnotherVersionResetsTheHealthWindowAndDoesNotCascade() {
        HealerConfig tight = HealerConfig.reference().withRollback(0.03, 0.10);
        Run run = run(tight, true, s -> { });

        assertThat(run.state.rollbacks).isPositive();
        List<Integer> rollbackBatches = new ArrayList<>();
        for (int i = 0; i < run.steps.size(); i++) {
            Step step = run.steps.get(i);
            if (!step.out.metrics().rolledBack) {
                continue;
            }
            rollbackBatches.add(i);
            assertThat(step.out.metrics().action).isEqualTo("rollback");
            assertThat(step.healthAccuracyAfter).isEmpty();
            assertThat(step.healthF1After).isEmpty();
            assertThat(step.out.audit()).anySatisfy(a -> {
                assertThat(a.type()).isEqualTo(AuditRecord.STATE);
                assertThat(a.details().get("to")).isEqualTo(HealState.ROLLED_BACK.name());
            });

            AuditRecord rb = step.out.audit().stream().filter(a -> a.type().equals(AuditRecord.ROLLBACK))
                    .findFirst().orElseThrow();
            long from = ((Number) rb.details().get("from_version")).longValue();
            long target = ((Number) rb.details().get("target_version")).longValue();
            assertThat(from).isEqualTo(step.versionBefore);
            assertThat(target).isNotEqualTo(from);
            // As recorded: later heals re-measure the served snapshot's scores on fresh rows.
            Snapshot rolled = step.servedAfter;
            assertThat(rolled.tag()).isEqualTo(SnapshotTag.ROLLBACK);
            assertThat(rolled.parentVersion()).isEqualTo(target);
            // A rollback must change what is served, not re-publish the same weights.
            assertThat(step.adapterAfter).isNotEqualTo(step.adapterBefore);
            assertThat(step.out.published()).singleElement().satisfies(p -> {
                assertThat(p.reason()).isEqualTo("rollback");
                assertThat(p.version()).isEqualTo(rolled.version());
                assertThat(p.adapter()).containsExactly(rolled.adapter());
            });
            // The new baseline is what the restored version scored on unseen rows.
            assertThat(step.baselineAfter).containsExactly(rolled.scores().accuracy(), rolled.scores().f1());

            // The audit must carry the health figures that triggered it, measured before the reset.
            assertThat(rb.details()).containsKeys("health_f1", "health_accuracy");
            double healthF1 = ((Number) rb.details().get("health_f1")).doubleValue();
            assertThat(healthF1).as("health_f1 in the rollback audit").isFinite();
            double healthAcc = ((Number) rb.details().get("health_accuracy")).doubleValue();
            assertThat(healthAcc).as("health_accuracy in the rollback audit").isFinite();
            boolean f1Fell = step.baselineBefore[1] - healthF1 > tight.rollbackF1Drop();
            boolean accFell = step.baselineBefore[0] - healthAcc > tight.rollbackAccDrop();
            assertThat(f1Fell || accFell).as("recorded health explains the rollback").isTrue();
        }
        // The window restarts empty, so the next rollback needs a whole new window of evidence.
        for (int k = 1; k < rollbackBatches.size(); k++) {
            assertThat(rollbackBatches.get(k) - rollbackBatches.get(k - 1)).isGreaterThanOrEqualTo(tight.healthWindow());
        }
    }

    // ---- 4. label-free -------------------------------------------------------------------------

    @Test
    void withoutLabelsHealsStillRunFromRulesAndEntropyButNothingIsJudgedOrRolledBack() {
        Run run = run(HealerConfig.reference(), false, s -> { });

        assertThat(run.steps).hasSize(batches.size());
        assertThat(run.state.heals).isPositive();
        assertThat(run.state.rollbacks).isZero();
        assertThat(run.audit(AuditRecord.ROLLBACK)).isEmpty();
        assertThat(run.state.heldBack).isEmpty();
        for (Step step : run.steps) {
            BatchMetrics m = step.out.metrics();
            assertThat(m.labelled).isZero();
            assertThat(m.rolledBack).isFalse();
            assertThat(m.healthAcc).isNaN();
            assertThat(step.healthAccuracyAfter).isEmpty();
            assertThat(step.healthF1After).isEmpty();
            assertThat(allFinite(step.adapterAfter)).isTrue();
            if ("heal".equals(m.action)) {
                assertThat(m.heldbackN).isZero();
                assertThat(m.reasons).as("an unchecked comparison must be noted").contains("held-back");
            }
        }
    }

    // ---- 5. frozen -----------------------------------------------------------------------------

    @Test
    void frozenHealingNeverHealsAndReportsFrozenWhenDriftFires() {
        Run run = run(HealerConfig.reference(), true, s -> s.frozen = true);

        assertThat(run.steps).anySatisfy(step -> assertThat(step.out.metrics().drifting).isTrue());
        for (Step step : run.steps) {
            BatchMetrics m = step.out.metrics();
            if (m.drifting) {
                assertThat(m.action).isEqualTo("frozen");
            }
            assertThat(m.action).isIn("frozen", "none");
            assertThat(step.out.published()).isEmpty();
        }
        assertThat(run.state.heals).isZero();
        assertThat(run.state.rejectedUpdates).isZero();
        assertThat(run.audit()).extracting(AuditRecord::type)
                .doesNotContain(AuditRecord.HEAL, AuditRecord.REJECTED);
        assertThat(run.audit(AuditRecord.STATE)).extracting(a -> a.details().get("to"))
                .doesNotContain(HealState.HEALING.name());
        assertThat(Healer.snapshots(run.store)).extracting(Snapshot::version).containsExactly(1L);
        assertThat(run.state.currentAdapter).containsExactly(deployedServed);
    }

    // ---- 6. determinism ------------------------------------------------------------------------

    @Test
    void twoRunsOverTheSameDataGiveIdenticalMetricsApartFromWallTime() {
        Run a = run(HealerConfig.reference(), true, s -> { });
        Run b = run(HealerConfig.reference(), true, s -> { });

        assertThat(HEAL_MS_COLUMN).isNotNegative();
        List<String> rowsA = a.steps.stream().map(s -> withoutColumn(s.out.metrics().toCsvRow(), HEAL_MS_COLUMN)).toList();
        List<String> rowsB = b.steps.stream().map(s -> withoutColumn(s.out.metrics().toCsvRow(), HEAL_MS_COLUMN)).toList();
        assertThat(rowsB).containsExactlyElementsOf(rowsA);
        assertThat(b.state.currentAdapter).containsExactly(a.state.currentAdapter);
        assertThat(Healer.snapshots(b.store)).containsExactlyElementsOf(Healer.snapshots(a.store));
    }

    // ---- harness -------------------------------------------------------------------------------

    /** What one batch did, with the state fields that change under it copied before and after. */
    private record Step(BatchOutcome out, long versionBefore, long versionAfter, long lastVersionAfter,
                        float[] adapterBefore, float[] adapterAfter, double[] baselineBefore, double[] baselineAfter,
                        double[] healthAccuracyAfter, double[] healthF1After, TreeSet<Long> storedVersions,
                        Snapshot servedAfter) {
    }

    private record Run(HealerState state, InMemorySnapshotStore store, List<AuditRecord> initialAudit,
                       List<Step> steps) {
        List<AuditRecord> audit() {
            List<AuditRecord> all = new ArrayList<>(initialAudit);
            steps.forEach(s -> all.addAll(s.out.audit()));
            return all;
        }

        List<AuditRecord> audit(String type) {
            return audit().stream().filter(a -> a.type().equals(type)).toList();
        }

        List<PublishedAdapter> published() {
            return steps.stream().flatMap(s -> s.out.published().stream()).toList();
        }

        long count(String action) {
            return steps.stream().filter(s -> action.equals(s.out.metrics().action)).count();
        }
    }

    private static Run run(HealerConfig config, boolean immediateLabels, Consumer<HealerState> tweak) {
        HealerState s = new HealerState();
        InMemorySnapshotStore store = new InMemorySnapshotStore();
        List<Step> steps = new ArrayList<>();
        List<AuditRecord> initial;
        try (Healer healer = new Healer("default", model, config, CLOCK, null)) {
            initial = healer.initialise(s, store);
            tweak.accept(s);
            for (List<Transaction> rows : batches) {
                long batch = rows.get(0).batch;
                List<LabelledRow> labelled = immediateLabels
                        ? rows.stream().map(t -> new LabelledRow(t.id, t.batch, t.features, t.label)).toList()
                        : List.of();
                long versionBefore = s.currentVersion;
                float[] adapterBefore = s.currentAdapter.clone();
                double[] baselineBefore = {s.baselineAccuracy, s.baselineF1};
                BatchOutcome out = healer.process(s, store, new HealBatchInput(batch, T0 + batch * 60_000, rows, labelled));
                TreeSet<Long> stored = new TreeSet<>();
                store.versions().forEach(stored::add);
                steps.add(new Step(out, versionBefore, s.currentVersion, s.lastVersion, adapterBefore,
                        s.currentAdapter.clone(), baselineBefore, new double[] {s.baselineAccuracy, s.baselineF1},
                        s.healthAccuracy.clone(), s.healthF1.clone(), stored, store.get(s.currentVersion)));
            }
        }
        // The model is shared by every test: healing must never write into its deployed adapter.
        assertThat(model.adapter().params()).containsExactly(deployedAdapter);
        return new Run(s, store, initial, steps);
    }

    private static boolean allFinite(float[] w) {
        for (float v : w) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Splits one CSV row, honouring the quoting {@link BatchMetrics} applies to free-text fields. */
    private static List<String> csvFields(String row) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < row.length() && row.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        fields.add(cur.toString());
        return fields;
    }

    private static String withoutColumn(String row, int column) {
        List<String> fields = new ArrayList<>(csvFields(row));
        fields.remove(column);
        return String.join("\u001f", fields);
    }
}
