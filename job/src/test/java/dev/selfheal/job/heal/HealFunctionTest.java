package dev.selfheal.job.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.LabelEvent;
import dev.selfheal.data.Transaction;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.healer.HealerState;
import dev.selfheal.healer.LabelledRow;
import dev.selfheal.job.config.DriftSettings;
import dev.selfheal.job.config.HealSettings;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.LabelSettings;
import dev.selfheal.job.config.ScoreSettings;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.ControlCommand;
import dev.selfheal.job.event.DeadLetterRecord;
import dev.selfheal.job.event.HealInput;
import dev.selfheal.job.score.ServedModel;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioConfig;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HEAL as Flink runs it (operator harness, keyed state, snapshot and restore, its metrics): what
 * it does with input it cannot use, and how its waiting state stays bounded when labels do not come.
 */
class HealFunctionTest {
    private static final String MODEL = Transaction.DEFAULT_MODEL;
    private static final int ROWS_PER_BATCH = 40;
    private static final int BATCHES = 30;

    private static ServedModel served;
    private static List<List<Transaction>> batches;

    @BeforeAll
    static void trainSmallModel() {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 5,
                new ScenarioConfig(500, 100, BATCHES, ROWS_PER_BATCH, 100)).generate();
        FraudModel model = ModelFactory.train(MODEL, data.train(), data.cleanTest(),
                TrainConfig.defaults().withEpochs(2), ModelFactory.DEFAULT_RULES, null, 0.5);
        served = ServedModel.of(model);
        TreeMap<Integer, List<Transaction>> byBatch = new TreeMap<>();
        for (Transaction t : data.stream().rows()) {
            byBatch.computeIfAbsent(t.batch, b -> new ArrayList<>()).add(t);
        }
        batches = List.copyOf(byBatch.values());
        assertThat(batches).hasSize(BATCHES).allSatisfy(b -> assertThat(b).hasSize(ROWS_PER_BATCH));
    }

    // ---- concept changes ----------------------------------------------------------------------

    @Test
    void labelsTurnedRoundForGoodAreReleasedAsAChangedConceptAndCounted() throws Exception {
        int first = 14;
        try (var h = harness(config(Map.of()))) {
            feedTurnedFrom(h, first);
            assertThat(h.counter("selfheal.concept_changes")).isEqualTo(1);
        }
        try (var h = harness(config(Map.of("labels.gate-concept-level", 0.0)))) {
            feedTurnedFrom(h, first);
            assertThat(h.counter("selfheal.concept_changes")).isZero();
            assertThat(h.counter("selfheal.rejected_updates")).isGreaterThanOrEqualTo(BATCHES - first);
        }
    }

    /** Every batch with its labels, each label turned round from batch {@code first} on. */
    private static void feedTurnedFrom(MeteredBroadcastHarness<String, HealInput, ControlCommand, AdapterUpdate> h,
                                       int first) throws Exception {
        open(h);
        for (int b = 1; b <= BATCHES; b++) {
            for (Transaction t : batch(b)) {
                sample(h, t);
                label(h, t.id, b < first ? t.label : 1 - t.label, t.ts);
            }
            h.processWatermark(last(batch(b)).ts);
        }
        h.processWatermark(Long.MAX_VALUE);
    }

    // ---- dead letters --------------------------------------------------------------------------

    @Test
    void everyUnusableInputIsOneDeadLetterWithItsRawFormAndNoneReachesAHealAcrossARestore() throws Exception {
        List<Transaction> b1 = batch(1);
        List<Transaction> b2 = batch(2);
        List<Transaction> b3 = batch(3);
        Transaction badlyLabelled = b1.get(0);
        Transaction twinned = b1.get(1);
        Transaction relabelled = b1.get(2);
        Transaction twinnedLater = b1.get(3);
        Transaction relabelledLater = b1.get(4);
        Transaction relabelledAfterUse = b1.get(5);
        Transaction twin = copyWithFeature0(twinned, 99f);
        Transaction laterTwin = copyWithFeature0(twinnedLater, -99f);
        long ghostTs = b1.get(10).ts;

        OperatorSubtaskState snapshot;
        List<DeadLetterRecord> beforeRestore;
        try (var h = harness(config(Map.of()))) {
            open(h);
            for (Transaction t : b1) {
                sample(h, t);
                if (t != badlyLabelled) {
                    label(h, t.id, t.label, t.ts);
                }
            }
            label(h, badlyLabelled.id, 7, badlyLabelled.ts);
            sample(h, twin);
            label(h, relabelled.id, 1 - relabelled.label, relabelled.ts + 1);
            label(h, "ghost-1", 1, ghostTs);
            for (Transaction t : b2) {
                sample(h, t);
                label(h, t.id, t.label, t.ts);
            }
            // Batch 1 is still open (no watermark yet): its rows, labels and the ghost's label are only in state.
            assertThat(h.getSideOutput(HealFunction.METRICS)).isNull();
            beforeRestore = deadLetters(h);
            assertThat(h.counter("selfheal.heal_dead_letters")).isEqualTo(beforeRestore.size());
            snapshot = h.snapshot(1, 1);
        }
        assertThat(beforeRestore).extracting(d -> d.reason).containsExactly("bad_label", "duplicate_id",
                "duplicate_label");

        List<DeadLetterRecord> afterRestore;
        List<BatchMetrics> rows;
        HealerState state;
        try (var h = harness(config(Map.of()))) {
            h.initializeState(snapshot);
            open(h);
            // Duplicates of what the first run saw: recognised from restored state alone.
            sample(h, laterTwin);
            label(h, relabelledLater.id, 1 - relabelledLater.label, relabelledLater.ts + 1);
            label(h, "ghost-2", 0, ghostTs + 1);
            h.processWatermark(last(b2).ts);
            for (Transaction t : b3) {
                sample(h, t);
                label(h, t.id, t.label, t.ts);
            }
            h.processWatermark(last(b3).ts);
            // Batch 1's labels have been used by now: a second label still cannot replace one.
            label(h, relabelledAfterUse.id, 1 - relabelledAfterUse.label, last(b3).ts);
            h.processWatermark(Long.MAX_VALUE);
            afterRestore = deadLetters(h);
            assertThat(h.counter("selfheal.heal_dead_letters")).isEqualTo(afterRestore.size());
            rows = values(h.getSideOutput(HealFunction.METRICS));
            state = h.valueState(MODEL, HealFunction.HEALER_STATE);
        }
        assertThat(afterRestore).extracting(d -> d.reason).containsExactly("duplicate_id", "duplicate_label",
                "duplicate_label", "unmatched_label", "unmatched_label");

        // Each dead letter carries the input it stands for, not the one it collided with.
        List<DeadLetterRecord> all = Stream.concat(beforeRestore.stream(), afterRestore.stream()).toList();
        assertThat(all).extracting(d -> d.raw).containsExactly(
                badlyLabelled.id + ",7," + badlyLabelled.ts + "," + MODEL,
                HealDeadLetters.row(twin),
                relabelled.id + "," + (1 - relabelled.label) + "," + (relabelled.ts + 1) + "," + MODEL,
                HealDeadLetters.row(laterTwin),
                relabelledLater.id + "," + (1 - relabelledLater.label) + "," + (relabelledLater.ts + 1) + "," + MODEL,
                relabelledAfterUse.id + "," + (1 - relabelledAfterUse.label) + "," + last(b3).ts + "," + MODEL,
                "ghost-1,1," + ghostTs + "," + MODEL,
                "ghost-2,0," + (ghostTs + 1) + "," + MODEL);
        // A label dead letter is a line of the label stream, model included: it can be mended and replayed.
        var parser = new dev.selfheal.data.LabelParser();
        assertThat(all).filteredOn(d -> d.stream.equals("labels")).hasSize(6).allSatisfy(d -> {
            assertThat(d.message).contains("model '" + MODEL + "'");
            var parsed = parser.parse(d.raw, 1);
            if (d.reason.equals("bad_label")) {
                assertThat(parsed.rejected()).isTrue();
            } else {
                assertThat(parsed.ok()).as(d.raw).isTrue();
                assertThat(parsed.value().model()).isEqualTo(MODEL);
            }
        });
        assertThat(HealDeadLetters.row(twin)).contains("id=" + twinned.id, "99.0");
        assertThat(all).allSatisfy(d -> assertThat(d.message).isNotBlank());

        // Nothing good was lost across the restore, and nothing bad was counted or learned from.
        assertThat(rows).extracting(m -> m.batchIdx).containsExactly(1L, 2L, 3L);
        assertThat(rows).extracting(m -> m.rows).containsOnly(ROWS_PER_BATCH);
        assertThat(rows).extracting(m -> m.labelled).containsExactly(ROWS_PER_BATCH - 1, ROWS_PER_BATCH,
                ROWS_PER_BATCH);
        Map<String, LabelledRow> learned = new HashMap<>();
        for (LabelledRow r : state.heldBack) {
            learned.put(r.id, r);
        }
        for (LabelledRow r : state.plattPool) {
            assertThat(learned.put(r.id, r)).as("row %s both held back and trained on", r.id).isNull();
        }
        Map<String, Transaction> good = new HashMap<>();
        Stream.of(b1, b2, b3).flatMap(List::stream).filter(t -> t != badlyLabelled).forEach(t -> good.put(t.id, t));
        assertThat(learned.keySet()).containsExactlyInAnyOrderElementsOf(good.keySet());
        for (LabelledRow r : learned.values()) {
            Transaction t = good.get(r.id);
            assertThat(r.label).as("label learned for %s", r.id).isEqualTo(t.label);
            assertThat(r.features).as("features learned for %s", r.id).containsExactly(t.features);
        }
    }

    @Test
    void aLabelWhoseTransactionNeverArrivesIsADeadLetterOnceItsTtlHasPassed() throws Exception {
        long ttlMs = 60_000;
        try (var h = harness(config(Map.of("labels.unmatched-ttl-minutes", 1L)))) {
            open(h);
            // Arrivals 1 ms past a whole minute: the sweep timer is then due at 2 min, after the batch below.
            at(h, 1);
            label(h, "ghost", 1, batch(1).get(0).ts);
            feedLabelled(h, batch(1));
            feedLabelled(h, batch(2));
            h.processWatermark(last(batch(2)).ts);
            assertThat(values(h.getSideOutput(HealFunction.METRICS))).hasSize(1);
            assertThat(h.getSideOutput(HealFunction.DEAD_LETTERS)).as("within its TTL").isNull();
            assertThat(h.mapState(MODEL, PendingLabels.LABEL_ARRIVALS)).containsKey("ghost");

            at(h, 1 + ttlMs);
            assertThat(h.getSideOutput(HealFunction.DEAD_LETTERS)).as("the sweep timer is not due yet").isNull();
            feedLabelled(h, batch(3));
            h.processWatermark(last(batch(3)).ts);
            // Reported when the next batch closes, before the sweep timer and long before the input ends.
            assertThat(values(h.getSideOutput(HealFunction.METRICS))).hasSize(2);
            assertThat(deadLetters(h)).singleElement().satisfies(d -> {
                assertThat(d.reason).isEqualTo("unmatched_label");
                assertThat(d.stream).isEqualTo("labels");
                assertThat(d.raw).isEqualTo("ghost,1," + batch(1).get(0).ts + "," + MODEL);
            });
            assertThat(h.counter("selfheal.heal_dead_letters")).isEqualTo(1);
            // Gone from state; batch 3's labels still wait, as batch 3 has not closed.
            assertThat(h.mapState(MODEL, PendingLabels.LABEL_ARRIVALS)).doesNotContainKey("ghost")
                    .containsOnlyKeys(batch(3).stream().map(t -> t.id).toList());
        }
    }

    @Test
    void belowSampleRateOneALabelForAnIdOutsideTheSampleIsCountedAndDroppedAtOnceNotKeptForItsTtl() throws Exception {
        double rate = 0.5;
        String inside = null;
        String outside = null;
        for (int i = 0; inside == null || outside == null; i++) {
            String id = "q-" + i;
            if (dev.selfheal.job.io.ProfileFunction.isSampled(id, rate)) {
                inside = inside == null ? id : inside;
            } else {
                outside = outside == null ? id : outside;
            }
        }
        JobConfig cfg = config(Map.of("labels.unmatched-ttl-minutes", 1L, "sample.rate", rate));
        try (var h = harness(cfg, Thread.NORM_PRIORITY, rate)) {
            open(h);
            at(h, 0);
            label(h, inside, 1, 1_000);
            label(h, outside, 1, 1_000);
            // The label of a sampled id waits for its row; the other can never meet one.
            assertThat(h.mapState(MODEL, PendingLabels.LABEL_ARRIVALS)).containsOnlyKeys(inside);
            assertThat(h.counter("selfheal.unsampled_labels")).isEqualTo(1);

            at(h, 2 * 60_000);
            String sampled = inside;
            assertThat(deadLetters(h)).singleElement().satisfies(d -> {
                assertThat(d.reason).isEqualTo("unmatched_label");
                assertThat(d.raw).startsWith(sampled);
            });
        }
    }

    @Test
    void labelsForAModelThatNeverGetsSamplesAreSweptByItsTimerAndLeaveNoState() throws Exception {
        String labelsOnly = "fraud-us";
        long minute = 60_000;
        OperatorSubtaskState snapshot;
        try (var h = harness(config(Map.of("labels.unmatched-ttl-minutes", 2L)))) {
            open(h);
            at(h, 0);
            for (int i = 0; i < 50; i++) {
                label(h, labelsOnly, "u-" + i, i % 2, 1_000 + i);
            }
            at(h, 90_000);
            label(h, labelsOnly, "late", 1, 2_000);
            // However many labels, one timer per model, at the first label's TTL rounded up to a minute.
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            assertThat(h.valueState(labelsOnly, PendingLabels.SWEEP_TIMER)).isEqualTo(2 * minute);

            at(h, 2 * minute - 1);
            assertThat(h.getSideOutput(HealFunction.DEAD_LETTERS)).as("within their TTL").isNull();
            at(h, 2 * minute);
            List<DeadLetterRecord> dead = deadLetters(h);
            assertThat(dead).hasSize(50).allSatisfy(d -> {
                assertThat(d.reason).isEqualTo("unmatched_label");
                assertThat(d.stream).isEqualTo("labels");
            });
            assertThat(dead).extracting(d -> d.raw).contains("u-0,0,1000,fraud-us", "u-49,1,1049,fraud-us");
            assertThat(dead).allSatisfy(d -> assertThat(d.message).contains("model 'fraud-us'"));
            assertThat(h.counter("selfheal.heal_dead_letters")).isEqualTo(50);
            // The late label is left for the next sweep: its own TTL, rounded up (90 s + 2 min -> 4 min).
            assertThat(h.mapState(labelsOnly, PendingLabels.LABEL_ARRIVALS)).containsOnlyKeys("late");
            assertThat(h.mapState(labelsOnly, PendingLabels.LABELS)).containsOnlyKeys("late");
            assertThat(h.valueState(labelsOnly, PendingLabels.SWEEP_TIMER)).isEqualTo(4 * minute);
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            snapshot = h.snapshot(1, 2 * minute);
        }
        // The pending sweep survives a restore with the rest of the state.
        try (var h = harness(config(Map.of("labels.unmatched-ttl-minutes", 2L)))) {
            h.initializeState(snapshot);
            open(h);
            at(h, 4 * minute);
            assertThat(deadLetters(h)).singleElement().satisfies(d -> {
                assertThat(d.reason).isEqualTo("unmatched_label");
                assertThat(d.raw).isEqualTo("late,1,2000,fraud-us");
            });
            assertThat(h.mapState(labelsOnly, PendingLabels.LABEL_ARRIVALS)).isEmpty();
            assertThat(h.mapState(labelsOnly, PendingLabels.LABELS)).isEmpty();
            assertThat(h.valueState(labelsOnly, PendingLabels.SWEEP_TIMER)).isNull();
            assertThat(h.numProcessingTimeTimers()).as("nothing left to sweep, no timer").isZero();
            // No batch ever closed for this model: the sweep did not depend on one.
            assertThat(h.getSideOutput(HealFunction.METRICS)).isNull();
        }
    }

    @Test
    void theSweepTimerSparesLabelsWhoseRowsWaitInAnOpenBatchAndClosesNoBatch() throws Exception {
        try (var h = harness(config(Map.of("labels.unmatched-ttl-minutes", 1L)))) {
            open(h);
            at(h, 0);
            feedLabelled(h, batch(1));
            label(h, "ghost", 1, batch(1).get(0).ts);
            // Batch 2 has started, but no watermark has come: batch 1 stays open past every label's TTL.
            sample(h, batch(2).get(0));
            at(h, 60_000);
            assertThat(deadLetters(h)).extracting(d -> d.raw).containsExactly("ghost,1," + batch(1).get(0).ts + "," + MODEL);
            assertThat(h.getSideOutput(HealFunction.METRICS)).as("processing time closes no batch").isNull();
            assertThat(h.mapState(MODEL, PendingLabels.LABEL_ARRIVALS))
                    .containsOnlyKeys(batch(1).stream().map(t -> t.id).toList());
            // What is left is past its TTL and waits for its batch, which sweeps it: no timer for it.
            assertThat(h.numProcessingTimeTimers()).isZero();

            h.processWatermark(batch(2).get(0).ts);
            assertThat(values(h.getSideOutput(HealFunction.METRICS))).singleElement()
                    .satisfies(m -> assertThat(m.labelled).isEqualTo(ROWS_PER_BATCH));
            assertThat(deadLetters(h)).hasSize(1);
            assertThat(h.mapState(MODEL, PendingLabels.LABEL_ARRIVALS)).isEmpty();
        }
    }

    // ---- labels that do not come ---------------------------------------------------------------

    @ParameterizedTest(name = "{0} profile, pending-max {1}, ttl-batches {2}")
    @CsvSource({"selfheal, 1000, 3", "reference, 100, 50"})
    void withoutLabelsThePendingStateStaysBoundedAndBatchesKeepClosingAndHealing(String profile, int pendingMax,
                                                                               int ttlBatches) throws Exception {
        JobConfig cfg = config(Map.of("profile", profile, "labels.pending-max", pendingMax,
                "labels.ttl-batches", ttlBatches));
        int fed = 0;
        int peak = 0;
        try (var h = harness(cfg)) {
            open(h);
            for (int b = 1; b <= BATCHES; b++) {
                for (Transaction t : batch(b)) {
                    sample(h, t);
                    fed++;
                }
                // Closes batch b-1.
                h.processWatermark(last(batch(b)).ts);
                Map<String, LabelledRow> waiting = h.mapState(MODEL, PendingLabels.AWAITING);
                peak = Math.max(peak, waiting.size());
                assertThat(waiting.size()).as("samples waiting after batch %d closed", b - 1)
                        .isLessThanOrEqualTo(pendingMax).isLessThanOrEqualTo((ttlBatches + 1) * ROWS_PER_BATCH);
                int closed = b - 1;
                assertThat(waiting.values()).allSatisfy(r -> assertThat(r.batch).isBetween((long) closed - ttlBatches, (long) closed));
                assertThat(values(h.getSideOutput(HealFunction.METRICS))).as("batches closed").hasSize(closed);
            }
            h.processWatermark(Long.MAX_VALUE);

            List<BatchMetrics> rows = values(h.getSideOutput(HealFunction.METRICS));
            assertThat(rows).extracting(m -> m.batchIdx)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, BATCHES).boxed().toList());
            assertThat(rows).allSatisfy(m -> {
                assertThat(m.rows).isEqualTo(ROWS_PER_BATCH);
                assertThat(m.labelled).isZero();
            });
            // Without labels healing does what the profile does then, rather than wait for them.
            assertThat(rows).extracting(m -> m.action).contains("heal");
            assertThat(h.extractOutputValues()).isNotEmpty();

            // Every sample either still waits or was dropped and counted.
            int waiting = h.mapState(MODEL, PendingLabels.AWAITING).size();
            assertThat(h.mapState(MODEL, OpenBatches.OPEN_ROWS)).isEmpty();
            assertThat(h.counter("selfheal.expired_samples")).isEqualTo(fed - waiting).isPositive();
            assertThat(h.counter("selfheal.heal_batches")).isEqualTo(BATCHES);
            assertThat(peak).isEqualTo(Math.min(pendingMax, (ttlBatches + 1) * ROWS_PER_BATCH));
        }
    }

    // ---- thread priority -----------------------------------------------------------------------

    /**
     * The build runs tests with -XX:ThreadPriorityPolicy=1 (pom.xml), as deploy/ runs TaskManagers, so a
     * lower priority reaches the OS; each open runs on a thread of its own so the surefire thread keeps its nice.
     */
    @Test
    void openPutsTheTaskThreadAtHealThreadPriorityAndExportsTheNiceItGot() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TaskThreadPriority.currentNice() != null, "needs /proc/thread-self");
        Object[] seen = new Object[2];
        OnNewThread.run(() -> {
            try (var h = harness(config(Map.of()), 1)) {
                open(h);
                seen[0] = TaskThreadPriority.currentNice();
                seen[1] = h.gauge("selfheal.heal_thread_nice");
            }
        });
        assertThat(seen).containsExactly(4, 4);

        OnNewThread.run(() -> {
            int before = TaskThreadPriority.currentNice();
            try (var h = harness(config(Map.of()), Thread.NORM_PRIORITY)) {
                open(h);
                seen[0] = TaskThreadPriority.currentNice() - before;
                seen[1] = h.gauge("selfheal.heal_thread_nice");
            }
        });
        assertThat(seen).as("the normal priority leaves the thread alone").containsExactly(0, null);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static JobConfig config(Map<String, Object> overrides) {
        return JobConfig.defaults().with(overrides);
    }

    private static MeteredBroadcastHarness<String, HealInput, ControlCommand, AdapterUpdate> harness(JobConfig cfg)
            throws Exception {
        return harness(cfg, Thread.NORM_PRIORITY);
    }

    private static MeteredBroadcastHarness<String, HealInput, ControlCommand, AdapterUpdate> harness(JobConfig cfg,
            int threadPriority) throws Exception {
        return harness(cfg, threadPriority, 1.0);
    }

    private static MeteredBroadcastHarness<String, HealInput, ControlCommand, AdapterUpdate> harness(JobConfig cfg,
            int threadPriority, double sampleRate) throws Exception {
        HealFunction fn = new HealFunction(served, HealerConfigs.from(cfg), cfg.get(HealSettings.BATCH_SIZE),
                cfg.get(DriftSettings.FIDI_FEATURE), HealBatchHook.none(), cfg.get(LabelSettings.UNMATCHED_TTL_MINUTES),
                cfg.get(ScoreSettings.KERNEL))
                .threadPriority(threadPriority).sampleRate(sampleRate);
        return MeteredBroadcastHarness.of(new CoBroadcastWithKeyedOperator<>(fn, List.of(HealFunction.STANDING_COMMANDS)),
                in -> in.model, Types.STRING);
    }

    /** Opens HEAL as the job runs it without a control input: that broadcast side ends at once. */
    private static void open(MeteredBroadcastHarness<String, HealInput, ControlCommand, AdapterUpdate> h)
            throws Exception {
        h.open();
        h.processBroadcastWatermark(Long.MAX_VALUE);
    }

    private static List<Transaction> batch(int b) {
        return batches.get(b - 1);
    }

    private static Transaction last(List<Transaction> rows) {
        return rows.get(rows.size() - 1);
    }

    private static void sample(MeteredBroadcastHarness<String, HealInput, ControlCommand, AdapterUpdate> h,
                               Transaction t) throws Exception {
        h.processElement(HealInput.sample(t), t.ts);
    }

    private static void label(MeteredBroadcastHarness<String, HealInput, ControlCommand, AdapterUpdate> h, String id,
                              int label, long ts) throws Exception {
        h.processElement(HealInput.label(MODEL, new LabelEvent(id, label, ts)), ts);
    }

    private static void label(MeteredBroadcastHarness<String, HealInput, ControlCommand, AdapterUpdate> h,
                              String model, String id, int label, long ts) throws Exception {
        h.processElement(HealInput.label(model, new LabelEvent(id, label, ts, model)), ts);
    }

    /** Processing time, and the clock of state TTL with it, as on a task manager. */
    private static void at(MeteredBroadcastHarness<String, HealInput, ControlCommand, AdapterUpdate> h, long ms)
            throws Exception {
        h.setStateTtlProcessingTime(ms);
        h.setProcessingTime(ms);
    }

    private static void feedLabelled(MeteredBroadcastHarness<String, HealInput, ControlCommand, AdapterUpdate> h,
                                     List<Transaction> rows) throws Exception {
        for (Transaction t : rows) {
            sample(h, t);
            label(h, t.id, t.label, t.ts);
        }
    }

    private static Transaction copyWithFeature0(Transaction t, float f0) {
        float[] f = t.features.clone();
        f[0] = f0;
        Transaction c = new Transaction(t.id, t.key, t.ts + 1, t.batch, t.label, f);
        c.trueLabel = t.trueLabel;
        return c;
    }

    private static List<DeadLetterRecord> deadLetters(
            MeteredBroadcastHarness<String, HealInput, ControlCommand, AdapterUpdate> h) {
        return values(h.getSideOutput(HealFunction.DEAD_LETTERS));
    }

    private static <T> List<T> values(java.util.Collection<StreamRecord<T>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}
