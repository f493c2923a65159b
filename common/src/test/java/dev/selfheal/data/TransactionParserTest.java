package dev.selfheal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransactionParserTest {
    private static final TransactionParser FULL =
            new TransactionParser(CsvHeader.parse("id,key,ts,batch,label,f0,f1,f2", null));

    @Test
    void parsesAFullRow() {
        ParseResult<Transaction> r = FULL.parse("tx-1,acct-7,1700000000000,3,1,0.5,-1.25,2e-3", 2);
        assertThat(r.ok()).isTrue();
        assertThat(r.rejected()).isFalse();
        Transaction t = r.value();
        assertThat(t.id).isEqualTo("tx-1");
        assertThat(t.key).isEqualTo("acct-7");
        assertThat(t.ts).isEqualTo(1_700_000_000_000L);
        assertThat(t.batch).isEqualTo(3);
        assertThat(t.label).isEqualTo(1);
        assertThat(t.trueLabel).isEqualTo(1);
        assertThat(t.model).isEqualTo("default");
        assertThat(t.features).containsExactly(0.5f, -1.25f, 0.002f);
        assertThat(r.raw()).isEqualTo("tx-1,acct-7,1700000000000,3,1,0.5,-1.25,2e-3");
    }

    @Test
    void absentColumnsTakeDefaults() {
        TransactionParser p = new TransactionParser(CsvHeader.parse("f0,f1", null));
        Transaction t = p.parse("1,2", 17).value();
        assertThat(t.id).isEqualTo("line-17");
        assertThat(t.key).isEqualTo("line-17");
        assertThat(t.ts).isEqualTo(17);
        assertThat(t.batch).isZero();
        assertThat(t.label).isEqualTo(Transaction.NO_LABEL);
        assertThat(t.trueLabel).isEqualTo(Transaction.NO_LABEL);
        assertThat(t.model).isEqualTo("default");
    }

    @Test
    void emptyOptionalFieldsTakeDefaults() {
        TransactionParser p = new TransactionParser(CsvHeader.parse("id,key,batch,label,model,f0", null));
        Transaction t = p.parse("a,,,,,1", 5).value();
        assertThat(t.key).isEqualTo("a");
        assertThat(t.batch).isZero();
        assertThat(t.label).isEqualTo(Transaction.NO_LABEL);
        assertThat(t.model).isEqualTo("default");
        assertThat(p.parse("a,k,2,0,fraud-eu,1", 5).value().model).isEqualTo("fraud-eu");
    }

    @Test
    void trueLabelColumnIsReadSeparately() {
        TransactionParser p = new TransactionParser(CsvHeader.parse("id,label,true_label,f0", null));
        Transaction t = p.parse("a,1,0,1.5", 2).value();
        assertThat(t.label).isEqualTo(1);
        assertThat(t.trueLabel).isEqualTo(0);
    }

    @Test
    void quotedFieldsMayHoldCommasAndQuotes() {
        TransactionParser p = new TransactionParser(CsvHeader.parse("id,key,f0", null));
        Transaction t = p.parse("\"a,b\",\"say \"\"hi\"\"\",\"1.5\"", 2).value();
        assertThat(t.id).isEqualTo("a,b");
        assertThat(t.key).isEqualTo("say \"hi\"");
        assertThat(t.features).containsExactly(1.5f);
        assertThat(p.parse("\"\",k,1", 2).reason()).isEqualTo(DeadLetterReason.MISSING_ID);
    }

    @Test
    void featureSelectionByNameIgnoresExtraColumns() {
        TransactionParser p = new TransactionParser(CsvHeader.parse("id,note,f0,f1,f2", List.of("f2", "f0")));
        Transaction t = p.parse("a,not a number,1,2,3", 2).value();
        assertThat(t.features).containsExactly(3f, 1f);
    }

    @Test
    void toleratesCarriageReturnAndSpacesAroundNumbers() {
        assertThat(FULL.parse("a,k, 5 ,1, 0 , 1.5 ,2,3\r", 2).value().features).containsExactly(1.5f, 2f, 3f);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty_line      | ''",
        "empty_line      | '   '",
        "column_count    | 'a,k,1,1,0,1,2'",
        "column_count    | 'a,k,1,1,0,1,2,3,4'",
        "malformed       | 'a,k,1,1,0,\"1,2,3'",
        "malformed       | 'a,k,1,1,0,\"1\"x,2,3'",
        "missing_id      | ',k,1,1,0,1,2,3'",
        "missing_value   | 'a,k,1,1,0,1,,3'",
        "non_numeric     | 'a,k,1,1,0,1,abc,3'",
        "non_numeric     | 'a,k,1,1,0,1,1.2.3,3'",
        "non_numeric     | 'a,k,1,1,0,1,0x1p3,3'",
        "non_numeric     | 'a,k,1,1,0,1,1f,3'",
        "non_finite      | 'a,k,1,1,0,1,NaN,3'",
        "non_finite      | 'a,k,1,1,0,1,-Infinity,3'",
        "non_finite      | 'a,k,1,1,0,1,inf,3'",
        "out_of_range    | 'a,k,1,1,0,1,1e31,3'",
        "out_of_range    | 'a,k,1,1,0,1,-2e30,3'",
        "out_of_range    | 'a,k,1,1,0,1,1e400,3'",
        "bad_label       | 'a,k,1,1,2,1,2,3'",
        "bad_label       | 'a,k,1,1,yes,1,2,3'",
        "bad_ts          | 'a,k,yesterday,1,0,1,2,3'",
        "bad_ts          | 'a,k,-5,1,0,1,2,3'",
        "bad_ts          | 'a,k,,1,0,1,2,3'",
        "bad_batch       | 'a,k,1,x,0,1,2,3'",
    })
    void badRowsGiveTheirReason(String code, String line) {
        ParseResult<Transaction> r = FULL.parse(line, 9);
        assertThat(r.ok()).isFalse();
        assertThat(r.rejected()).isTrue();
        assertThat(r.reason().code()).isEqualTo(code);
        assertThat(r.message()).isNotBlank();
        assertThat(r.raw()).isEqualTo(line);
        assertThat(r.deadLetter()).isEqualTo(new DeadLetter(9, code, r.message(), line));
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertThat(FULL.parse("a,k,1,1,0,1,2", 3).message()).isEqualTo("expected 8 columns, got 7");
        assertThat(FULL.parse("a,k,1,1,0,1,abc,3", 3).message()).isEqualTo("column f1: 'abc' is not a number");
    }

    @Test
    void withAModelListOnlyThoseModelsPass() {
        TransactionParser p = new TransactionParser(CsvHeader.parse("id,model,f0", null),
                ModelAllowList.parse("fraud-eu, fraud-us"));
        assertThat(p.parse("a,fraud-eu,1", 2).value().model).isEqualTo("fraud-eu");
        assertThat(p.parse("b,fraud-us,1", 3).ok()).isTrue();
        ParseResult<Transaction> r = p.parse("c,fraud-xx,1", 4);
        assertThat(r.reason()).isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
        assertThat(r.reason().code()).isEqualTo("unknown_model");
        assertThat(r.message()).isEqualTo("model 'fraud-xx' is not served by this job (input.models: fraud-eu,fraud-us)");
        assertThat(r.raw()).isEqualTo("c,fraud-xx,1");
        // With two served models a row without a model id is the default model's, not on this list.
        assertThat(p.parse("d,,1", 5).reason()).isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
        TransactionParser noModelColumn = new TransactionParser(CsvHeader.parse("id,f0", null),
                ModelAllowList.parse("fraud-eu,fraud-us"));
        assertThat(noModelColumn.parse("e,1", 6).reason()).isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
        // With one served model, rows that name none are that model's (as unmarked labels are).
        TransactionParser oneModel = new TransactionParser(CsvHeader.parse("id,model,f0", null),
                ModelAllowList.parse("fraud-eu"));
        assertThat(oneModel.parse("f,,1", 7).value().model).isEqualTo("fraud-eu");
        assertThat(oneModel.parse("g,default,1", 8).reason()).isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
        assertThat(new TransactionParser(CsvHeader.parse("id,f0", null), ModelAllowList.parse("fraud-eu"))
                .parse("h,1", 9).value().model).isEqualTo("fraud-eu");
        assertThat(new TransactionParser(CsvHeader.parse("id,f0", null), ModelAllowList.parse("default"))
                .parse("e,1", 6).ok()).isTrue();
    }

    @Test
    void withoutAModelListAnyModelPasses() {
        TransactionParser p = new TransactionParser(CsvHeader.parse("id,model,f0", null), ModelAllowList.parse(""));
        assertThat(p.parse("a,anything-at-all,1", 2).value().model).isEqualTo("anything-at-all");
        assertThat(FULL.parse("a,k,1,1,0,1,2,3", 2).ok()).isTrue();
    }

    @Test
    void overlongLinesAreRejectedBeforeSplittingAndKeptShort() {
        TransactionParser p = new TransactionParser(CsvHeader.parse("id,f0", null), 50);
        String longLine = "a," + "1".repeat(5000);
        ParseResult<Transaction> r = p.parse(longLine, 4);
        assertThat(r.reason()).isEqualTo(DeadLetterReason.LINE_TOO_LONG);
        assertThat(r.raw().length()).isLessThan(1100);
        assertThat(p.parse("a,1", 5).ok()).isTrue();
    }

    /**
     * A line without quotes is read in place; one with a quoted field goes through the full split.
     * Quoting the id changes nothing it says, so both must give the same transaction or the same
     * dead letter, over fields a producer might write: plain and long decimals, exponents, padding,
     * empty fields, spellings that are not numbers, values out of range, and wrong column counts.
     */
    @Test
    void aLineReadInPlaceMeansWhatTheQuotedSplitReads() {
        String[] values = {"0.5", "-1.25", "2e-3", "1.0000000596046448", "  3.5 ", "", "abc", "0x1p3", "NaN",
            "-inf", "1e31", "-0", "7.", ".25", "1e", "+4", "12345678901234567890", "3.4028235e38", "99999999999e21", "1f"};
        java.util.Random rnd = new java.util.Random(7);
        int rejected = 0;
        for (int n = 0; n < 3000; n++) {
            int columns = rnd.nextInt(10) == 0 ? 4 + rnd.nextInt(3) * 2 - 1 : 5;
            StringBuilder tail = new StringBuilder();
            for (int c = 1; c < columns; c++) {
                String v = c == 1 ? (rnd.nextInt(8) == 0 ? "" : "k" + rnd.nextInt(5))
                        : c == 2 ? String.valueOf(rnd.nextInt(3) == 0 ? -1 : rnd.nextInt(1000))
                        : values[rnd.nextInt(values.length)];
                tail.append(',').append(v);
            }
            String id = rnd.nextInt(20) == 0 ? " " : "tx-" + n;
            ParseResult<Transaction> inPlace = IN_PLACE.parse(id + tail, n);
            ParseResult<Transaction> split = IN_PLACE.parse('"' + id + '"' + tail, n);
            assertThat(split.rejected()).as(id + tail).isEqualTo(inPlace.rejected());
            if (inPlace.rejected()) {
                rejected++;
                assertThat(split.reason()).as(id + tail).isEqualTo(inPlace.reason());
                assertThat(split.message()).as(id + tail).isEqualTo(inPlace.message());
            } else {
                Transaction a = inPlace.value();
                Transaction b = split.value();
                assertThat(List.of(b.id, b.key, b.ts, b.model)).as(id + tail).isEqualTo(List.of(a.id, a.key, a.ts, a.model));
                assertThat(b.features).as(id + tail).containsExactly(a.features);
            }
        }
        assertThat(rejected).as("both kinds of line were tried").isBetween(300, 2700);
    }

    private static final TransactionParser IN_PLACE =
            new TransactionParser(CsvHeader.parse("id,key,ts,f0,f1", null));
}
