package dev.selfheal.lab.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka part's topics on a running broker ({@code deploy/local/kafka.sh start}): the transactions
 * produced beforehand in one {@code input.format}, read by the production job with
 * {@code kafka.stop: latest} (the offsets present at start), so each run ends.
 */
final class KafkaInput {
    private KafkaInput() {}

    static void create(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A producer of record values. {@code lingerMs} 0 for the paced latency runs (a record leaves at
     * once), more to fill topics fast.
     */
    static KafkaProducer<byte[], byte[]> producer(String bootstrap, int lingerMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        return new KafkaProducer<>(p);
    }

    /** Creates {@code topic} and writes events 0..events-1 into it (event time T0 + g); the records written. */
    static long produce(String bootstrap, String topic, int partitions, PooledRecords records, long events)
            throws Exception {
        create(bootstrap, topic, partitions);
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, 20)) {
            for (long g = 0; g < events; g++) {
                // No key: records spread over the partitions, as an upstream without keys would write them.
                producer.send(new ProducerRecord<>(topic, records.encode(g, PooledTransactions.T0 + g)));
            }
            producer.flush();
        }
        return events;
    }

    static void delete(String bootstrap, String... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.deleteTopics(List.of(topics)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Leaving a benchmark topic behind is harmless; the figure is what matters.
        }
    }
}
