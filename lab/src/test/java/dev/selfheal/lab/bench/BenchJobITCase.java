package dev.selfheal.lab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.job.config.CheckpointSettings;
import dev.selfheal.job.config.DriftSettings;
import dev.selfheal.job.config.HealSettings;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.MetricsSettings;
import dev.selfheal.job.config.ScoreSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's jobs on a MiniCluster at smoke size: every event reaches the sink, HEAL heals,
 * every scorer applies what it publishes, and the report carries its documented keys. No timings are
 * asserted: speed lives in the benchmark's output, not in tests.
 */
@Timeout(180)
class BenchJobITCase {
    private static BenchSetup setup;
    private static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());

    @TempDir
    Path work;

    @BeforeAll
    static void model() {
        setup = BenchSetup.create(7);
    }

    private static JobConfig config(int parallelism) {
        return JobConfig.defaults().with(Map.of(ScoreSettings.PARALLELISM.key(), parallelism,
                HealSettings.SAMPLE_RATE.key(), 0.01, DriftSettings.FIDI_WARMUP.key(), 0,
                CheckpointSettings.INTERVAL_MS.key(), 200L, MetricsSettings.PROMETHEUS_PORT.key(), ""));
    }

    @Test
    void scoredJobWithManyModelsHealsEachAndEveryScorerAppliesEveryAdapter() throws Exception {
        JobConfig c = config(2);
        TransactionPool pool = TransactionPool.of(setup.streamRows(), 1024, 0.01, 500);
        String[] models = BenchSetup.modelIds(3);
        long events = 30_000;
        JobRun.Result r = JobRun.run("smoke scored", c, work, env -> BenchGraph.build(env, c, setup.served(),
                setup.model(), PooledTransactions.source(pool, models, events, 0, 300), false, false),
                events, new long[] {events / 5, events}, 3, QUIET);

        assertThat(r.outputs()).isEqualTo(events);
        assertThat(r.healBatches()).isGreaterThanOrEqualTo(3);
        assertThat(r.healMs()).isNotEmpty().allSatisfy(ms -> assertThat(ms).isPositive());
        // HEAL's CPU time over each heal: some, and never more than the heal's wall time allows.
        assertThat(r.healCpuMs()).hasSameSizeAs(r.healMs()).allSatisfy(ms -> assertThat(ms).isPositive());
        assertThat(r.healCpuMs().stream().mapToDouble(Double::doubleValue).sum())
                .isLessThanOrEqualTo(r.healMs().stream().mapToDouble(Double::doubleValue).sum() + 1.0);
        // Each published version reached both scorer subtasks.
        assertThat(Probe.applied.values()).isNotEmpty().allSatisfy(v -> assertThat(v[1]).isEqualTo(2));
        assertThat(r.propagationMs()).hasSize(Probe.applied.size());
        assertThat(r.memory()).containsKeys(events / 5, events);
        assertThat(r.readySeconds()).isPositive();
    }

    @Test
    void passThroughAndLatencyRunsCountEveryEvent() throws Exception {
        JobConfig c = config(1);
        TransactionPool pool = TransactionPool.of(setup.streamRows(), 1024, 0.01, 500);
        String[] one = BenchSetup.modelIds(1);
        JobRun.Result pt = JobRun.run("smoke pass-through", c, work, env -> BenchGraph.build(env, c, setup.served(),
                setup.model(), PooledTransactions.source(pool, one, 10_000, 0, 0), true, false),
                10_000, new long[0], QUIET);
        assertThat(pt.outputs()).isEqualTo(10_000);

        JobRun.Result lat = JobRun.run("smoke latency", c, work, env -> BenchGraph.build(env, c, setup.served(),
                setup.model(), PooledTransactions.source(pool, one, 5_000, 10_000, 0), false, true),
                5_000, new long[0], QUIET);
        assertThat(Percentiles.total(lat.latencyHistogram())).isEqualTo(5_000);
        assertThat(lat.seconds()).as("paced at 10k events/s").isGreaterThan(0.4);
    }

    @Test
    void healerAloneHealsOnTheStreamAndReportsTheJobsInterval() {
        JobConfig c = config(1);
        double[][] f = HealBench.healerAlone(setup, HealerConfigs.from(c), c.get(DriftSettings.FIDI_FEATURE), 100, 30,
                c.get(ScoreSettings.KERNEL));
        assertThat(f[2][0]).as("heals after the warm-up ones").isGreaterThanOrEqualTo(5);
        assertThat(f[0][0]).isPositive();
        assertThat(f[1][0]).isPositive();
        assertThat(f[0][1]).isGreaterThanOrEqualTo(f[0][0]);
    }

    @Test
    void reportCarriesTheDesignKeysAndTheGoals() throws Exception {
        BenchReport report = new BenchReport();
        report.machine(MachineInfo.describe());
        report.settings(new BenchRunner.BenchOptions(1000, 2, 0.001, "auto", 1, Set.of("e2e"), 1, 1, new int[] {1}, 0.1,
                1, Map.of(), "", 3, 2000, null, 8), dev.selfheal.job.config.JobConfig.defaults()
                .with(Map.of("score.batch-size", 512, "heal.thread-priority", 7)), "vector");
        JobRun.Result fake = new JobRun.Result("x", 1000, 1, 500_000, 2.0, List.of(3.0, 4.0), List.of(1.0, 1.5), 2,
                List.of(1.0),
                new long[Probe.LATENCY_BUCKETS], Map.of(200L, new double[] {100, 50}, 1000L, new double[] {101, 50}),
                1.5, Double.NaN, List.of(4.0, 12.0, 6.0));
        report.kernel("vector", Map.of(256, 0.3), Map.of(256, 1.2), Map.of(256, 0.6), 4.0);
        report.endToEnd(2, fake, fake);
        report.healAt(2, List.of(fake));
        report.memory(fake);
        report.inJob(List.of(fake));
        report.latency(250_000, fake);
        report.models(1, fake, "account", null);
        JobRun.Result slower = new JobRun.Result("y", 1000, 1, 400_000, 2.5, List.of(3.0), List.of(1.0), 2,
                List.of(1.0), new long[Probe.LATENCY_BUCKETS], Map.of(), 3.0, 2.0, List.of());
        report.models(1000, slower, "model", fake);
        report.modelsAtWidth(8, 1, slower, "account", null);
        report.modelsAtWidth(8, 1000, fake, "model", slower);
        ObjectNode out = report.finish();
        for (String key : new String[] {"kernel_us_per_record", "e2e_events_per_s", "passthrough_events_per_s",
                "heal_ms_p50", "heal_ms_p99", "propagation_ms_p50", "propagation_ms_p99", "latency_ms_p50",
                "latency_ms_p99", "rss_mb", "models", "machine", "goals", "heal_cpu_ms_p50", "heal_by_parallelism"}) {
            assertThat(out.has(key)).as(key).isTrue();
        }
        assertThat(out.get("machine").get("nproc").asInt()).isPositive();
        // The settings the runs used, --set values included, not the defaults.
        assertThat(out.get("settings").get("score_batch_size").asInt()).isEqualTo(512);
        assertThat(out.get("settings").get("score_max_batch_size").asInt())
                .isEqualTo(dev.selfheal.job.config.ScoreSettings.MAX_BATCH_SIZE.defaultValue());
        assertThat(out.get("settings").get("heal_thread_priority").asInt()).isEqualTo(7);
        // The test JVM runs with -XX:ThreadPriorityPolicy=1 (pom.xml), as the bench's child JVM does.
        assertThat(out.get("settings").get("jvm_passes_thread_priorities").asBoolean()).isTrue();
        assertThat(out.get("rss_growth_pct").asDouble()).isEqualTo(1.0);
        assertThat(out.get("heal_by_parallelism").get("2").get("heal_cpu_ms_p50").asDouble()).isBetween(1.0, 1.5);
        // Unmeasurable figures are null, never NaN.
        JsonNode ready = out.get("models_detail").get("1").get("seconds_until_every_model_healed");
        assertThat(ready.isNull()).isTrue();
        // The latency run's heals are reported apart: the same heals with cores to spare.
        assertThat(out.get("heal_at_half_load").get("heals").asInt()).isEqualTo(2);
        // The fake run lasted 1 s with pauses of 4, 12 and 6 ms.
        JsonNode gc = out.get("heal_by_parallelism").get("2").get("gc_pauses");
        assertThat(gc.get("count").asInt()).isEqualTo(3);
        assertThat(gc.get("ms_p50").asDouble()).isEqualTo(6.0);
        assertThat(gc.get("ms_max").asDouble()).isEqualTo(12.0);
        assertThat(gc.get("ms_per_s").asDouble()).isEqualTo(22.0);
        assertThat(out.get("heal_at_half_load").get("gc_pauses").get("count").asInt()).isEqualTo(3);
        assertThat(out.get("heal_at_half_load").get("heal_ms_p99").asDouble()).isBetween(3.0, 4.0);
        // Many models: the figure is the model-routed run's, with the account-routed one beside it.
        assertThat(out.get("models_over_one").get("1000").asDouble()).isEqualTo(0.8);
        assertThat(out.get("models_detail").get("1000").get("route_by").asText()).isEqualTo("model");
        assertThat(out.get("models_detail").get("1000").get("by_account").get("events_per_s").asLong())
                .isEqualTo(500_000);
        assertThat(out.get("models_over_one_by_cpu").get("1000").asDouble()).isEqualTo(0.8);
        // The second model's figures stand apart, with their own ratio and goal row.
        JsonNode narrow = out.get("models_by_adapter_width").get("8");
        assertThat(narrow.get("models_over_one").get("1000").asDouble()).isEqualTo(1.25);
        assertThat(narrow.get("models_detail").get("1000").get("by_account").get("events_per_s").asLong())
                .isEqualTo(400_000);
        assertThat(out.get("goals")).anySatisfy(g -> {
            assertThat(g.get("figure").asText()).endsWith("adapter width 8");
            assertThat(g.get("met").asBoolean()).isTrue();
        });
    }
}
