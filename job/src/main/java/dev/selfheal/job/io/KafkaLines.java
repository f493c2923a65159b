package dev.selfheal.job.io;

import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.KafkaSettings;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Text lines from and to Kafka: one record value = one CSV row, label row, control command or
 * scored event, the same lines the file inputs and sinks hold. Inputs are named {@code kafka:TOPIC}.
 * For the json and avro formats the values are taken as bytes, unconverted ({@link #recordSource});
 * scored events are written as bytes in every format ({@link #exactlyOnceRecordSink}).
 */
public final class KafkaLines {
    public static final String PREFIX = "kafka:";

    private KafkaLines() {}

    public static boolean isSpec(String spec) {
        return spec != null && spec.startsWith(PREFIX);
    }

    /** The topic of a {@code kafka:TOPIC} spec; {@code setting} names the key in errors. */
    static String topic(String spec, String setting) {
        String topic = spec.substring(PREFIX.length()).trim();
        if (topic.isEmpty()) {
            throw new IllegalArgumentException(setting + ": expected kafka:TOPIC, got '" + spec + "'");
        }
        return topic;
    }

    /**
     * An unbounded source of one topic's values. {@code role} (transactions, labels, control) keeps the
     * client ids of the job's sources apart.
     */
    public static KafkaSource<String> source(JobConfig c, String spec, String setting, String role) {
        return source(c, spec, setting, role, new SimpleStringSchema());
    }

    /** Like {@link #source}, the record values as they are: the parser reads the bytes themselves. */
    public static KafkaSource<byte[]> recordSource(JobConfig c, String spec, String setting, String role) {
        return source(c, spec, setting, role, new RecordValues());
    }

    private static <T> KafkaSource<T> source(JobConfig c, String spec, String setting, String role,
                                             DeserializationSchema<T> values) {
        var builder = KafkaSource.<T>builder()
                .setBootstrapServers(servers(c, setting))
                .setTopics(topic(spec, setting))
                .setGroupId(c.get(KafkaSettings.GROUP_ID))
                .setClientIdPrefix(c.get(KafkaSettings.GROUP_ID) + "-" + role)
                .setStartingOffsets(start(c.get(KafkaSettings.START)))
                .setValueOnlyDeserializer(values)
                // Upstream producers may write in transactions: never read what they abort.
                .setProperty("isolation.level", "read_committed");
        if ("latest".equals(c.get(KafkaSettings.STOP))) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** Record values as bytes; a tombstone (null value) is an empty record, so a dead letter, not a crash. */
    static final class RecordValues extends AbstractDeserializationSchema<byte[]> {
        private static final long serialVersionUID = 1L;
        private static final byte[] EMPTY = new byte[0];

        RecordValues() {
            super(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        }

        @Override
        public byte[] deserialize(byte[] message) {
            return message == null ? EMPTY : message;
        }
    }

    /**
     * The exactly-once sink: each subtask writes in a Kafka transaction that commits when the
     * checkpoint covering it completes, so readers with read_committed see every event once.
     */
    public static KafkaSink<String> exactlyOnceSink(JobConfig c, String topic) {
        return exactlyOnceSink(c, topic, "");
    }

    /**
     * @param idSuffix appended to {@code kafka.transactional-id-prefix}: two exactly-once sinks of one
     *                 job must not share transactional ids, or each fences the other's producers
     */
    public static KafkaSink<String> exactlyOnceSink(JobConfig c, String topic, String idSuffix) {
        return exactlyOnce(c, new KafkaLineRecords(topic), idSuffix);
    }

    /** Like {@link #exactlyOnceSink}, for records that are bytes already (scored events in any format). */
    public static KafkaSink<byte[]> exactlyOnceRecordSink(JobConfig c, String topic) {
        return exactlyOnce(c, new KafkaLineRecords.Bytes(topic), "");
    }

    private static <T> KafkaSink<T> exactlyOnce(JobConfig c, KafkaRecordSerializationSchema<T> records,
                                                String idSuffix) {
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(servers(c, KafkaSettings.SCORED_TOPIC.key()))
                .setRecordSerializer(records)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(c.get(KafkaSettings.TRANSACTIONAL_ID_PREFIX) + idSuffix);
        producerProperties(c).forEach((k, v) -> builder.setProperty((String) k, (String) v));
        return builder.build();
    }

    /** The exactly-once sinks' producer settings. */
    static java.util.Properties producerProperties(JobConfig c) {
        java.util.Properties p = new java.util.Properties();
        // The client's default (1 h) exceeds the broker's default maximum (15 min): the producer
        // would be refused at start.
        p.setProperty("transaction.timeout.ms", Long.toString(c.get(KafkaSettings.TRANSACTION_TIMEOUT_MS)));
        p.setProperty("linger.ms", Integer.toString(c.get(KafkaSettings.PRODUCER_LINGER_MS)));
        p.setProperty("batch.size", Integer.toString(c.get(KafkaSettings.PRODUCER_BATCH_SIZE)));
        p.setProperty("compression.type", c.get(KafkaSettings.PRODUCER_COMPRESSION));
        return p;
    }

    private static String servers(JobConfig c, String setting) {
        String s = c.get(KafkaSettings.BOOTSTRAP_SERVERS);
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(setting + " uses Kafka, but '" + KafkaSettings.BOOTSTRAP_SERVERS.key()
                    + "' is not set");
        }
        return s.trim();
    }

    private static OffsetsInitializer start(String mode) {
        return switch (mode) {
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> OffsetsInitializer.earliest();
        };
    }
}
