package dev.selfheal.job.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.model.Adapter;
import dev.selfheal.model.AdapterCodec;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioConfig;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SCORE's micro-batch grows with the number of distinct adapters in it (about
 * {@link BatchScorer#ROWS_PER_ADAPTER} rows each), between score.batch-size and
 * score.max-batch-size, and shrinks back when a full batch holds fewer.
 */
class AdaptiveBatchSizeTest {
    private static final int BATCH = 8;
    private static FraudModel model;
    private static List<Transaction> stream;

    @BeforeAll
    static void trainSmallModel() {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 1, new ScenarioConfig(500, 100, 2, 100, 400))
                .generate();
        model = ModelFactory.train("default", data.train(), null, TrainConfig.defaults().withEpochs(1),
                ModelFactory.DEFAULT_RULES, null, 0.5);
        stream = data.stream().rows();
    }

    @Test
    void oneModelKeepsTheConfiguredBatchSize() {
        try (BatchScorer s = scorer(BATCH, 1024)) {
            List<ScoredEvent> out = BatchScorerTest.scoreAll(s, rows(100, i -> "default"));
            assertThat(out).hasSize(100);
            assertThat(s.batchTarget()).isEqualTo(BATCH);
        }
    }

    @Test
    void aFullBatchOfDistinctAdaptersGrowsTheNextToFourRowsPerAdapter() {
        try (BatchScorer s = scorer(BATCH, 1024)) {
            healModels(s, 40);
            List<Transaction> in = rows(BATCH, i -> "m" + i);
            fill(s, in);
            s.flush(e -> { });
            assertThat(s.batchTarget()).isEqualTo(BatchScorer.ROWS_PER_ADAPTER * BATCH);
            // The next batch is full only at the new size.
            List<Transaction> next = rows(BatchScorer.ROWS_PER_ADAPTER * BATCH, i -> "m" + (i % 40));
            for (int i = 0; i < next.size() - 1; i++) {
                assertThat(s.add(next.get(i))).as("row %d", i).isFalse();
            }
            assertThat(s.add(next.get(next.size() - 1))).isTrue();
        }
    }

    @Test
    void growthStopsAtTheMaximum() {
        try (BatchScorer s = scorer(BATCH, 20)) {
            healModels(s, 40);
            BatchScorerTest.scoreAll(s, rows(200, i -> "m" + (i % 40)));
            assertThat(s.batchTarget()).isEqualTo(20);
        }
    }

    @Test
    void aMaximumAtOrBelowTheBatchSizeKeepsBatchesFixed() {
        try (BatchScorer s = scorer(BATCH, 4)) {
            healModels(s, 40);
            BatchScorerTest.scoreAll(s, rows(200, i -> "m" + (i % 40)));
            assertThat(s.batchTarget()).isEqualTo(BATCH);
        }
    }

    @Test
    void modelsStillOnTheDeployedAdapterShareOneAndDoNotGrowTheBatch() {
        try (BatchScorer s = scorer(BATCH, 1024)) {
            BatchScorerTest.scoreAll(s, rows(200, i -> "m" + (i % 40)));
            assertThat(s.batchTarget()).isEqualTo(BATCH);
        }
    }

    @Test
    void aPartialFlushOnlyGrowsAFullOneAlsoShrinks() {
        try (BatchScorer s = scorer(BATCH, 1024)) {
            healModels(s, 40);
            fill(s, rows(BATCH, i -> "m" + i));
            s.flush(e -> { });
            int grown = s.batchTarget();
            assertThat(grown).isEqualTo(32);
            // A timer flush of two rows of one adapter says little about a full batch: kept.
            fill(s, rows(2, i -> "m0"));
            s.flush(e -> { });
            assertThat(s.batchTarget()).isEqualTo(grown);
            // A full batch that held two adapters: back to the minimum.
            fill(s, rows(grown, i -> "m" + (i % 2)));
            s.flush(e -> { });
            assertThat(s.batchTarget()).isEqualTo(BATCH);
        }
    }

    @Test
    void aGrownBatchScoresEveryRowOnceWithItsModelsVersion() {
        try (BatchScorer s = scorer(BATCH, 1024)) {
            healModels(s, 40);
            List<Transaction> in = rows(400, i -> "m" + (i * 7 % 40));
            List<ScoredEvent> out = BatchScorerTest.scoreAll(s, in);
            assertThat(s.batchTarget()).isGreaterThan(BATCH);
            assertThat(out).extracting(e -> e.id).containsExactlyInAnyOrderElementsOf(in.stream().map(t -> t.id).toList());
            Map<String, ScoredEvent> byId = out.stream().collect(Collectors.toMap(e -> e.id, Function.identity()));
            for (Transaction t : in) {
                assertThat(byId.get(t.id).modelVersion).isEqualTo(versionOf(t.model));
            }
            // Each row's probability is its own adapter's: the same as scoring it alone at the minimum size.
            try (BatchScorer alone = scorer(1, 1)) {
                healModels(alone, 40);
                for (Transaction t : in.subList(0, 40)) {
                    ScoredEvent single = BatchScorerTest.scoreAll(alone, List.of(t)).get(0);
                    assertThat(byId.get(t.id).p).isEqualTo(single.p);
                }
            }
        }
    }

    private static BatchScorer scorer(int batch, int max) {
        return new BatchScorer(model, model.adapter().params(), batch, max, 0, "auto");
    }

    /** Gives models m0..m{n-1} adapters of their own (version 10 + i). */
    private static void healModels(BatchScorer s, int n) {
        for (int i = 0; i < n; i++) {
            String id = "m" + i;
            long v = versionOf(id);
            Adapter a = new Adapter(model.frozen().hidden(), BatchScorerTest.perturbed(model.adapter().params(), i));
            assertThat(s.apply(new AdapterUpdate(id, v, AdapterCodec.encode(id, v, a), 0.5, "heal", 0), 0).refused)
                    .isNull();
        }
    }

    private static long versionOf(String model) {
        return 10 + Integer.parseInt(model.substring(1));
    }

    private static void fill(BatchScorer s, List<Transaction> in) {
        for (Transaction t : in) {
            s.add(t);
        }
    }

    private static List<Transaction> rows(int n, java.util.function.IntFunction<String> modelOf) {
        List<Transaction> in = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Transaction src = stream.get(i % stream.size());
            Transaction t = new Transaction(src.id + "#" + i + "#" + System.nanoTime(), src.key, src.ts, src.batch,
                    src.label, src.features);
            t.model = modelOf.apply(i);
            in.add(t);
        }
        return in;
    }
}
