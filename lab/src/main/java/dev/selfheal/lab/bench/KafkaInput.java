package dev.selfheal.lab.bench;

import dev.selfheal.job.JobSources;
import dev.selfheal.job.io.GeneratedTransactions;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The "from Kafka" figure: the same CSV lines as the file run, produced beforehand into a fresh
 * topic of a running broker ({@code deploy/local/kafka.sh start}), then read by the production job.
 * The source is bounded at the offsets present when the job starts, so the run ends; `run` reads the
 * same topic unbounded, with the same reader.
 */
final class KafkaInput {
    private KafkaInput() {}

    /** Creates {@code topic} and writes the events into it; the number of records written (header excluded). */
    static long produce(String bootstrap, String topic, int partitions, TransactionPool pool, long events)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        long[] sent = {0};
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            String header = GeneratedTransactions.header();
            CsvFileInput.lines(pool, events, line -> {
                if (!line.equals(header)) {
                    // No key: records spread over the partitions; the job reads them at parallelism 1 anyway.
                    producer.send(new ProducerRecord<>(topic, line));
                    sent[0]++;
                }
            });
            producer.flush();
        }
        return sent[0];
    }

    static JobSources sources(String bootstrap, String topic) {
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId("selfheal-bench")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        return new JobSources(source, GeneratedTransactions.header(), null, null, null);
    }

    static void delete(String bootstrap, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Leaving a benchmark topic behind is harmless; the figure is what matters.
        }
    }
}
