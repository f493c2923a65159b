package dev.selfheal.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.data.Dataset;
import dev.selfheal.data.Transaction;
import dev.selfheal.data.TransactionCsv;
import dev.selfheal.job.FlinkSettings;
import dev.selfheal.job.SelfhealJob;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.event.Json;
import dev.selfheal.job.event.ScoredEventAvro;
import dev.selfheal.job.heal.FailureInjection;
import dev.selfheal.job.io.RunInputs;
import dev.selfheal.job.io.Sinks;
import dev.selfheal.job.score.ServedModel;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelDirectory;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `run` from and to a real broker (started by deploy/local/kafka.sh), for JSON and Avro
 * transactions each with one bad record of every kind the parsers' tests cover among good ones: the
 * job reads the topic as it is ({@code kafka.stop: latest}), and a read_committed consumer of the
 * exactly-once scored topic sees every good transaction once; every bad record is a dead letter with
 * its reason and its raw record (base64 for Avro). Skipped, with the reason, when no broker starts.
 */
@Timeout(300)
class KafkaFormatsJobITCase {
    private static final int GOOD = 300;
    private static final int PARTITIONS = 2;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    static Path shared;
    private static List<Transaction> stream;
    private static List<String> features;
    private static TransactionRecordFixtures fixtures;
    private static LocalBroker broker;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startABrokerAndTrainAModel() throws Exception {
        try {
            broker = LocalBroker.start(Path.of("target", "kafka-it"));
        } catch (Exception e) {
            String why = "no Kafka broker could be started (" + e.getMessage() + ")";
            System.out.println("KafkaFormatsJobITCase skipped: " + why);
            Assumptions.abort(why);
        }
        Path data = JobHarness.generate(Scenario.SEED, 42, shared.resolve("data"));
        Dataset train = TransactionCsv.read(data.resolve(ScenarioFiles.TRAIN), null);
        FraudModel model = ModelFactory.train("default", train, null, TrainConfig.defaults().withEpochs(1).withSeed(42),
                ModelFactory.DEFAULT_RULES, null, 0.5);
        ModelDirectory.save(model, shared.resolve("model"));
        features = model.features();
        fixtures = new TransactionRecordFixtures(features);
        stream = TransactionCsv.read(data.resolve(ScenarioFiles.STREAM), null).rows().subList(0, GOOD);
    }

    @AfterAll
    static void stopTheBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void jsonFromKafkaScoredOnceOnAnExactlyOnceTopic() throws Exception {
        List<byte[]> records = new ArrayList<>();
        for (Transaction t : stream) {
            records.add(fixtures.json(t, Map.of()).getBytes(StandardCharsets.UTF_8));
        }
        String f1 = features.get(1);
        String f2 = features.get(2);
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("empty_line", "");
        bad.put("malformed", "{\"id\":\"bad-malformed\",");
        bad.put("missing_id", badJson(0, Map.of("id", "\"\"")));
        bad.put("missing_value", badJson(1, Map.of(f2, "null")));
        bad.put("non_numeric", badJson(2, Map.of(f2, "\"abc\"")));
        bad.put("non_finite", badJson(3, Map.of(f1, "NaN")));
        bad.put("out_of_range", badJson(4, Map.of(f1, "1e31")));
        bad.put("bad_label", badJson(5, Map.of("label", "2")));
        bad.put("bad_ts", badJson(6, Map.of("ts", "-5")));
        bad.put("bad_batch", badJson(7, Map.of("batch", "-1")));
        TransactionRecordFixtures.insert(records,
                bad.values().stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());

        Run run = run("json", records, Map.of("input.format", "json", "output.format", "json"));

        List<String> scoredIds = new ArrayList<>();
        for (byte[] v : run.scored()) {
            JsonNode n = Json.read(new String(v, StandardCharsets.UTF_8));
            scoredIds.add(n.get("id").asText());
            assertThat(n.get("p").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(scoredIds).containsExactlyInAnyOrderElementsOf(stream.stream().map(t -> t.id).toList());

        Map<String, String> deadByReason = new HashMap<>();
        for (JsonNode n : run.deadLetters()) {
            assertThat(n.get("stream").asText()).isEqualTo("transactions");
            assertThat(n.has("raw_encoding")).isFalse();
            assertThat(deadByReason.put(n.get("reason").asText(), n.get("raw").asText())).as("one per reason").isNull();
        }
        assertThat(deadByReason).isEqualTo(bad);
    }

    @Test
    void avroFromKafkaScoredOnceOnAnExactlyOnceTopic() throws Exception {
        String f1 = features.get(1);
        String flexible = features.get(2);
        Schema schema = fixtures.schema(flexible);
        Path schemaFile = Files.writeString(tmp.resolve("transaction.avsc"), schema.toString(true));
        List<byte[]> records = new ArrayList<>();
        for (Transaction t : stream) {
            records.add(fixtures.avro(schema, t, null));
        }
        byte[] good = fixtures.avro(schema, stream.get(0), r -> r.put("id", "bad-malformed"));
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("empty_line", new byte[0]);
        bad.put("malformed", Arrays.copyOf(good, good.length - 5));
        bad.put("missing_id", badAvro(schema, 0, "id", ""));
        bad.put("missing_value", badAvro(schema, 1, flexible, null));
        bad.put("non_numeric", badAvro(schema, 2, flexible, "abc"));
        bad.put("non_finite", badAvro(schema, 3, f1, Float.NaN));
        bad.put("out_of_range", badAvro(schema, 4, f1, 1e31f));
        bad.put("bad_label", badAvro(schema, 5, "label", 2));
        bad.put("bad_ts", badAvro(schema, 6, "ts", -5L));
        bad.put("bad_batch", badAvro(schema, 7, "batch", -1));
        TransactionRecordFixtures.insert(records, new ArrayList<>(bad.values()));

        Run run = run("avro", records, Map.of("input.format", "avro", "avro.schema", schemaFile.toString(),
                "output.format", "avro"));

        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(ScoredEventAvro.schema());
        List<String> scoredIds = new ArrayList<>();
        for (byte[] v : run.scored()) {
            GenericRecord r = reader.read(null, DecoderFactory.get().binaryDecoder(v, null));
            scoredIds.add(r.get("id").toString());
            assertThat((Float) r.get("p")).isBetween(0f, 1f);
        }
        assertThat(scoredIds).containsExactlyInAnyOrderElementsOf(stream.stream().map(t -> t.id).toList());

        Map<String, byte[]> deadByReason = new HashMap<>();
        for (JsonNode n : run.deadLetters()) {
            assertThat(n.get("raw_encoding").asText()).isEqualTo("base64");
            assertThat(deadByReason.put(n.get("reason").asText(), Base64.getDecoder().decode(n.get("raw").asText())))
                    .as("one per reason").isNull();
        }
        assertThat(deadByReason.keySet()).containsExactlyInAnyOrderElementsOf(bad.keySet());
        bad.forEach((reason, bytes) -> assertThat(deadByReason.get(reason)).as(reason).isEqualTo(bytes));
    }

    private String badJson(int row, Map<String, String> overrides) {
        Map<String, String> m = new HashMap<>(Map.of("id", Json.quote("bad-" + row)));
        m.putAll(overrides);
        return fixtures.json(stream.get(row), m);
    }

    private byte[] badAvro(Schema schema, int row, String field, Object value) {
        return fixtures.avro(schema, stream.get(row), r -> {
            r.put("id", "bad-" + row);
            r.put(field, value);
        });
    }

    /** What a run left: the scored topic's committed values and the dead letters. */
    private record Run(List<byte[]> scored, List<JsonNode> deadLetters) {}

    /**
     * Produces {@code records} into a fresh topic, runs the production job (as `run` builds it) from it
     * to a fresh exactly-once scored topic until it has read what was there, then reads that topic
     * as a read_committed consumer does.
     */
    private Run run(String name, List<byte[]> records, Map<String, Object> settings) throws Exception {
        String in = name + "-transactions";
        String scored = name + "-scored";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(in, PARTITIONS, (short) 1), new NewTopic(scored, PARTITIONS, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (byte[] r : records) {
                // One partition: the parser sees the records in the order written, as the file test does.
                producer.send(new ProducerRecord<>(in, 0, null, r));
            }
            producer.flush();
        }

        Path out = tmp.resolve("out");
        Map<String, Object> m = new HashMap<>(settings);
        m.put("model.dir", shared.resolve("model").toString());
        m.put("kafka.bootstrap-servers", broker.bootstrap());
        m.put("kafka.scored-topic", scored);
        m.put("kafka.stop", "latest");
        m.put("kafka.group-id", name);
        m.put("kafka.transactional-id-prefix", scored);
        JobConfig c = JobHarness.config(m);
        SelfhealJob job = new SelfhealJob(c, HealerConfigs.from(c), ServedModel.read(shared.resolve("model")),
                RunInputs.sources(c, "kafka:" + in), RunInputs.sinks(c, out), FailureInjection.none());
        Path rocks = Files.createTempDirectory(Files.createDirectories(Path.of("/tmp/selfheal-rocks")), "k");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                FlinkSettings.of(c, out.resolve("checkpoints"), rocks, 0));
        job.build(env);
        env.execute("selfheal kafka formats test " + name);
        return new Run(committed(scored), JobHarness.jsonLines(out.resolve(Sinks.DEAD_LETTERS)));
    }

    /** Every committed value of {@code topic}, read up to its end as a read_committed consumer sees it. */
    private static List<byte[]> committed(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            // With read_committed the end offsets are the last stable ones: open transactions end the read early.
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
