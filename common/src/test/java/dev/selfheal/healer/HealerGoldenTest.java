package dev.selfheal.healer;

import dev.selfheal.data.Transaction;
import dev.selfheal.heal.InMemorySnapshotStore;
import dev.selfheal.heal.Snapshot;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins what the healer decides, batch by batch, on every scenario the zoo has published figures
 * for: a digest of each batch's metrics row (wall time left out), the final served vector and the
 * registry. A change to the healer's structure must leave them all as they were; a change meant to
 * alter decisions regenerates the file on purpose, with
 * {@code mvn -pl common test -Dtest=HealerGoldenTest -Dgolden.write=true}, and says so in its commit.
 */
class HealerGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/healer-decisions.txt");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final int HEAL_MS_COLUMN = BatchMetrics.COLUMNS.indexOf("heal_ms");
    /** The columns pinned when the file was written; later columns report, they do not decide. */
    private static final int PINNED_COLUMNS = BatchMetrics.COLUMNS.indexOf("shadow_fn") + 1;
    private static final HealerConfig SELFHEAL = HealerConfig.reference().withStrategy(HealingStrategy.selfheal())
            .withInputPath(InputPathConfig.defaults());
    private static FraudModel model;

    @BeforeAll
    static void train() {
        var data = new ScenarioGenerator(Scenario.SHIFT, 3).generate();
        model = ModelFactory.train("default", data.train(), data.cleanTest(), TrainConfig.defaults().withEpochs(10),
                ModelFactory.DEFAULT_RULES, null, 0.5);
    }

    @Test
    void theHealersDecisionsOnEveryPublishedScenarioAreUnchanged() throws Exception {
        Map<String, String> now = new LinkedHashMap<>();
        for (Scenario sc : List.of(Scenario.SEED, Scenario.SHIFT, Scenario.GRADUAL, Scenario.RECURRING,
                Scenario.PRIOR, Scenario.NOISE, Scenario.POISON)) {
            for (boolean labels : new boolean[] {true, false}) {
                now.put(sc.cliName() + (labels ? " immediate" : " none"), digest(sc, labels));
            }
        }
        if (Boolean.getBoolean("golden.write")) {
            StringBuilder b = new StringBuilder();
            now.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, b.toString(), StandardCharsets.UTF_8);
        }
        assertThat(now).containsExactlyEntriesOf(read());
    }

    private static Map<String, String> read() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(GOLDEN, StandardCharsets.UTF_8)) {
            int cut = line.lastIndexOf(' ');
            if (cut > 0) {
                m.put(line.substring(0, cut), line.substring(cut + 1));
            }
        }
        return m;
    }

    private static String digest(Scenario sc, boolean labels) throws Exception {
        TreeMap<Integer, List<Transaction>> byBatch = new TreeMap<>();
        for (Transaction t : new ScenarioGenerator(sc, 3).generate().stream().rows()) {
            byBatch.computeIfAbsent(t.batch, b -> new ArrayList<>()).add(t);
        }
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        HealerState s = new HealerState();
        InMemorySnapshotStore store = new InMemorySnapshotStore();
        try (Healer healer = new Healer("default", model, SELFHEAL, CLOCK, null)) {
            healer.initialise(s, store);
            for (List<Transaction> rows : byBatch.values()) {
                long batch = rows.get(0).batch;
                List<LabelledRow> labelled = labels
                        ? rows.stream().map(t -> new LabelledRow(t.id, t.batch, t.features, t.label)).toList()
                        : List.of();
                BatchOutcome out = healer.process(s, store, new HealBatchInput(batch, CLOCK.millis() + batch, rows,
                        labelled));
                List<String> all = List.of(out.metrics().toCsvRow().split(",", -1));
                // Counted from the end: a quoted reason may hold commas. The later columns hold none.
                List<String> fields = new ArrayList<>(all.subList(0, all.size() - (BatchMetrics.COLUMNS.size()
                        - PINNED_COLUMNS)));
                fields.remove(fields.size() - (PINNED_COLUMNS - HEAL_MS_COLUMN));
                md.update(String.join(",", fields).getBytes(StandardCharsets.UTF_8));
                for (AuditRecord a : out.audit()) {
                    md.update((a.type() + a.version() + a.batch()).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        for (float v : s.currentAdapter) {
            md.update(Integer.toString(Float.floatToRawIntBits(v)).getBytes(StandardCharsets.UTF_8));
        }
        for (Snapshot snap : Healer.snapshots(store)) {
            md.update((snap.version() + ":" + snap.parentVersion() + ":" + snap.tag()).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest(), 0, 12);
    }
}
