package dev.selfheal.lab.bench;

import dev.selfheal.data.RecordFormat;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A read_committed consumer of the scored topic on a thread of its own, as a downstream reader sees
 * the exactly-once output: for each record, the wall clock minus the record's event time (the
 * producer's wall clock), into 1 ms buckets, for records stamped at or after {@link #measureFrom}.
 */
final class ScoredConsumer implements AutoCloseable {
    static final int BUCKETS = 60_000;

    private final String bootstrap;
    private final String topic;
    private final RecordFormat format;
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong measured = new AtomicLong();
    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
    private volatile long from = Long.MAX_VALUE;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private final Thread thread;

    ScoredConsumer(String bootstrap, String topic, RecordFormat format) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.format = format;
        this.thread = new Thread(this::consume, "scored-consumer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void consume() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        ScoredTimestamps ts = new ScoredTimestamps(format);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    long t = ts.ts(r.value());
                    if (t >= from) {
                        histogram.incrementAndGet((int) Math.max(0, Math.min(BUCKETS - 1, now - t)));
                        measured.incrementAndGet();
                    }
                    seen.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Records stamped from this wall-clock time on are measured. */
    void measureFrom(long epochMs) {
        from = epochMs;
    }

    long seen() {
        check();
        return seen.get();
    }

    long measured() {
        return measured.get();
    }

    /** Waits until {@code n} measured records were seen; false on timeout. */
    boolean awaitMeasured(long n, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (measured.get() < n) {
            check();
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    long[] histogram() {
        long[] h = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            h[i] = histogram.get(i);
        }
        return h;
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("the scored topic's consumer failed: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
