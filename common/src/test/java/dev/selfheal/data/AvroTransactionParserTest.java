package dev.selfheal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroTransactionParserTest {
    static final String SCHEMA = """
            {"type":"record","name":"Transaction","namespace":"test","fields":[
              {"name":"id","type":"string"},
              {"name":"key","type":["null","string"],"default":null},
              {"name":"ts","type":"long"},
              {"name":"batch","type":"int"},
              {"name":"label","type":["null","int"],"default":null},
              {"name":"model","type":["null","string"],"default":null},
              {"name":"note","type":{"type":"array","items":"string"}},
              {"name":"f0","type":"float"},
              {"name":"f1","type":["null","double"]},
              {"name":"f2","type":["string","null"]}
            ]}""";
    private static final Schema S = new Schema.Parser().parse(SCHEMA);
    private static final List<String> FEATURES = List.of("f0", "f1", "f2");
    private static final AvroTransactionParser PARSER = new AvroTransactionParser(SCHEMA, FEATURES, ModelAllowList.any());

    static GenericRecord good() {
        GenericRecord r = new GenericData.Record(S);
        r.put("id", "tx-1");
        r.put("key", "acct-7");
        r.put("ts", 1_700_000_000_000L);
        r.put("batch", 3);
        r.put("label", 1);
        r.put("note", List.of("a", "b"));
        r.put("f0", 0.5f);
        r.put("f1", -1.25);
        r.put("f2", "2e-3");
        return r;
    }

    static byte[] encode(GenericRecord r) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(r.getSchema()).write(r, e);
            e.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] with(Consumer<GenericRecord> change) {
        GenericRecord r = good();
        change.accept(r);
        return encode(r);
    }

    @Test
    void parsesAFullRecord() {
        Transaction t = PARSER.parse(encode(good()), 2).value();
        assertThat(t.id).isEqualTo("tx-1");
        assertThat(t.key).isEqualTo("acct-7");
        assertThat(t.ts).isEqualTo(1_700_000_000_000L);
        assertThat(t.batch).isEqualTo(3);
        assertThat(t.label).isEqualTo(1);
        assertThat(t.trueLabel).isEqualTo(1);
        assertThat(t.model).isEqualTo("default");
        assertThat(t.features).containsExactly(0.5f, -1.25f, 0.002f);
    }

    @Test
    void theParserIsReusedAcrossRecordsWithoutCarryingValuesOver() {
        byte[] a = encode(good());
        byte[] b = with(r -> {
            r.put("id", "tx-2");
            r.put("key", null);
            r.put("label", null);
            r.put("f1", 7.0);
        });
        assertThat(PARSER.parse(a, 1).value().key).isEqualTo("acct-7");
        Transaction t = PARSER.parse(b, 2).value();
        assertThat(t.id).isEqualTo("tx-2");
        assertThat(t.key).isEqualTo("tx-2");
        assertThat(t.label).isEqualTo(Transaction.NO_LABEL);
        assertThat(t.features).containsExactly(0.5f, 7f, 0.002f);
        assertThat(PARSER.parse(new byte[] {1, 2, 3}, 3).rejected()).isTrue();
        assertThat(PARSER.parse(a, 4).value()).isEqualTo(PARSER.parse(encode(good()), 4).value());
    }

    @Test
    void aSchemaWithoutReservedFieldsTakesTheCsvDefaults() {
        String bare = """
                {"type":"record","name":"Bare","fields":[{"name":"f0","type":"int"},{"name":"f1","type":"long"}]}""";
        Schema s = new Schema.Parser().parse(bare);
        GenericRecord r = new GenericData.Record(s);
        r.put("f0", 4);
        r.put("f1", 5L);
        Transaction t = new AvroTransactionParser(bare, List.of("f1", "f0"), ModelAllowList.any()).parse(encode(r), 17)
                .value();
        assertThat(t.id).isEqualTo("line-17");
        assertThat(t.key).isEqualTo("line-17");
        assertThat(t.ts).isEqualTo(17);
        assertThat(t.batch).isZero();
        assertThat(t.label).isEqualTo(Transaction.NO_LABEL);
        assertThat(t.model).isEqualTo("default");
        assertThat(t.features).containsExactly(5f, 4f);
    }

    /** A string length of 2^30 where the id's length belongs: without a bound Avro would allocate 1 GB. */
    static byte[] hugeIdLength() {
        byte[] good = encode(good());
        byte[] varint = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        byte[] huge = new byte[varint.length + good.length - 1];
        System.arraycopy(varint, 0, huge, 0, varint.length);
        System.arraycopy(good, 1, huge, varint.length, good.length - 1);
        return huge;
    }

    static Stream<Arguments> badRecords() {
        byte[] good = encode(good());
        byte[] huge = hugeIdLength();
        byte[] trailing = Arrays.copyOf(good, good.length + 2);
        return Stream.of(
                Arguments.of("empty_line", new byte[0]),
                Arguments.of("malformed", Arrays.copyOf(good, good.length - 3)),
                Arguments.of("malformed", trailing),
                Arguments.of("malformed", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}),
                Arguments.of("malformed", "id,f0,f1,f2\n".getBytes()),
                Arguments.of("malformed", huge),
                Arguments.of("missing_id", with(r -> r.put("id", ""))),
                Arguments.of("missing_value", with(r -> r.put("f1", null))),
                Arguments.of("missing_value", with(r -> r.put("f2", null))),
                Arguments.of("missing_value", with(r -> r.put("f2", " "))),
                Arguments.of("non_numeric", with(r -> r.put("f2", "abc"))),
                Arguments.of("non_numeric", with(r -> r.put("f2", "0x1p3"))),
                Arguments.of("non_finite", with(r -> r.put("f0", Float.NaN))),
                Arguments.of("non_finite", with(r -> r.put("f1", Double.NEGATIVE_INFINITY))),
                Arguments.of("non_finite", with(r -> r.put("f2", "NaN"))),
                Arguments.of("out_of_range", with(r -> r.put("f0", 1e31f))),
                Arguments.of("out_of_range", with(r -> r.put("f1", -2e30))),
                Arguments.of("out_of_range", with(r -> r.put("f1", 1e300))),
                Arguments.of("out_of_range", with(r -> r.put("f2", "1e400"))),
                Arguments.of("bad_label", with(r -> r.put("label", 2))),
                Arguments.of("bad_ts", with(r -> r.put("ts", -5L))),
                Arguments.of("bad_batch", with(r -> r.put("batch", -1))));
    }

    /** The twins of TransactionParserTest's bad rows, and the kinds only binary records have. */
    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("badRecords")
    void badRecordsGiveTheirReasonAndKeepTheirBytes(String code, byte[] bytes) {
        ParseResult<Transaction> r = PARSER.parse(bytes, 9);
        assertThat(r.rejected()).isTrue();
        assertThat(r.reason().code()).as(r.message()).isEqualTo(code);
        assertThat(r.message()).isNotBlank().doesNotContain("\n");
        assertThat(r.rawIsBase64()).isTrue();
        assertThat(Base64.getDecoder().decode(r.raw())).isEqualTo(bytes);
        assertThat(r.deadLetter()).isEqualTo(new DeadLetter(9, code, r.message(), r.raw(), DeadLetter.BASE64));
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertThat(PARSER.parse(with(r -> r.put("f2", "abc")), 3).message()).isEqualTo("field f2: 'abc' is not a number");
        assertThat(PARSER.parse(with(r -> r.put("f1", null)), 3).message()).isEqualTo("field f1 is null");
        assertThat(PARSER.parse(Arrays.copyOf(encode(good()), 5), 3).message())
                .isEqualTo("not a record of test.Transaction: the record ends early");
        assertThat(PARSER.parse(hugeIdLength(), 3).message()).contains("a string length of 1073741824 in a record of");
    }

    @Test
    void withAModelListOnlyThoseModelsPass() {
        AvroTransactionParser p = new AvroTransactionParser(SCHEMA, FEATURES, ModelAllowList.parse("fraud-eu,fraud-us"));
        assertThat(p.parse(with(r -> r.put("model", "fraud-eu")), 2).value().model).isEqualTo("fraud-eu");
        ParseResult<Transaction> r = p.parse(with(x -> x.put("model", "fraud-xx")), 3);
        assertThat(r.reason()).isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
        assertThat(r.message()).isEqualTo("model 'fraud-xx' is not served by this job (input.models: fraud-eu,fraud-us)");
        assertThat(p.parse(encode(good()), 4).reason()).isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
    }

    @Test
    void overlongRecordsAreRejectedUnreadAndKeptShort() {
        AvroTransactionParser p = new AvroTransactionParser(SCHEMA, FEATURES, ModelAllowList.any(), 50);
        byte[] big = with(r -> r.put("note", List.of("x".repeat(10_000))));
        ParseResult<Transaction> r = p.parse(big, 4);
        assertThat(r.reason()).isEqualTo(DeadLetterReason.LINE_TOO_LONG);
        assertThat(Base64.getDecoder().decode(r.raw())).hasSize(AvroTransactionParser.RAW_KEPT_BYTES);
    }

    @Test
    void schemasThatCannotFeedTheModelAreRefusedInOneLine() {
        assertThatThrownBy(() -> new AvroTransactionParser("{\"type\":", FEATURES, ModelAllowList.any()))
                .hasMessageStartingWith("not an Avro schema: ");
        assertThatThrownBy(() -> new AvroTransactionParser("\"string\"", FEATURES, ModelAllowList.any()))
                .hasMessage("the Avro schema must be a record, not string");
        assertThatThrownBy(() -> new AvroTransactionParser(SCHEMA, List.of("f0", "f9"), ModelAllowList.any()))
                .hasMessage("feature 'f9' is not a field of the Avro schema test.Transaction; its fields are "
                        + "[id, key, ts, batch, label, model, note, f0, f1, f2]");
        assertThatThrownBy(() -> new AvroTransactionParser(SCHEMA, List.of("f0", "note"), ModelAllowList.any()))
                .hasMessageStartingWith("Avro field 'note' has type {\"type\":\"array\"");
        String badId = SCHEMA.replace("{\"name\":\"id\",\"type\":\"string\"}", "{\"name\":\"id\",\"type\":\"double\"}");
        assertThatThrownBy(() -> new AvroTransactionParser(badId, FEATURES, ModelAllowList.any()))
                .hasMessageStartingWith("Avro field 'id' has type \"double\"");
        assertThatThrownBy(() -> new AvroTransactionParser(SCHEMA, List.of("label"), ModelAllowList.any()))
                .hasMessage("'label' is a reserved field and cannot be a feature");
    }

    @Test
    void theParserSurvivesJavaSerialisation() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(PARSER);
        }
        AvroTransactionParser copy;
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (AvroTransactionParser) in.readObject();
        }
        assertThat(copy.parse(encode(good()), 2).value()).isEqualTo(PARSER.parse(encode(good()), 2).value());
        assertThat(Map.of("format", copy.format().code())).containsEntry("format", "avro");
    }
}
