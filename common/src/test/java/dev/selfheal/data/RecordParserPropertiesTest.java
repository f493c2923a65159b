package dev.selfheal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.avro.generic.GenericRecord;

/**
 * The JSON and Avro parsers against arbitrary bytes, as ParserPropertiesITCase does for CSV: a value or
 * a dead letter with a reason and the raw bytes, never an exception; valid records round-trip.
 */
class RecordParserPropertiesTest {
    private static final List<String> FEATURES = List.of("f0", "f1", "f2");
    private static final JsonTransactionParser JSON = new JsonTransactionParser(FEATURES, ModelAllowList.any());
    private static final AvroTransactionParser AVRO =
            new AvroTransactionParser(AvroTransactionParserTest.SCHEMA, FEATURES, ModelAllowList.any());

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    /** JSON-ish text: the grammar's characters, keys of the contract, and numbers. */
    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> chars = Arbitraries.strings().withChars("{}[]\":,0123456789.-+eEtrufalsnNIiy f012d").ofMaxLength(120);
        Arbitrary<String> objects = Arbitraries.of("id", "key", "ts", "batch", "label", "model", "f0", "f1", "f2", "x")
                .list().ofMaxSize(8).flatMap(keys -> Arbitraries.of("1", "-2.5", "\"3\"", "null", "true", "NaN", "1e31",
                        "\"\"", "{}", "[1]", "\"a\"").list().ofSize(keys.size()).map(values -> {
                            StringBuilder b = new StringBuilder("{");
                            for (int i = 0; i < keys.size(); i++) {
                                b.append(i == 0 ? "" : ",").append('"').append(keys.get(i)).append("\":")
                                        .append(values.get(i));
                            }
                            return b.append('}').toString();
                        }));
        return Arbitraries.oneOf(chars, objects);
    }

    /** A valid record with a few bytes changed, dropped or appended: near misses reach deep into the decoder. */
    @Provide
    Arbitrary<byte[]> mutatedAvro() {
        byte[] good = AvroTransactionParserTest.encode(AvroTransactionParserTest.good());
        return Arbitraries.integers().between(0, good.length - 1).list().ofMinSize(1).ofMaxSize(4)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size())
                        .flatMap(values -> Arbitraries.integers().between(-3, 3).map(resize -> {
                            byte[] b = good.clone();
                            for (int i = 0; i < positions.size(); i++) {
                                b[positions.get(i)] = values.get(i);
                            }
                            return Arrays.copyOf(b, Math.max(0, b.length + resize));
                        })));
    }

    @Property(tries = 500)
    void jsonParserNeverThrowsOnText(@ForAll("jsonish") String text, @ForAll @IntRange(min = 1) int n) {
        check(JSON.parse(text.getBytes(StandardCharsets.UTF_8), n), text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void jsonLabelsNeverThrow(@ForAll("jsonish") String text, @ForAll @IntRange(min = 1) int n) {
        ParseResult<LabelEvent> r = new LabelParser().acceptingJson().parse(text, n);
        assertThat(r.ok() || r.rejected() || r.skipped()).isTrue();
        if (r.rejected()) {
            assertThat(r.message()).isNotBlank().doesNotContain("\n");
            assertThat(r.raw()).isEqualTo(text);
        }
    }

    @Property(tries = 300)
    void jsonParserNeverThrowsOnBytes(@ForAll("anyBytes") byte[] bytes) {
        check(JSON.parse(bytes, 2), bytes);
    }

    @Property(tries = 300)
    void avroParserNeverThrowsOnBytes(@ForAll("anyBytes") byte[] bytes) {
        ParseResult<Transaction> r = AVRO.parse(bytes, 2);
        check(r, bytes);
        if (r.rejected()) {
            assertThat(r.rawIsBase64()).isTrue();
        }
    }

    @Property(tries = 1000)
    void avroParserNeverThrowsOnNearMisses(@ForAll("mutatedAvro") byte[] bytes) {
        check(AVRO.parse(bytes, 2), bytes);
    }

    private static void check(ParseResult<Transaction> r, byte[] input) {
        assertThat(r.ok() || r.rejected()).isTrue();
        if (r.rejected()) {
            assertThat(r.reason()).isNotNull();
            assertThat(r.message()).isNotBlank().doesNotContain("\n");
            byte[] kept = r.rawIsBase64() ? Base64.getDecoder().decode(r.raw()) : r.raw().getBytes(StandardCharsets.UTF_8);
            assertThat(kept).isEqualTo(Arrays.copyOf(input, Math.min(input.length, kept.length)));
        } else {
            for (float f : r.value().features) {
                assertThat(Float.isFinite(f) && Math.abs(f) <= 1e30f).isTrue();
            }
        }
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_').ofMinLength(1).ofMaxLength(30);
    }

    @Property(tries = 300)
    void validRecordsRoundTripInBothFormats(@ForAll("ids") String id, @ForAll("ids") String key,
                                            @ForAll @IntRange(min = 0) int ts, @ForAll @IntRange(min = 0) int batch,
                                            @ForAll @IntRange(min = 0, max = 1) int label,
                                            @ForAll float a, @ForAll float b) {
        float fa = Float.isFinite(a) && Math.abs(a) <= 1e30f ? a : 0f;
        float fb = Float.isFinite(b) && Math.abs(b) <= 1e30f ? b : 0f;
        String json = "{\"id\":\"" + id + "\",\"key\":\"" + key + "\",\"ts\":" + ts + ",\"batch\":" + batch
                + ",\"label\":" + label + ",\"f0\":" + fa + ",\"f1\":" + fb + ",\"f2\":\"" + fa + "\"}";
        Transaction fromJson = JSON.parse(json.getBytes(StandardCharsets.UTF_8), 2).value();
        GenericRecord r = AvroTransactionParserTest.good();
        r.put("id", id);
        r.put("key", key);
        r.put("ts", (long) ts);
        r.put("batch", batch);
        r.put("label", label);
        r.put("f0", fa);
        r.put("f1", (double) fb);
        r.put("f2", Float.toString(fa));
        Transaction fromAvro = AVRO.parse(AvroTransactionParserTest.encode(r), 2).value();
        Transaction expected = new Transaction(id, key, ts, batch, label, new float[] {fa, fb, fa});
        assertThat(fromJson).isEqualTo(expected);
        assertThat(fromAvro).isEqualTo(expected);
    }
}
