package dev.selfheal.job.heal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.job.event.Json;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The HEAL operator's registry (operator uid {@value #HEAL_UID}) as stored in a savepoint or a
 * retained checkpoint, read on an embedded cluster with Flink's State Processor API. Local paths
 * and {@code file:} URIs, or any URI a Flink file system plugin serves ({@code s3://}, see
 * {@link RemoteSavepoints}).
 */
public final class SavepointRegistry {
    public static final String HEAL_UID = "heal";
    private static final String METADATA = "_metadata";

    private SavepointRegistry() {}

    /** One JSON object per model (see {@link RegistryListing#summary}), ordered by model id. */
    public static List<JsonNode> read(String location) throws Exception {
        List<JsonNode> models = readHealState(location, new RegistryStateReader());
        models.sort(Comparator.comparing(m -> m.path("model").asText()));
        return models;
    }

    /**
     * Runs {@code reader} over HEAL's keyed state in a savepoint or checkpoint; each string it emits
     * is one JSON object.
     */
    static List<JsonNode> readHealState(String location, KeyedStateReaderFunction<String, String> reader)
            throws Exception {
        String dir = RemoteSavepoints.isRemote(location) ? RemoteSavepoints.locate(location)
                : locate(location).toUri().toString();
        Path rocksDir = Files.createTempDirectory(shortTemp(), "r");
        Configuration conf = Configuration.fromMap(Map.of(
                "restart-strategy.type", "none",
                "parallelism.default", "1",
                // RocksDB warns about long paths; a reader has no use for the default temp dir.
                "state.backend.rocksdb.localdir", rocksDir.toString()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // RocksDB reads both canonical savepoints and RocksDB-native (incremental) checkpoints.
        SavepointReader savepoint;
        try {
            savepoint = SavepointReader.read(env, dir, new EmbeddedRocksDBStateBackend());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read savepoint " + dir + ": " + e.getMessage(), e);
        }
        List<JsonNode> models = new ArrayList<>();
        try (CloseableIterator<String> rows = savepoint.readKeyedState(OperatorIdentifier.forUid(HEAL_UID),
                reader, Types.STRING, Types.STRING).executeAndCollect("selfheal registry")) {
            rows.forEachRemaining(r -> models.add(Json.read(r)));
        } catch (RuntimeException e) {
            Throwable t = e;
            while (t.getCause() != null) {
                t = t.getCause();
            }
            if (String.valueOf(t.getMessage()).contains("does not contain")) {
                throw new IllegalArgumentException(dir + " holds no state of the HEAL operator (uid '" + HEAL_UID
                        + "'): is it a savepoint of the selfheal job?", e);
            }
            throw e;
        } finally {
            deleteTree(rocksDir);
        }
        return models;
    }

    /**
     * A savepoint directory, a checkpoint directory ({@code chk-N}), the {@code _metadata} file
     * itself, or a directory of checkpoints (the newest complete {@code chk-N} below it, up to two
     * levels down: {@code checkpoints/JOB_ID/chk-N}). {@code file:} URIs as Flink prints them work too.
     */
    static Path locate(String location) throws IOException {
        Path p = Path.of(location.startsWith("file:") ? java.net.URI.create(location).getPath() : location);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("savepoint not found: " + p);
        }
        if (Files.isRegularFile(p) && p.getFileName().toString().equals(METADATA)) {
            return p.getParent();
        }
        if (Files.isRegularFile(p.resolve(METADATA))) {
            return p;
        }
        Optional<Path> newest;
        try (Stream<Path> s = Files.find(p, 3, (f, a) -> a.isRegularFile() && f.getFileName().toString().equals(METADATA)
                && f.getParent().getFileName().toString().startsWith("chk-"))) {
            newest = s.map(Path::getParent).max(Comparator.comparingLong(SavepointRegistry::lastModified)
                    .thenComparingLong(SavepointRegistry::checkpointNumber));
        }
        return newest.orElseThrow(() -> new IllegalArgumentException(
                p + " holds no savepoint or checkpoint (no " + METADATA + " file)"));
    }

    private static long lastModified(Path chk) {
        try {
            return Files.getLastModifiedTime(chk.resolve(METADATA)).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long checkpointNumber(Path chk) {
        try {
            return Long.parseLong(chk.getFileName().toString().substring(4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Path shortTemp() throws IOException {
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "selfheal-registry");
        Files.createDirectories(base);
        return base;
    }

    private static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
