package dev.selfheal.job.io;

import dev.selfheal.job.config.JobConfig;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaLinesTest {
    private static final JobConfig KAFKA = JobConfig.defaults().with(Map.of("kafka.bootstrap-servers", "127.0.0.1:9092"));

    @Test
    void kafkaInputsNeedBrokers() {
        JobConfig none = JobConfig.defaults().with(Map.of("input.labels", "kafka:labels"));
        assertThatThrownBy(() -> RunInputs.sources(none, "generator:seed:42:10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input.labels").hasMessageContaining("kafka.bootstrap-servers");
    }

    @Test
    void anEmptyTopicIsRefused() {
        assertThatThrownBy(() -> KafkaLines.source(KAFKA, "kafka: ", "input.control", "control"))
                .hasMessageContaining("expected kafka:TOPIC");
    }

    @Test
    void everyInputCanComeFromKafkaAndScoredEventsGoToKafka() {
        JobConfig c = KAFKA.with(Map.of("input.labels", "kafka:labels", "input.control", "kafka:control",
                "kafka.scored-topic", "scored"));
        var sources = RunInputs.sources(c, "kafka:transactions");
        assertThat(sources.transactions()).isInstanceOf(KafkaSource.class);
        assertThat(sources.labels()).isInstanceOf(KafkaSource.class);
        // The control source is the Kafka one (its own uid: its offsets are not a file source's state).
        assertThat(sources.control().open(
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.getExecutionEnvironment())
                .getTransformation().getUid()).isEqualTo("source-control-kafka");
        assertThat(sources.transactionHeader()).isEqualTo(GeneratedTransactions.header());
        assertThat(RunInputs.sinks(c, Path.of("/tmp/out")).scored()).isInstanceOf(KafkaSink.class);
        assertThat(RunInputs.sinks(KAFKA, Path.of("/tmp/out")).scored()).isNotInstanceOf(KafkaSink.class);
    }

    @Test
    void recordsCarryTheLineAndNoEventTimeStamp() {
        ProducerRecord<byte[], byte[]> r = new KafkaLineRecords("scored").serialize("{\"id\":\"a\"}", null, 1_700_000_000_000L);
        assertThat(r.topic()).isEqualTo("scored");
        assertThat(r.timestamp()).as("stamped by the producer at send time").isNull();
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"a\"}");
    }
}
