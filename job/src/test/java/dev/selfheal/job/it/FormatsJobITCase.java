package dev.selfheal.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.data.Dataset;
import dev.selfheal.data.RecordFormat;
import dev.selfheal.data.Transaction;
import dev.selfheal.data.TransactionCsv;
import dev.selfheal.job.FlinkSettings;
import dev.selfheal.job.SelfhealJob;
import dev.selfheal.job.config.HealerConfigs;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.event.Json;
import dev.selfheal.job.event.ScoredEventAvro;
import dev.selfheal.job.heal.FailureInjection;
import dev.selfheal.job.io.RecordFiles;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `run` end to end on a JSON file and on an Avro file, each with bad records among good ones: every
 * good record is scored once, in the same format as the input, and every bad one is a dead letter
 * with its reason and its raw input (base64 for Avro).
 */
@Timeout(300)
class FormatsJobITCase {
    private static final int GOOD = 600;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    static Path shared;
    private static List<Transaction> stream;
    private static List<String> features;
    private static TransactionRecordFixtures fixtures;

    @TempDir
    Path tmp;

    @BeforeAll
    static void trainAModel() throws Exception {
        Path data = JobHarness.generate(Scenario.SEED, 42, shared.resolve("data"));
        Dataset train = TransactionCsv.read(data.resolve(ScenarioFiles.TRAIN), null);
        FraudModel model = ModelFactory.train("default", train, null, TrainConfig.defaults().withEpochs(1).withSeed(42),
                ModelFactory.DEFAULT_RULES, null, 0.5);
        ModelDirectory.save(model, shared.resolve("model"));
        features = model.features();
        fixtures = new TransactionRecordFixtures(features);
        stream = TransactionCsv.read(data.resolve(ScenarioFiles.STREAM), null).rows().subList(0, GOOD);
    }

    @Test
    void jsonInJsonOutBadRecordsDeadLettered() throws Exception {
        List<byte[]> records = new ArrayList<>();
        for (Transaction t : stream) {
            records.add(fixtures.json(t, Map.of("merchant", "\"extra keys are ignored\"")).getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("non_numeric", fixtures.json(stream.get(0), Map.of(features.get(2), "\"abc\"")).replace("\"id\":\"", "\"id\":\"bad-"));
        bad.put("missing_value", fixtures.json(stream.get(1), Map.of()).replaceFirst(",\"" + features.get(3) + "\":[^,}]*", "")
                .replace("\"id\":\"", "\"id\":\"bad-"));
        bad.put("malformed", "{\"id\":\"bad-3\",");
        TransactionRecordFixtures.insert(records, bad.values().stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
        Path input = tmp.resolve("transactions.jsonl");
        RecordFiles.write(input, RecordFormat.JSON, records);

        Path out = run(Map.of("input.format", "json", "output.format", "json"), input);

        List<String> scoredIds = new ArrayList<>();
        for (String l : Sinks.readCommitted(out.resolve(Sinks.SCORED))) {
            JsonNode n = Json.read(l);
            scoredIds.add(n.get("id").asText());
            assertThat(n.get("p").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(scoredIds).containsExactlyInAnyOrderElementsOf(stream.stream().map(t -> t.id).toList());

        Map<String, String> deadByReason = new HashMap<>();
        for (String l : Sinks.readCommitted(out.resolve(Sinks.DEAD_LETTERS))) {
            JsonNode n = Json.read(l);
            assertThat(n.get("stream").asText()).isEqualTo("transactions");
            assertThat(n.has("raw_encoding")).isFalse();
            deadByReason.put(n.get("reason").asText(), n.get("raw").asText());
        }
        assertThat(deadByReason).isEqualTo(bad);
    }

    @Test
    void avroInAvroOutBadRecordsDeadLetteredWithTheirBytes() throws Exception {
        Schema schema = fixtures.schema(null);
        Path schemaFile = Files.writeString(tmp.resolve("transaction.avsc"), schema.toString(true));
        List<byte[]> records = new ArrayList<>();
        for (Transaction t : stream) {
            records.add(fixtures.avro(schema, t, null));
        }
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("non_finite", fixtures.avro(schema, stream.get(0), r -> {
            r.put("id", "bad-1");
            r.put(features.get(2), Float.NaN);
        }));
        byte[] good = fixtures.avro(schema, stream.get(1), r -> r.put("id", "bad-2"));
        bad.put("malformed", Arrays.copyOf(good, good.length - 5));
        bad.put("empty_line", new byte[0]);
        TransactionRecordFixtures.insert(records, new ArrayList<>(bad.values()));
        Path input = tmp.resolve("transactions.bin");
        RecordFiles.write(input, RecordFormat.AVRO, records);

        Path out = run(Map.of("input.format", "avro", "avro.schema", schemaFile.toString(), "output.format", "avro"),
                input);

        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(ScoredEventAvro.schema());
        List<String> scoredIds = new ArrayList<>();
        List<Path> parts = Sinks.committedFiles(out.resolve(Sinks.SCORED));
        assertThat(parts).isNotEmpty().allSatisfy(p -> assertThat(p.getFileName().toString()).endsWith(".bin"));
        for (Path part : parts) {
            for (byte[] b : RecordFiles.read(part, RecordFormat.AVRO)) {
                GenericRecord r = reader.read(null, DecoderFactory.get().binaryDecoder(b, null));
                scoredIds.add(r.get("id").toString());
                assertThat((Float) r.get("p")).isBetween(0f, 1f);
                assertThat((Long) r.get("model_version")).isPositive();
            }
        }
        assertThat(scoredIds).containsExactlyInAnyOrderElementsOf(stream.stream().map(t -> t.id).toList());

        Map<String, byte[]> deadByReason = new HashMap<>();
        for (String l : Sinks.readCommitted(out.resolve(Sinks.DEAD_LETTERS))) {
            JsonNode n = Json.read(l);
            assertThat(n.get("raw_encoding").asText()).isEqualTo("base64");
            deadByReason.put(n.get("reason").asText(), Base64.getDecoder().decode(n.get("raw").asText()));
        }
        assertThat(deadByReason.keySet()).containsExactlyInAnyOrderElementsOf(bad.keySet());
        bad.forEach((reason, bytes) -> assertThat(deadByReason.get(reason)).as(reason).isEqualTo(bytes));
    }

    private Path run(Map<String, Object> settings, Path input) throws Exception {
        Path out = tmp.resolve("out");
        Map<String, Object> m = new HashMap<>(settings);
        m.put("model.dir", shared.resolve("model").toString());
        m.put("input.transactions", input.toString());
        JobConfig c = JobHarness.config(m);
        SelfhealJob job = new SelfhealJob(c, HealerConfigs.from(c), ServedModel.read(shared.resolve("model")),
                RunInputs.sources(c, input.toString()), RunInputs.sinks(c, out), FailureInjection.none());
        Path rocks = Files.createTempDirectory(Files.createDirectories(Path.of("/tmp/selfheal-rocks")), "f");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                FlinkSettings.of(c, out.resolve("checkpoints"), rocks, 0));
        job.build(env);
        env.execute("selfheal formats test");
        return out;
    }
}
