package dev.selfheal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionCsvTest {
    @TempDir
    Path dir;

    private static Dataset randomDataset(int n, boolean corruptSomeLabels) {
        SplittableRandom rng = new SplittableRandom(3);
        List<String> names = List.of("a", "b", "c");
        List<Transaction> rows = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Raw bit patterns cover subnormals, -0.0 and extreme exponents, not just "nice" values.
            float[] x = {
                (float) rng.nextGaussian(),
                randomFiniteFloat(rng),
                i == 0 ? -0.0f : i == 1 ? Float.MIN_VALUE : (float) (rng.nextDouble() * 1e-20),
            };
            Transaction t = new Transaction("id-" + i, "acct-" + rng.nextInt(10), 1000L + i, i / 10, rng.nextInt(2), x);
            if (corruptSomeLabels && i % 7 == 0) {
                t.trueLabel = 1 - t.label;
            }
            rows.add(t);
        }
        return new Dataset(names, rows);
    }

    private static float randomFiniteFloat(SplittableRandom rng) {
        while (true) {
            float f = Float.intBitsToFloat(rng.nextInt());
            if (Float.isFinite(f) && Math.abs(f) <= 1e30f) {
                return f;
            }
        }
    }

    @Test
    void roundTripIsExact() throws IOException {
        for (boolean corrupt : new boolean[] {false, true}) {
            Dataset data = randomDataset(500, corrupt);
            Path file = dir.resolve("rt-" + corrupt + ".csv");
            TransactionCsv.write(file, data);
            assertThat(TransactionCsv.read(file, null)).isEqualTo(data);
        }
    }

    @Test
    void roundTripKeepsAwkwardTextUnlabelledRowsAndModels() throws IOException {
        Transaction odd = new Transaction("id,with \"quotes\"", "\"k\"", 5, 0, Transaction.NO_LABEL, new float[] {1f});
        odd.model = "eu,retail";
        Transaction plain = new Transaction("p", "k", 6, 1, 1, new float[] {2f});
        plain.trueLabel = Transaction.NO_LABEL;
        Dataset data = new Dataset(List.of("x"), List.of(odd, plain));
        Path file = dir.resolve("odd.csv");
        TransactionCsv.write(file, data);
        assertThat(TransactionCsv.read(file, null)).isEqualTo(data);
    }

    @Test
    void writesTheContractLayout() throws IOException {
        Dataset clean = new Dataset(List.of("f0", "V14"),
                List.of(new Transaction("a", "k", 10, 2, 0, new float[] {0.1f, -2.5f})));
        Path file = dir.resolve("layout.csv");
        TransactionCsv.write(file, clean);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("id,key,ts,batch,label,f0,V14\na,k,10,2,0,0.1,-2.5\n");

        clean.rows().get(0).trueLabel = 1;
        TransactionCsv.write(file, clean);
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("id,key,ts,batch,label,true_label,f0,V14");
    }

    @Test
    void strictReadNamesFileLineAndReason() throws IOException {
        Path file = dir.resolve("train.csv");
        Files.writeString(file, "id,label,f0\na,1,0.5\nb,1,oops\nc,0,1\n");
        assertThatThrownBy(() -> TransactionCsv.read(file, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("train.csv")
                .hasMessageContaining("line 3")
                .hasMessageContaining("non_numeric")
                .hasMessageContaining("--features");
    }

    @Test
    void aTextColumnLeftOutByNameIsIgnored() throws IOException {
        Path file = dir.resolve("train.csv");
        Files.writeString(file, "id,label,amount,merchant,hour\na,1,0.5,grocery,3\nb,0,2,travel,4\n");
        Dataset d = TransactionCsv.read(file, List.of("hour", "amount"));
        assertThat(d.featureNames()).containsExactly("hour", "amount");
        assertThat(d.rows().get(1).features).containsExactly(4f, 2f);
        // Named features that hold text still fail, without the hint about naming them.
        assertThatThrownBy(() -> TransactionCsv.read(file, List.of("merchant")))
                .hasMessageContaining("non_numeric").hasMessageNotContaining("--features");
    }

    @Test
    void lenientReadCollectsDeadLetters() throws IOException {
        Path file = dir.resolve("stream.csv");
        Files.writeString(file, "id,label,f0,note\na,1,0.5,x\nb,1,oops,y\n\nc,0,1,z\nd,7,1,w\n");
        LenientRead r = TransactionCsv.readLenient(file, List.of("f0"));
        assertThat(r.dataset().rows()).extracting(t -> t.id).containsExactly("a", "c");
        assertThat(r.dataset().featureNames()).containsExactly("f0");
        assertThat(r.deadLetters()).extracting(DeadLetter::lineNumber, DeadLetter::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3L, "non_numeric"),
                        org.assertj.core.groups.Tuple.tuple(4L, "empty_line"),
                        org.assertj.core.groups.Tuple.tuple(6L, "bad_label"));
    }

    @Test
    void headerProblemsNameTheFile() throws IOException {
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> TransactionCsv.read(empty, null)).hasMessageContaining("empty.csv");
        Path noV14 = dir.resolve("no-v14.csv");
        Files.writeString(noV14, "id,f0\na,1\n");
        assertThatThrownBy(() -> TransactionCsv.read(noV14, List.of("V14")))
                .hasMessageContaining("no-v14.csv")
                .hasMessageContaining("'V14'");
    }
}
