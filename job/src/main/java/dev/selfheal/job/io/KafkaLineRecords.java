package dev.selfheal.job.io;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * One line = one Kafka record value, stamped by the producer at send time. The sink's default would
 * stamp each record with the stream element's event time; for replayed or historical input that
 * lies beyond the topic's retention, and the broker deletes the records as soon as it rolls a segment.
 */
final class KafkaLineRecords implements KafkaRecordSerializationSchema<String> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    KafkaLineRecords(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(String line, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null, null, line.getBytes(StandardCharsets.UTF_8));
    }

    /** The same for records that are bytes already. */
    static final class Bytes implements KafkaRecordSerializationSchema<byte[]> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        Bytes(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(byte[] record, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(topic, null, null, null, record);
        }
    }
}
