package dev.selfheal.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.data.Transaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelRegimeTest {
    private static final int BATCHES = 5;
    private static final int PER_BATCH = 10;

    @TempDir
    Path dir;

    // ---- parse ----

    @Test
    void parsesImmediate() {
        assertThat(LabelRegime.parse("immediate")).isEqualTo(new LabelRegime("immediate", 0, 1.0));
    }

    @Test
    void nullMeansImmediate() {
        assertThat(LabelRegime.parse(null).kind()).isEqualTo("immediate");
    }

    @Test
    void parsesDelayWithItsBatchCount() {
        assertThat(LabelRegime.parse("delay:3")).isEqualTo(new LabelRegime("delay", 3, 1.0));
    }

    @Test
    void parsesFractionWithItsShare() {
        assertThat(LabelRegime.parse("fraction:0.25")).isEqualTo(new LabelRegime("fraction", 0, 0.25));
    }

    @Test
    void parsesRequestedWithItsBudgetAndDelay() {
        assertThat(LabelRegime.parse("requested:0.1")).isEqualTo(new LabelRegime("requested", 0, 0.1));
        assertThat(LabelRegime.parse("requested:0.1:5")).isEqualTo(new LabelRegime("requested", 5, 0.1));
        assertThat(LabelRegime.parse("requested:0.1").requested()).isTrue();
    }

    @Test
    void parsesNone() {
        assertThat(LabelRegime.parse("none")).isEqualTo(new LabelRegime("none", 0, 0.0));
    }

    @Test
    void parsingIgnoresCaseAndSurroundingSpace() {
        assertThat(LabelRegime.parse("  Delay:2 ")).isEqualTo(new LabelRegime("delay", 2, 1.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"immediate", "none", "delay:0", "delay:4", "fraction:0.1", "fraction:1.0", "requested:0.1",
            "requested:0.05:5"})
    void toStringParsesBackToTheSameRegime(String spec) {
        LabelRegime r = LabelRegime.parse(spec);

        assertThat(LabelRegime.parse(r.toString())).isEqualTo(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "later", "delay", "delay:", "delay:-1", "delay:x", "delay:1.5", "fraction:",
            "fraction:-0.1", "fraction:1.01", "fraction:abc", "fraction:NaN", "immediately", "none:1", "requested",
            "requested:", "requested:1.5", "requested:0.1:-1", "requested:0.1:x", "requested:0.1:2:3", "requested:NaN"})
    void badSpecsAreRefusedWithAMessageListingTheValidForms(String spec) {
        assertThatThrownBy(() -> LabelRegime.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("immediate, delay:N (N >= 0), fraction:P (0..1), requested:B[:D] (B 0..1, D >= 0) or none")
                .hasMessageContaining("'" + spec + "'");
    }

    // ---- write ----

    @Test
    void immediateLabelsCarryTheirRowsTimestamp() throws IOException {
        List<Transaction> stream = stream();

        int written = LabelRegime.parse("immediate").write(stream, file(), 1);

        Map<String, Label> labels = read();
        assertThat(written).isEqualTo(labelled(stream).size()).isEqualTo(labels.size());
        for (Transaction t : labelled(stream)) {
            assertThat(labels.get(t.id)).as(t.id).isEqualTo(new Label(t.label, t.ts));
        }
    }

    @Test
    void unlabelledRowsGetNoLabelLine() throws IOException {
        List<Transaction> stream = stream();

        LabelRegime.parse("immediate").write(stream, file(), 1);

        Map<String, Label> labels = read();
        for (Transaction t : stream) {
            if (!t.hasLabel()) {
                assertThat(labels).as(t.id).doesNotContainKey(t.id);
            }
        }
    }

    @Test
    void delayZeroIsImmediate() throws IOException {
        List<Transaction> stream = stream();

        LabelRegime.parse("delay:0").write(stream, file(), 1);

        Map<String, Label> labels = read();
        assertThat(labels).hasSize(labelled(stream).size());
        for (Transaction t : labelled(stream)) {
            assertThat(labels.get(t.id)).isEqualTo(new Label(t.label, t.ts));
        }
    }

    @Test
    void delayedLabelsArriveAtTheFirstTimestampOfTheBatchNBatchesLater() throws IOException {
        List<Transaction> stream = stream();

        LabelRegime.parse("delay:2").write(stream, file(), 1);

        Map<String, Label> labels = read();
        for (Transaction t : labelled(stream)) {
            if (t.batch + 2 <= BATCHES) {
                assertThat(labels.get(t.id)).as(t.id).isEqualTo(new Label(t.label, firstTs(stream, t.batch + 2)));
            }
        }
    }

    @Test
    void delayedLabelsOfTheLastNBatchesAreNeverWritten() throws IOException {
        List<Transaction> stream = stream();

        int written = LabelRegime.parse("delay:2").write(stream, file(), 1);

        Map<String, Label> labels = read();
        List<Transaction> kept = labelled(stream).stream().filter(t -> t.batch <= BATCHES - 2).toList();
        assertThat(labels.keySet()).containsExactlyInAnyOrderElementsOf(kept.stream().map(t -> t.id).toList());
        assertThat(written).isEqualTo(kept.size());
    }

    @Test
    void fractionWritesAboutThatShareOfTheLabels() throws IOException {
        List<Transaction> stream = bigStream(5_000);

        int written = LabelRegime.parse("fraction:0.1").write(stream, file(), 7);

        // Binomial(5000, 0.1): mean 500, sd ~21; +-100 is ~5 sd.
        assertThat(written).isBetween(400, 600).isEqualTo(read().size());
    }

    @Test
    void fractionKeepsTheRowsTimestampForTheLabelsItWrites() throws IOException {
        List<Transaction> stream = bigStream(1_000);

        LabelRegime.parse("fraction:0.3").write(stream, file(), 7);

        Map<String, Transaction> byId = new HashMap<>();
        stream.forEach(t -> byId.put(t.id, t));
        Map<String, Label> labels = read();
        // Some but not all rows are labelled, so the check below compares real labels.
        assertThat(labels).isNotEmpty().hasSizeLessThan(stream.size());
        labels.forEach((id, l) -> assertThat(l).isEqualTo(new Label(byId.get(id).label, byId.get(id).ts)));
    }

    @Test
    void fractionIsDeterministicForASeed() throws IOException {
        List<Transaction> stream = bigStream(2_000);
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");

        LabelRegime.parse("fraction:0.1").write(stream, a, 7);
        LabelRegime.parse("fraction:0.1").write(stream, b, 7);

        assertThat(Files.readAllLines(b)).isEqualTo(Files.readAllLines(a));
    }

    @Test
    void fractionPicksOtherRowsForAnotherSeed() throws IOException {
        List<Transaction> stream = bigStream(2_000);
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");

        LabelRegime.parse("fraction:0.1").write(stream, a, 7);
        LabelRegime.parse("fraction:0.1").write(stream, b, 8);

        assertThat(Files.readAllLines(b)).isNotEqualTo(Files.readAllLines(a));
    }

    @Test
    void fractionZeroWritesNoLabelsAndFractionOneWritesAll() throws IOException {
        List<Transaction> stream = stream();

        assertThat(LabelRegime.parse("fraction:0").write(stream, file(), 1)).isZero();
        assertThat(read()).isEmpty();
        assertThat(LabelRegime.parse("fraction:1").write(stream, file(), 1)).isEqualTo(labelled(stream).size());
    }

    @Test
    void noneWritesOnlyTheHeader() throws IOException {
        int written = LabelRegime.parse("none").write(stream(), file(), 1);

        assertThat(written).isZero();
        assertThat(Files.readAllLines(file())).containsExactly("id,label,ts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"immediate", "delay:1", "delay:2", "fraction:0.5"})
    void theTimestampColumnNeverDecreases(String spec) throws IOException {
        // Rows out of timestamp order within their batch, as a real file may have them.
        List<Transaction> stream = new ArrayList<>(stream());
        java.util.Collections.reverse(stream.subList(0, PER_BATCH));
        java.util.Collections.reverse(stream.subList(2 * PER_BATCH, 3 * PER_BATCH));

        LabelRegime.parse(spec).write(stream, file(), 3);

        List<String> lines = Files.readAllLines(file());
        assertThat(lines.get(0)).isEqualTo("id,label,ts");
        long previous = Long.MIN_VALUE;
        for (String line : lines.subList(1, lines.size())) {
            long ts = Long.parseLong(line.split(",")[2]);
            assertThat(ts).as(line).isGreaterThanOrEqualTo(previous);
            previous = ts;
        }
        assertThat(lines).hasSizeGreaterThan(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"immediate", "delay:2", "fraction:0.5", "none"})
    void arrivalsAreTheLabelsWritten(String spec) throws IOException {
        List<Transaction> stream = stream();
        LabelRegime regime = LabelRegime.parse(spec);

        regime.write(stream, file(), 3);
        List<LabelRegime.Arrival> arrivals = regime.arrivals(stream, 3);

        Map<String, Label> labels = read();
        assertThat(arrivals).hasSize(labels.size());
        for (LabelRegime.Arrival a : arrivals) {
            assertThat(labels.get(a.row().id)).isEqualTo(new Label(a.row().label, a.ts()));
            assertThat(a.ts()).isGreaterThanOrEqualTo(firstTs(stream, a.batch()));
            assertThat(a.batch()).isEqualTo(a.row().batch + regime.delayBatches());
        }
    }

    // ---- helpers ----

    private record Label(int label, long ts) {}

    private Path file() {
        return dir.resolve("labels.csv");
    }

    private Map<String, Label> read() throws IOException {
        List<String> lines = Files.readAllLines(file());
        assertThat(lines.get(0)).isEqualTo("id,label,ts");
        Map<String, Label> m = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            assertThat(f).hasSize(3);
            assertThat(m.put(f[0], new Label(Integer.parseInt(f[1]), Long.parseLong(f[2])))).as("duplicate " + f[0])
                    .isNull();
        }
        return m;
    }

    /** Batches 1..5 of 10 rows, ts increasing by 10 ms, each batch 1 s apart; every 7th row unlabelled. */
    private static List<Transaction> stream() {
        List<Transaction> rows = new ArrayList<>();
        int n = 0;
        for (int b = 1; b <= BATCHES; b++) {
            for (int i = 0; i < PER_BATCH; i++, n++) {
                int label = n % 7 == 6 ? Transaction.NO_LABEL : n % 3 == 0 ? 1 : 0;
                rows.add(new Transaction("t" + n, "k" + (n % 4), 1_000_000L + b * 1_000L + i * 10L, b, label,
                        new float[] {n}));
            }
        }
        return rows;
    }

    private static List<Transaction> bigStream(int n) {
        List<Transaction> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Transaction(String.format("s-%06d", i), "k", 1_000L + i, 1 + i / 100, i % 2,
                    new float[] {i}));
        }
        return rows;
    }

    private static List<Transaction> labelled(List<Transaction> stream) {
        return stream.stream().filter(Transaction::hasLabel).toList();
    }

    private static long firstTs(List<Transaction> stream, int batch) {
        return stream.stream().filter(t -> t.batch == batch).mapToLong(t -> t.ts).min().orElseThrow();
    }
}
