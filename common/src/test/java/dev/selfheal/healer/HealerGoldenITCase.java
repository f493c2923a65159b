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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Pins what the healer decides, batch by batch, on every scenario the zoo has published figures
 * for: a digest of each batch's metrics row (wall time left out), the final served vector and the
 * registry. A change to the healer's structure must leave them all as they were; a change meant to
 * alter decisions regenerates the file on purpose, with
 * {@code mvn -pl common test -Dtest=HealerGoldenITCase -Dgolden.write=true}, and says so in its commit.
 *
 * <p>The model is trained with DJL, whose native kernels round differently on different CPUs (AVX2
 * against AVX-512, say), so the same seed gives a slightly different model and different digests on
 * another machine. The file therefore holds one section per trained model, headed by the model's
 * fingerprint; on a machine whose model has no section the test is skipped with that fingerprint,
 * and {@code -Dgolden.write=true} adds its section (written from the code before a structural
 * change, then checked after it). The first training in a fresh JVM now and then rounds differently
 * even on one machine ({@link dev.selfheal.model.ModelTrainer}): that run skips too, so write a
 * section only after two runs have printed the same fingerprint.
 */
class HealerGoldenITCase {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/healer-decisions.txt");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final int HEAL_MS_COLUMN = BatchMetrics.COLUMNS.indexOf("heal_ms");
    /** The columns pinned when the file was written; later columns report, they do not decide. */
    private static final int PINNED_COLUMNS = BatchMetrics.COLUMNS.indexOf("shadow_fn") + 1;
    private static final HealerConfig SELFHEAL = HealerConfig.reference().withStrategy(HealingStrategy.selfheal())
            .withInputPath(InputPathConfig.defaults()).withRepair(RepairConfig.defaults());
    private static final String MODEL = "model ";
    private static FraudModel model;

    @BeforeAll
    static void train() {
        var data = new ScenarioGenerator(Scenario.SHIFT, 3).generate();
        model = ModelFactory.train("default", data.train(), data.cleanTest(), TrainConfig.defaults().withEpochs(10),
                ModelFactory.DEFAULT_RULES, null, 0.5);
    }

    @Test
    void theHealersDecisionsOnEveryPublishedScenarioAreUnchanged() throws Exception {
        String fingerprint = fingerprint(model);
        Map<String, String> now = new LinkedHashMap<>();
        for (Scenario sc : List.of(Scenario.SEED, Scenario.SHIFT, Scenario.GRADUAL, Scenario.RECURRING,
                Scenario.PRIOR, Scenario.NOISE, Scenario.POISON)) {
            for (boolean labels : new boolean[] {true, false}) {
                now.put(sc.cliName() + (labels ? " immediate" : " none"), digest(sc, labels));
            }
        }
        Map<String, Map<String, String>> sections = read();
        if (Boolean.getBoolean("golden.write")) {
            sections.put(fingerprint, now);
            StringBuilder b = new StringBuilder();
            sections.forEach((model, digests) -> {
                b.append(MODEL).append(model).append('\n');
                digests.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
            });
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, b.toString(), StandardCharsets.UTF_8);
        }
        assumeTrue(sections.containsKey(fingerprint), "no golden decisions for the model this machine trains ("
                + fingerprint + "); add them with -Dgolden.write=true from the code before a change");
        assertThat(now).containsExactlyEntriesOf(sections.get(fingerprint));
    }

    /** A digest of the trained model's weights: the same on machines whose kernels round alike. */
    static String fingerprint(FraudModel m) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (float[] part : List.of(m.frozen().backboneFlat(), m.frozen().headFlat(), m.adapter().params())) {
            for (float v : part) {
                md.update(Integer.toString(Float.floatToRawIntBits(v)).getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(md.digest(), 0, 12);
    }

    private static Map<String, Map<String, String>> read() throws IOException {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        if (!Files.exists(GOLDEN)) {
            return sections;
        }
        Map<String, String> current = null;
        for (String line : Files.readAllLines(GOLDEN, StandardCharsets.UTF_8)) {
            if (line.startsWith(MODEL)) {
                current = new LinkedHashMap<>();
                sections.put(line.substring(MODEL.length()).trim(), current);
                continue;
            }
            int cut = line.lastIndexOf(' ');
            if (cut > 0 && current != null) {
                current.put(line.substring(0, cut), line.substring(cut + 1));
            }
        }
        return sections;
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
