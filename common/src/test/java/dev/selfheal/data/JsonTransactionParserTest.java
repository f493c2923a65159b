package dev.selfheal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTransactionParserTest {
    private static final List<String> FEATURES = List.of("f0", "f1", "f2");
    private static final JsonTransactionParser PARSER = new JsonTransactionParser(FEATURES, ModelAllowList.any());

    private static ParseResult<Transaction> parse(String json, long n) {
        return PARSER.parse(json.getBytes(StandardCharsets.UTF_8), n);
    }

    @Test
    void parsesAFullObject() {
        Transaction t = parse("{\"id\":\"tx-1\",\"key\":\"acct-7\",\"ts\":1700000000000,\"batch\":3,\"label\":1,"
                + "\"f0\":0.5,\"f1\":-1.25,\"f2\":2e-3}", 2).value();
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
    void keysMayComeInAnyOrderAndExtraKeysAreIgnored() {
        Transaction t = parse("{\"f2\":3,\"note\":{\"deep\":[1,{\"f0\":99}]},\"f0\":1,\"tags\":[\"a\"],"
                + "\"f1\":\"2.5\",\"id\":42,\"merchant\":null}", 2).value();
        assertThat(t.features).containsExactly(1f, 2.5f, 3f);
        assertThat(t.id).isEqualTo("42");
    }

    @Test
    void recordsWhoseKeysChangeOrderFromOneToTheNextAreEachReadByName() {
        JsonTransactionParser p = new JsonTransactionParser(FEATURES, ModelAllowList.any());
        String[] records = {"{\"f0\":1,\"f1\":2,\"f2\":3}", "{\"f2\":3,\"f0\":1,\"x\":0,\"f1\":2}",
            "{\"x\":0,\"f1\":2,\"f2\":3,\"f0\":1}", "{\"f0\":1,\"f1\":2,\"f2\":3}", "{\"f0\":1,\"f0\":2,\"f2\":3}"};
        for (int i = 0; i < 4; i++) {
            assertThat(p.parse(records[i].getBytes(StandardCharsets.UTF_8), i + 1).value().features).as(records[i])
                    .containsExactly(1f, 2f, 3f);
        }
        assertThat(p.parse(records[4].getBytes(StandardCharsets.UTF_8), 5).reason()).isEqualTo(DeadLetterReason.MALFORMED);
    }

    @Test
    void absentAndNullReservedKeysTakeTheCsvDefaults() {
        Transaction t = parse("{\"f0\":1,\"f1\":2,\"f2\":3}", 17).value();
        assertThat(t.id).isEqualTo("line-17");
        assertThat(t.key).isEqualTo("line-17");
        assertThat(t.ts).isEqualTo(17);
        assertThat(t.batch).isZero();
        assertThat(t.label).isEqualTo(Transaction.NO_LABEL);
        assertThat(t.trueLabel).isEqualTo(Transaction.NO_LABEL);
        assertThat(t.model).isEqualTo("default");
        Transaction n = parse("{\"id\":\"a\",\"key\":null,\"batch\":null,\"label\":null,\"model\":\"\","
                + "\"f0\":1,\"f1\":2,\"f2\":3}", 5).value();
        assertThat(n.key).isEqualTo("a");
        assertThat(n.batch).isZero();
        assertThat(n.label).isEqualTo(Transaction.NO_LABEL);
        assertThat(n.model).isEqualTo("default");
    }

    @Test
    void trueLabelAndModelAreRead() {
        Transaction t = parse("{\"id\":\"a\",\"label\":1,\"true_label\":\"0\",\"model\":\"fraud-eu\","
                + "\"f0\":1,\"f1\":2,\"f2\":3}", 2).value();
        assertThat(t.label).isEqualTo(1);
        assertThat(t.trueLabel).isZero();
        assertThat(t.model).isEqualTo("fraud-eu");
    }

    @Test
    void featuresEqualTheCsvParsersToTheLastBit() {
        TransactionParser csv = new TransactionParser(CsvHeader.parse("f0,f1,f2", null));
        String[] values = {"0.1", "-3.4028235e38", "1e-45", "123456789.123456789", "0.30000000000000004",
            "7.038531E-26", "16777217", "-0.0", "2.5e+29", "9.999999e29"};
        for (String v : values) {
            float expected = csv.parse(v + ",0,0", 2).ok() ? csv.parse(v + ",0,0", 2).value().features[0] : Float.NaN;
            ParseResult<Transaction> r = parse("{\"f0\":" + v + ",\"f1\":0,\"f2\":0}", 2);
            if (Float.isNaN(expected)) {
                assertThat(r.reason()).as(v).isEqualTo(csv.parse(v + ",0,0", 2).reason());
            } else {
                assertThat(Float.floatToRawIntBits(r.value().features[0])).as(v)
                        .isEqualTo(Float.floatToRawIntBits(expected));
            }
        }
    }

    /** The twins of TransactionParserTest's bad rows, and the kinds only JSON has. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "empty_line    | ''",
        "empty_line    | ' \t '",
        "malformed     | '{\"id\":\"a\",\"f0\":1,\"f1\":2,\"f2\":3'",
        "malformed     | '{\"id\":\"a\",\"f0\":1,\"f1\":2,\"f2\":3}x'",
        "malformed     | '{\"id\":\"a\",\"f0\":1,\"f1\":2,\"f2\":3} {}'",
        "malformed     | '[1,2,3]'",
        "malformed     | '\"f0\"'",
        "malformed     | 'id,f0,f1,f2'",
        "malformed     | '{\"id\":\"a\",\"f0\":1,\"f0\":1,\"f1\":2,\"f2\":3}'",
        "malformed     | '{\"id\":\"a\",\"id\":\"b\",\"f0\":1,\"f1\":2,\"f2\":3}'",
        "malformed     | '{\"id\":\"a\",\"model\":{},\"f0\":1,\"f1\":2,\"f2\":3}'",
        "missing_id    | '{\"id\":\"\",\"f0\":1,\"f1\":2,\"f2\":3}'",
        "missing_id    | '{\"id\":null,\"f0\":1,\"f1\":2,\"f2\":3}'",
        "missing_id    | '{\"id\":[1],\"f0\":1,\"f1\":2,\"f2\":3}'",
        "missing_value | '{\"id\":\"a\",\"f0\":1,\"f2\":3}'",
        "missing_value | '{\"id\":\"a\",\"f0\":1,\"f1\":null,\"f2\":3}'",
        "missing_value | '{\"id\":\"a\",\"f0\":1,\"f1\":\"\",\"f2\":3}'",
        "non_numeric   | '{\"id\":\"a\",\"f0\":1,\"f1\":\"abc\",\"f2\":3}'",
        "non_numeric   | '{\"id\":\"a\",\"f0\":1,\"f1\":\"0x1p3\",\"f2\":3}'",
        "non_numeric   | '{\"id\":\"a\",\"f0\":1,\"f1\":true,\"f2\":3}'",
        "non_numeric   | '{\"id\":\"a\",\"f0\":1,\"f1\":{\"v\":2},\"f2\":3}'",
        "non_numeric   | '{\"id\":\"a\",\"f0\":1,\"f1\":[2],\"f2\":3}'",
        "non_finite    | '{\"id\":\"a\",\"f0\":1,\"f1\":NaN,\"f2\":3}'",
        "non_finite    | '{\"id\":\"a\",\"f0\":1,\"f1\":-Infinity,\"f2\":3}'",
        "non_finite    | '{\"id\":\"a\",\"f0\":1,\"f1\":\"inf\",\"f2\":3}'",
        "out_of_range  | '{\"id\":\"a\",\"f0\":1,\"f1\":1e31,\"f2\":3}'",
        "out_of_range  | '{\"id\":\"a\",\"f0\":1,\"f1\":-2e30,\"f2\":3}'",
        "out_of_range  | '{\"id\":\"a\",\"f0\":1,\"f1\":1e400,\"f2\":3}'",
        "out_of_range  | '{\"id\":\"a\",\"f0\":1,\"f1\":100000000000000000000000000000000000000000,\"f2\":3}'",
        "bad_label     | '{\"id\":\"a\",\"label\":2,\"f0\":1,\"f1\":2,\"f2\":3}'",
        "bad_label     | '{\"id\":\"a\",\"label\":\"yes\",\"f0\":1,\"f1\":2,\"f2\":3}'",
        "bad_label     | '{\"id\":\"a\",\"label\":true,\"f0\":1,\"f1\":2,\"f2\":3}'",
        "bad_label     | '{\"id\":\"a\",\"true_label\":0.5,\"f0\":1,\"f1\":2,\"f2\":3}'",
        "bad_ts        | '{\"id\":\"a\",\"ts\":\"yesterday\",\"f0\":1,\"f1\":2,\"f2\":3}'",
        "bad_ts        | '{\"id\":\"a\",\"ts\":-5,\"f0\":1,\"f1\":2,\"f2\":3}'",
        "bad_ts        | '{\"id\":\"a\",\"ts\":1.5,\"f0\":1,\"f1\":2,\"f2\":3}'",
        "bad_ts        | '{\"id\":\"a\",\"ts\":null,\"f0\":1,\"f1\":2,\"f2\":3}'",
        "bad_ts        | '{\"id\":\"a\",\"ts\":99999999999999999999,\"f0\":1,\"f1\":2,\"f2\":3}'",
        "bad_batch     | '{\"id\":\"a\",\"batch\":\"x\",\"f0\":1,\"f1\":2,\"f2\":3}'",
        "bad_batch     | '{\"id\":\"a\",\"batch\":-1,\"f0\":1,\"f1\":2,\"f2\":3}'",
        "bad_batch     | '{\"id\":\"a\",\"batch\":4294967296,\"f0\":1,\"f1\":2,\"f2\":3}'",
    })
    void badRecordsGiveTheirReasonAndKeepTheirText(String code, String json) {
        ParseResult<Transaction> r = parse(json, 9);
        assertThat(r.rejected()).isTrue();
        assertThat(r.reason().code()).isEqualTo(code);
        assertThat(r.message()).isNotBlank().doesNotContain("\n");
        assertThat(r.raw()).isEqualTo(json);
        assertThat(r.rawIsBase64()).isFalse();
        assertThat(r.deadLetter()).isEqualTo(new DeadLetter(9, code, r.message(), json));
    }

    @Test
    void messagesNameTheKey() {
        assertThat(parse("{\"id\":\"a\",\"f0\":1,\"f2\":3}", 3).message()).isEqualTo("key f1 is missing");
        assertThat(parse("{\"id\":\"a\",\"f0\":1,\"f1\":\"abc\",\"f2\":3}", 3).message())
                .isEqualTo("key f1: 'abc' is not a number");
        assertThat(parse("{\"id\":\"a\",\"f0\":1,\"f1\":NaN,\"f2\":3}", 3).message())
                .isEqualTo("key f1: 'NaN' is not finite");
    }

    @Test
    void messagesStayOnOneLineWhateverTheValueHolds() {
        ParseResult<Transaction> r = parse("{\"id\":\"a\",\"f0\":1,\"f1\":\"1\\n2\",\"f2\":3}", 3);
        assertThat(r.reason()).isEqualTo(DeadLetterReason.NON_NUMERIC);
        assertThat(r.message()).isEqualTo("key f1: '1\\n2' is not a number");
    }

    @Test
    void bytesThatAreNotUtf8AreKeptAsBase64() {
        byte[] bad = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
        ParseResult<Transaction> r = PARSER.parse(bad, 4);
        assertThat(r.reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(r.rawIsBase64()).isTrue();
        assertThat(Base64.getDecoder().decode(r.raw())).isEqualTo(bad);
        assertThat(r.deadLetter().rawEncoding()).isEqualTo(DeadLetter.BASE64);
    }

    @Test
    void aSliceOfABufferIsParsedAlone() {
        byte[] buf = "xx{\"f0\":1,\"f1\":2,\"f2\":3}yy".getBytes(StandardCharsets.UTF_8);
        assertThat(PARSER.parse(buf, 2, buf.length - 4, 1).value().features).containsExactly(1f, 2f, 3f);
    }

    @Test
    void withAModelListOnlyThoseModelsPass() {
        JsonTransactionParser p = new JsonTransactionParser(List.of("f0"), ModelAllowList.parse("fraud-eu,fraud-us"));
        assertThat(p.parse("{\"model\":\"fraud-eu\",\"f0\":1}".getBytes(StandardCharsets.UTF_8), 2).ok()).isTrue();
        ParseResult<Transaction> r = p.parse("{\"model\":\"fraud-xx\",\"f0\":1}".getBytes(StandardCharsets.UTF_8), 3);
        assertThat(r.reason()).isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
        assertThat(r.message()).isEqualTo("model 'fraud-xx' is not served by this job (input.models: fraud-eu,fraud-us)");
        assertThat(p.parse("{\"f0\":1}".getBytes(StandardCharsets.UTF_8), 4).reason())
                .isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
        JsonTransactionParser one = new JsonTransactionParser(List.of("f0"), ModelAllowList.parse("fraud-eu"));
        assertThat(one.parse("{\"f0\":1}".getBytes(StandardCharsets.UTF_8), 4).value().model).isEqualTo("fraud-eu");
    }

    @Test
    void overlongRecordsAreRejectedUnreadAndKeptShort() {
        JsonTransactionParser p = new JsonTransactionParser(FEATURES, ModelAllowList.any(), 50);
        String big = "{\"id\":\"a\",\"f0\":1,\"f1\":2,\"f2\":3,\"pad\":\"" + "x".repeat(5000) + "\"}";
        ParseResult<Transaction> r = p.parse(big.getBytes(StandardCharsets.UTF_8), 4);
        assertThat(r.reason()).isEqualTo(DeadLetterReason.LINE_TOO_LONG);
        assertThat(r.raw().length()).isLessThan(1100);
    }

    @Test
    void featureListsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> new JsonTransactionParser(List.of("f0", "ts"), ModelAllowList.any()))
                .hasMessage("'ts' is a reserved key and cannot be a feature");
        assertThatThrownBy(() -> new JsonTransactionParser(List.of("f0", "f0"), ModelAllowList.any()))
                .hasMessage("feature 'f0' is listed twice");
    }
}
