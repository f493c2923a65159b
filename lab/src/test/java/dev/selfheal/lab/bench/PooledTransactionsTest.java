package dev.selfheal.lab.bench;

import dev.selfheal.data.Transaction;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The source must agree with PROFILE on the sample, or HEAL would see the wrong rows. */
class PooledTransactionsTest {
    private static final double RATE = 0.01;
    private static TransactionPool pool;

    @BeforeAll
    static void pool() {
        List<Transaction> rows = new ScenarioGenerator(Scenario.SEED, 3).generate().stream().rows();
        pool = TransactionPool.of(rows, 512, RATE, 300);
    }

    private static List<Transaction> emit(String[] models, long bootstrap, int subtask, int parallelism, int n) {
        PooledTransactions f = new PooledTransactions(pool, models, 0, bootstrap);
        f.open(new TestingReaderContext(subtask, parallelism));
        List<Transaction> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(f.map((long) i));
        }
        return out;
    }

    @Test
    void exactlyEveryHundredthEventIsSampledLabelledAndHashesIntoProfilesSample() {
        List<Transaction> out = emit(BenchSetup.modelIds(1), 0, 0, 1, 5000);
        for (int g = 0; g < out.size(); g++) {
            Transaction t = out.get(g);
            boolean sampled = g % 100 == 0;
            assertThat(TransactionPool.isSampled(t.id, RATE)).as("event %d", g).isEqualTo(sampled);
            assertThat(t.hasLabel()).isEqualTo(sampled);
            assertThat(t.features).hasSize(10);
            assertThat(t.batch).isZero();
            assertThat(t.model).isEqualTo(Transaction.DEFAULT_MODEL);
        }
    }

    @Test
    void subtasksInterleaveEventTime() {
        List<Transaction> a = emit(BenchSetup.modelIds(1), 0, 0, 2, 3);
        List<Transaction> b = emit(BenchSetup.modelIds(1), 0, 1, 2, 3);
        assertThat(a).extracting(t -> t.ts - PooledTransactions.T0).containsExactly(0L, 2L, 4L);
        assertThat(b).extracting(t -> t.ts - PooledTransactions.T0).containsExactly(1L, 3L, 5L);
    }

    @Test
    void aBootstrapGivesEveryModelAFullHealBatchOfDistinctSampledIds() {
        String[] models = BenchSetup.modelIds(7);
        List<Transaction> out = emit(models, 7 * 100, 0, 1, 7 * 100 + 1000);
        Map<String, Set<String>> ids = new HashMap<>();
        for (int g = 0; g < 700; g++) {
            Transaction t = out.get(g);
            assertThat(TransactionPool.isSampled(t.id, RATE)).isTrue();
            ids.computeIfAbsent(t.model, k -> new HashSet<>()).add(t.id);
        }
        assertThat(ids).hasSize(7).allSatisfy((m, s) -> assertThat(s).hasSize(100));
        long sampledAfter = out.subList(700, out.size()).stream().filter(t -> t.hasLabel()).count();
        assertThat(sampledAfter).isEqualTo(10);
    }
}
