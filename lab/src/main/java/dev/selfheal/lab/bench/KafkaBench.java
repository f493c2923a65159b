package dev.selfheal.lab.bench;

import dev.selfheal.data.RecordFormat;
import dev.selfheal.job.FlinkSettings;
import dev.selfheal.job.SelfhealJob;
import dev.selfheal.job.config.CheckpointSettings;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.InputSettings;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.KafkaSettings;
import dev.selfheal.job.config.OutputSettings;
import dev.selfheal.job.heal.FailureInjection;
import dev.selfheal.job.io.RunInputs;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The production path through Kafka, per record format: the job `run` builds (Kafka source,
 * parse/validate, PROFILE, HEAL, SCORE, the scored events formatted and written exactly once to a
 * Kafka topic) beside its own ends without the middle ({@link SelfhealJob#buildEnds}), both from
 * the same topic in the same run; and the latency from a paced producer to a read_committed
 * consumer of the scored topic. The broker is a separate process on the same cores: its CPU time
 * is read over the same window.
 */
final class KafkaBench {
    static final int PARTITIONS = 2;

    /** The best of each kind over the alternating pairs. */
    record Pair(JobRun.Result scored, JobRun.Result passThrough) {}

    /**
     * @param histogram 1 ms buckets from the producer's timestamp to the consumer seeing the scored record
     */
    record Latency(double rate, double achievedRate, long measured, long[] histogram, long checkpointIntervalMs) {}

    private final BenchSetup setup;
    private final TransactionPool pool;
    private final Path work;
    private final String bootstrap;
    private final BrokerProcess broker;
    private final PrintStream log;
    private final Path avroSchema;

    /** @param broker the broker's process, or null when it was not found (its CPU is then not reported) */
    KafkaBench(BenchSetup setup, TransactionPool pool, Path work, String bootstrap, BrokerProcess broker,
               PrintStream log) throws Exception {
        this.setup = setup;
        this.pool = pool;
        this.work = work;
        this.bootstrap = bootstrap;
        this.broker = broker;
        this.log = log;
        this.avroSchema = Files.writeString(work.resolve("transactions.avsc"), PooledRecords.avroSchema().toString(true));
    }

    /**
     * Produces {@code events} into a fresh topic in format {@code f}, then runs pass-through and scored
     * alternately over it, {@code repeats} pairs after a smaller scored warm-up on a topic of its own.
     *
     * @param jfr when not null, one more scored run is recorded there with JFR's profiling settings
     */
    Pair throughput(JobConfig base, RecordFormat f, long events, int repeats, Path jfr) throws Exception {
        String in = topic(f + "-in");
        String warmUp = topic(f + "-warm-up");
        long warmUpEvents = Math.max(1000, events / 10);
        log.printf("bench: Kafka, %s records: producing %,d events into %s (%d partitions)…%n", f, events, in, PARTITIONS);
        KafkaInput.produce(bootstrap, warmUp, PARTITIONS, new PooledRecords(pool, f), warmUpEvents);
        KafkaInput.produce(bootstrap, in, PARTITIONS, new PooledRecords(pool, f), events);
        try {
            run("warm-up kafka " + f, base, f, warmUp, false, warmUpEvents);
            JobRun.Result bestSc = null;
            JobRun.Result bestPt = null;
            for (int rep = 0; rep < repeats; rep++) {
                String suffix = repeats > 1 ? " #" + (rep + 1) : "";
                JobRun.Result pt = run("kafka " + f + " pass-through" + suffix, base, f, in, true, events);
                JobRun.Result sc = run("kafka " + f + " scored" + suffix, base, f, in, false, events);
                bestPt = bestPt == null || pt.eventsPerS() > bestPt.eventsPerS() ? pt : bestPt;
                bestSc = bestSc == null || sc.eventsPerS() > bestSc.eventsPerS() ? sc : bestSc;
            }
            if (jfr != null) {
                try (jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"))) {
                    r.start();
                    run("kafka " + f + " scored (JFR)", base, f, in, false, events);
                    r.stop();
                    r.dump(jfr);
                }
                log.println("  JFR recording of the scored run: " + jfr);
                JfrTopFrames.print(jfr, 20, log);
            }
            return new Pair(bestSc, bestPt);
        } finally {
            KafkaInput.delete(bootstrap, in, warmUp);
        }
    }

    private JobRun.Result run(String name, JobConfig base, RecordFormat f, String in, boolean passThrough, long events)
            throws Exception {
        String out = topic(f + "-scored");
        KafkaInput.create(bootstrap, out, PARTITIONS);
        JobConfig c = config(base, f, out, true);
        try {
            return JobRun.run(name, c, work, env -> build(env, c, in, passThrough), events, new long[0], 0,
                    broker == null ? null : broker::cpuNanos, log);
        } finally {
            KafkaInput.delete(bootstrap, out);
        }
    }

    /** The production job as `run` builds it from these settings (its ends only, for the pass-through). */
    private void build(StreamExecutionEnvironment env, JobConfig c, String in, boolean passThrough) {
        SelfhealJob job = new SelfhealJob(c, HealerConfigs.from(c), setup.served(), RunInputs.sources(c, "kafka:" + in),
                RunInputs.sinks(c, work.resolve("out-" + in)), FailureInjection.none())
                .beforeScoredSink(new CountingStage());
        if (passThrough) {
            job.buildEnds(env, new PassThroughFunction.Unscored());
        } else {
            job.build(env);
        }
    }

    /**
     * @param bounded {@code kafka.stop: latest}: the job reads the topic as it is and finishes
     */
    private JobConfig config(JobConfig base, RecordFormat f, String scoredTopic, boolean bounded) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put(InputSettings.FORMAT.key(), f.code());
        s.put(OutputSettings.FORMAT.key(), f.code());
        s.put(KafkaSettings.BOOTSTRAP_SERVERS.key(), bootstrap);
        s.put(KafkaSettings.SCORED_TOPIC.key(), scoredTopic);
        s.put(KafkaSettings.STOP.key(), bounded ? "latest" : "never");
        s.put(KafkaSettings.GROUP_ID.key(), scoredTopic);
        // A fresh prefix per run: the sink never waits on (or aborts) another run's transactions.
        s.put(KafkaSettings.TRANSACTIONAL_ID_PREFIX.key(), scoredTopic);
        if (f == RecordFormat.AVRO) {
            s.put(InputSettings.AVRO_SCHEMA.key(), avroSchema.toString());
        }
        return base.with(s);
    }

    /**
     * The scored job on an unbounded topic fed by a producer paced at {@code rate} for {@code seconds},
     * each record stamped with the wall clock as its event time; a read_committed consumer of the
     * scored topic takes the difference when it sees each record. Records produced before the job's
     * first committed output (start-up) are not measured.
     */
    Latency latency(JobConfig base, RecordFormat f, double rate, double seconds) throws Exception {
        String in = topic(f + "-latency-in");
        String out = topic(f + "-latency-scored");
        KafkaInput.create(bootstrap, in, PARTITIONS);
        KafkaInput.create(bootstrap, out, PARTITIONS);
        JobConfig c = config(base, f, out, false);
        long interval = c.get(CheckpointSettings.INTERVAL_MS);
        Path checkpoints = work.resolve("checkpoints-latency-" + f);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                FlinkSettings.of(c, checkpoints, Files.createDirectories(work.resolve("rocks")), 0));
        build(env, c, in, false);
        log.printf("bench: Kafka, %s records: latency at %,.0f events/s for %.0f s (checkpoints every %d ms)…%n", f,
                rate, seconds, interval);
        JobClient client = env.executeAsync("selfheal bench kafka latency " + f);
        try (ScoredConsumer consumer = new ScoredConsumer(bootstrap, out, f);
             KafkaProducer<byte[], byte[]> producer = KafkaInput.producer(bootstrap, 1)) {
            consumer.start();
            PooledRecords records = new PooledRecords(pool, f);
            long g = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (consumer.seen() == 0) {
                if (System.nanoTime() > deadline || client.getJobExecutionResult().isDone()) {
                    client.getJobExecutionResult().getNow(null); // the job's failure, if that is why
                    throw new IllegalStateException("kafka latency " + f + ": no scored record within 120 s");
                }
                for (int i = 0; i < 100; i++, g++) {
                    producer.send(new ProducerRecord<>(in, records.encode(g, System.currentTimeMillis())));
                }
                producer.flush();
                Thread.sleep(200);
            }
            long from = System.currentTimeMillis();
            consumer.measureFrom(from);
            long n = Math.max(1, (long) (rate * seconds));
            long t0 = System.nanoTime();
            for (long i = 0; i < n; ) {
                long due = Math.min(n, (long) ((System.nanoTime() - t0) / 1e9 * rate) + 1);
                for (; i < due; i++, g++) {
                    producer.send(new ProducerRecord<>(in, records.encode(g, System.currentTimeMillis())));
                }
                LockSupport.parkNanos(200_000);
            }
            producer.flush();
            double achieved = n / ((System.nanoTime() - t0) / 1e9);
            if (!consumer.awaitMeasured(n, TimeUnit.MILLISECONDS.toNanos(3 * interval + 30_000))) {
                throw new IllegalStateException("kafka latency " + f + ": the consumer saw " + consumer.measured()
                        + " of " + n + " records");
            }
            Latency l = new Latency(rate, achieved, consumer.measured(), consumer.histogram(), interval);
            log.printf("  %-24s p50 %,.0f ms, p99 %,.0f ms (%,d records at %,.0f events/s; checkpoints every %d ms, load %.1f)%n",
                    "kafka " + f + " latency", Percentiles.ofHistogram(l.histogram(), 0.5),
                    Percentiles.ofHistogram(l.histogram(), 0.99), l.measured(), achieved, interval,
                    MachineInfo.loadAverage());
            return l;
        } finally {
            try {
                client.cancel().get(60, TimeUnit.SECONDS);
                client.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                // cancelled, as intended, or already failed: then the failure above is the one to report
            }
            KafkaInput.delete(bootstrap, in, out);
            JobRun.deleteTree(checkpoints);
        }
    }

    private static String topic(String what) {
        return "selfheal-bench-" + what + "-" + System.currentTimeMillis();
    }
}
