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
        assertThat(RunInputs.sinks(c, Path.of("/tmp/out")).scoredRecords()).isInstanceOf(KafkaSink.class);
        assertThat(RunInputs.sinks(KAFKA, Path.of("/tmp/out")).scoredRecords()).isNotInstanceOf(KafkaSink.class);
    }

    @Test
    void sourcesRunOnUnlessToldToStopAtTheOffsetsPresentAtStart() {
        var streaming = RunInputs.sources(KAFKA.with(Map.of("input.labels", "kafka:labels")), "kafka:transactions");
        assertThat(streaming.transactions().getBoundedness())
                .isEqualTo(org.apache.flink.api.connector.source.Boundedness.CONTINUOUS_UNBOUNDED);
        var backfill = RunInputs.sources(KAFKA.with(Map.of("input.labels", "kafka:labels", "kafka.stop", "latest",
                "input.format", "json")), "kafka:transactions");
        assertThat(backfill.records().source().getBoundedness())
                .isEqualTo(org.apache.flink.api.connector.source.Boundedness.BOUNDED);
        assertThat(backfill.labels().getBoundedness()).isEqualTo(org.apache.flink.api.connector.source.Boundedness.BOUNDED);
        assertThatThrownBy(() -> KAFKA.with(Map.of("kafka.stop", "earliest"))).hasMessageContaining("kafka.stop");
    }

    @Test
    void theSinksProducersBatchAsConfigured() {
        var defaults = KafkaLines.producerProperties(KAFKA);
        assertThat(defaults).containsEntry("linger.ms", "20").containsEntry("batch.size", "262144")
                .containsEntry("compression.type", "none").containsEntry("transaction.timeout.ms", "600000");
        var set = KafkaLines.producerProperties(KAFKA.with(Map.of("kafka.producer.linger-ms", 0,
                "kafka.producer.batch-size", 16384, "kafka.producer.compression", "lz4")));
        assertThat(set).containsEntry("linger.ms", "0").containsEntry("batch.size", "16384")
                .containsEntry("compression.type", "lz4");
    }

    @Test
    void recordsCarryTheLineAndNoEventTimeStamp() {
        ProducerRecord<byte[], byte[]> r = new KafkaLineRecords("scored").serialize("{\"id\":\"a\"}", null, 1_700_000_000_000L);
        assertThat(r.topic()).isEqualTo("scored");
        assertThat(r.timestamp()).as("stamped by the producer at send time").isNull();
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"a\"}");
    }

    @Test
    void jsonAndAvroTransactionsAreReadAsBytesAndScoredEventsWrittenAsBytes(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        JobConfig json = KAFKA.with(Map.of("input.format", "json", "kafka.scored-topic", "scored"));
        var sources = RunInputs.sources(json, "kafka:transactions");
        assertThat(sources.transactions()).isNull();
        assertThat(sources.records().source()).isInstanceOf(KafkaSource.class);
        assertThat(sources.records().format()).isEqualTo(dev.selfheal.data.RecordFormat.JSON);
        var jsonSinks = RunInputs.sinks(json, tmp.resolve("out"));
        assertThat(jsonSinks.scored()).isNull();
        assertThat(jsonSinks.scoredRecords()).isInstanceOf(KafkaSink.class);

        Path schema = java.nio.file.Files.writeString(tmp.resolve("tx.avsc"),
                "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"f0\",\"type\":\"float\"}]}");
        JobConfig avro = KAFKA.with(Map.of("input.format", "avro", "avro.schema", schema.toString(),
                "output.format", "avro", "kafka.scored-topic", "scored"));
        assertThat(RunInputs.sources(avro, "kafka:transactions").records().avroSchema()).contains("\"name\":\"T\"");
        var recordSinks = RunInputs.sinks(avro, tmp.resolve("out"));
        assertThat(recordSinks.scored()).isNull();
        assertThat(recordSinks.scoredRecords()).isInstanceOf(KafkaSink.class);
        assertThat(RunInputs.sinks(avro.with(Map.of("kafka.scored-topic", "")), tmp.resolve("out")).scoredRecords())
                .isNotInstanceOf(KafkaSink.class).isNotNull();
    }

    @Test
    void avroInputNeedsAReadableSchema(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        JobConfig avro = KAFKA.with(Map.of("input.format", "avro"));
        assertThatThrownBy(() -> RunInputs.sources(avro, "kafka:transactions"))
                .hasMessage("input.format: avro needs 'avro.schema', the schema file (.avsc) of the transactions");
        assertThatThrownBy(() -> RunInputs.sources(avro.with(Map.of("avro.schema", tmp.resolve("none.avsc").toString())),
                "kafka:transactions")).hasMessageStartingWith("avro.schema: cannot read ");
        Path bad = java.nio.file.Files.writeString(tmp.resolve("bad.avsc"), "{\"type\":\"record\"");
        assertThatThrownBy(() -> RunInputs.sources(avro.with(Map.of("avro.schema", bad.toString())),
                "kafka:transactions")).hasMessageStartingWith("avro.schema: " + bad + ": not an Avro schema: ");
        assertThatThrownBy(() -> RunInputs.sources(KAFKA.with(Map.of("input.format", "json")), "generator:seed:1:10"))
                .hasMessageContaining("the generator writes CSV");
    }

    @Test
    void aTombstoneIsAnEmptyRecordNotANullOne() {
        KafkaLines.RecordValues values = new KafkaLines.RecordValues();
        assertThat(values.deserialize(null)).isEmpty();
        assertThat(values.deserialize(new byte[] {1, 2})).containsExactly(1, 2);
        ProducerRecord<byte[], byte[]> r = new KafkaLineRecords.Bytes("scored").serialize(new byte[] {3}, null, 5L);
        assertThat(r.value()).containsExactly(3);
        assertThat(r.timestamp()).isNull();
    }
}
