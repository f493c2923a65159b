package dev.selfheal.data;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Property-based checks of the input parsers: whatever the line, a parser answers with a
 * value, a skip or a dead letter with a reason, and never throws; valid rows survive a round trip.
 */
class ParserPropertiesITCase {
    private static final TransactionParser FULL =
            new TransactionParser(CsvHeader.parse("id,key,ts,batch,label,model,f0,f1,f2", null));
    private static final LabelParser LABELS = new LabelParser();
    private static final LabelParser SERVED_LABELS = new LabelParser(ModelAllowList.parse("fraud-eu,fraud-us"));

    /** Printable text, CSV punctuation, control characters, lone surrogates, and very long lines. */
    @Provide
    Arbitrary<String> anyLine() {
        Arbitrary<String> csvish = Arbitraries.strings().withChars("0123456789.,-+eE\"\r\t abcNIfnaty")
                .ofMaxLength(200);
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(200);
        // Over-long lines are built, not generated character by character (too slow at a megabyte).
        Arbitrary<String> huge = Arbitraries.integers().between(1, 10).map(n -> "1,".repeat(n << 19));
        return Arbitraries.<String>frequencyOf(Tuple2s.of(10, csvish), Tuple2s.of(10, unicode), Tuple2s.of(1, huge),
                Tuple2s.of(1, Arbitraries.of("", " ", "\r", ",,,,,,,,", "\"", "NaN,1,2", "id,label")));
    }

    /** Bytes that are not valid UTF-8 become U+FFFD when a source decodes them; the parsers must cope. */
    @Provide
    Arbitrary<String> badlyDecoded() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(100)
                .map(b -> new String(b, StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void transactionParserNeverThrows(@ForAll("anyLine") String line, @ForAll @IntRange(min = 1) int lineNo) {
        ParseResult<Transaction> r = FULL.parse(line, lineNo);
        assertThat(r.ok() || r.rejected()).isTrue();
        if (r.rejected()) {
            assertThat(r.reason()).isNotNull();
            assertThat(r.message()).isNotBlank();
            assertThat(r.raw().length()).isLessThanOrEqualTo(TransactionParser.DEFAULT_MAX_LINE_CHARS);
        }
    }

    @Property(tries = 300)
    void transactionParserCopesWithBadEncoding(@ForAll("badlyDecoded") String line) {
        ParseResult<Transaction> r = FULL.parse(line, 2);
        assertThat(r.ok() || r.rejected()).isTrue();
    }

    @Property(tries = 500)
    void labelParserNeverThrows(@ForAll("anyLine") String line, @ForAll @IntRange(min = 1) int lineNo) {
        for (LabelParser p : List.of(LABELS, SERVED_LABELS)) {
            ParseResult<LabelEvent> r = p.parse(line, lineNo);
            assertThat(r.ok() || r.rejected() || r.skipped()).isTrue();
            if (r.rejected()) {
                assertThat(r.message()).isNotBlank();
                assertThat(r.raw().length()).isLessThanOrEqualTo(TransactionParser.DEFAULT_MAX_LINE_CHARS);
            }
            if (r.ok() && p == SERVED_LABELS) {
                assertThat(r.value().model()).isIn("fraud-eu", "fraud-us");
            }
        }
    }

    @Property(tries = 300)
    void labelParserCopesWithBadEncoding(@ForAll("badlyDecoded") String line) {
        ParseResult<LabelEvent> r = LABELS.parse(line, 2);
        assertThat(r.ok() || r.rejected() || r.skipped()).isTrue();
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_').ofMinLength(1).ofMaxLength(30);
    }

    @Provide
    Arbitrary<Float> features() {
        return Arbitraries.floats().between(-1e6f, 1e6f);
    }

    @Property(tries = 300)
    void validTransactionsRoundTrip(@ForAll("ids") String id, @ForAll("ids") String key,
                                    @ForAll @IntRange(min = 0) int tsSeconds, @ForAll @IntRange(min = 0) int batch,
                                    @ForAll @IntRange(min = 0, max = 1) int label, @ForAll("ids") String model,
                                    @ForAll("features") float a, @ForAll("features") float b,
                                    @ForAll("features") float c) {
        long ts = tsSeconds * 1000L;
        // Float.toString gives the shortest decimal that reads back as the same float.
        String line = String.join(",", id, key, Long.toString(ts), Integer.toString(batch), Integer.toString(label),
                model, Float.toString(a), Float.toString(b), Float.toString(c)).toLowerCase(Locale.ROOT);
        ParseResult<Transaction> r = FULL.parse(line, 2);
        assertThat(r.ok()).as("%s", r).isTrue();
        Transaction t = r.value();
        assertThat(List.of(t.id, t.key, t.model)).containsExactly(id, key, model);
        assertThat(t.ts).isEqualTo(ts);
        assertThat(t.batch).isEqualTo(batch);
        assertThat(t.label).isEqualTo(label);
        assertThat(Arrays.equals(t.features, new float[] {a, b, c})).as(line).isTrue();
    }

    @Property(tries = 300)
    void validLabelsRoundTrip(@ForAll("ids") String id, @ForAll @IntRange(min = 0, max = 1) int label,
                              @ForAll @IntRange(min = 0) int ts, @ForAll @IntRange(min = 2) int lineNo) {
        ParseResult<LabelEvent> r = LABELS.parse(id + "," + label + "," + ts, lineNo);
        assertThat(r.ok()).as("%s", r).isTrue();
        assertThat(r.value().id()).isEqualTo(id);
        assertThat(r.value().label()).isEqualTo(label);
        assertThat(r.value().ts()).isEqualTo(ts);
    }

    @Property(tries = 300)
    void labelsWithAModelRoundTrip(@ForAll("ids") String id, @ForAll @IntRange(min = 0, max = 1) int label,
                                   @ForAll @IntRange(min = 0) int ts, @ForAll("ids") String model,
                                   @ForAll @IntRange(min = 2) int lineNo) {
        ParseResult<LabelEvent> r = LABELS.parse(id + "," + label + "," + ts + "," + model, lineNo);
        assertThat(r.ok()).as("%s", r).isTrue();
        assertThat(r.value()).isEqualTo(new LabelEvent(id, label, ts, model));
    }

    /**
     * The model a label goes to: its own column, else the one served model, else "default"; and a
     * label for a model outside the list is an unknown_model dead letter, never passed on.
     */
    @Property(tries = 400)
    void labelsReachOnlyServedModelsAndUnmarkedOnesTheOnlyServedModelOrDefault(
            @ForAll("ids") String model, @ForAll("ids") String served, @ForAll boolean marked,
            @ForAll boolean oneModel) {
        ModelAllowList list = ModelAllowList.parse(oneModel ? served : served + ",fraud-eu");
        String line = "a,1,5" + (marked ? "," + model : "");
        ParseResult<LabelEvent> r = new LabelParser(list).parse(line, 2);
        String expected = marked ? model : oneModel ? served : Transaction.DEFAULT_MODEL;
        boolean servedModel = expected.equals(served) || (!oneModel && expected.equals("fraud-eu"));
        if (servedModel) {
            assertThat(r.ok()).as("%s", r).isTrue();
            assertThat(r.value().model()).isEqualTo(expected);
        } else {
            assertThat(r.reason()).as("%s", r).isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
            assertThat(r.raw()).isEqualTo(line);
        }
    }

    @Property(tries = 200)
    void labelsOtherThanZeroOrOneAreRejected(@ForAll("ids") String id, @ForAll int label) {
        ParseResult<LabelEvent> r = LABELS.parse(id + "," + label + ",5", 2);
        if (label == 0 || label == 1) {
            assertThat(r.ok()).isTrue();
        } else {
            assertThat(r.rejected()).isTrue();
            assertThat(r.reason()).isEqualTo(DeadLetterReason.BAD_LABEL);
        }
    }

    @Property(tries = 300)
    void onlyServedModelsPassAndTheRestAreUnknownModelDeadLetters(@ForAll("ids") String model,
                                                                  @ForAll("ids") String served) {
        TransactionParser p = new TransactionParser(CsvHeader.parse("id,key,ts,batch,label,model,f0,f1,f2", null),
                ModelAllowList.parse(served + ",fraud-eu"));
        ParseResult<Transaction> r = p.parse("a,k,1,1,0," + model + ",1,2,3", 2);
        if (model.equals(served) || model.equals("fraud-eu")) {
            assertThat(r.ok()).as("%s", r).isTrue();
            assertThat(r.value().model).isEqualTo(model);
        } else {
            assertThat(r.reason()).isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
            assertThat(r.raw()).isEqualTo("a,k,1,1,0," + model + ",1,2,3");
        }
    }

    /** A 10 MB line, in the transaction and the label stream: one dead letter each, cut short. */
    @net.jqwik.api.Example
    void aTenMegabyteLineIsOneShortDeadLetter() {
        String line = "7,".repeat(5 << 20);
        ParseResult<Transaction> t = FULL.parse(line, 9);
        assertThat(t.reason()).isEqualTo(DeadLetterReason.LINE_TOO_LONG);
        assertThat(t.raw().length()).isLessThan(2000);
        assertThat(LABELS.parse(line, 9).reason()).isEqualTo(DeadLetterReason.LINE_TOO_LONG);
    }

    /** jqwik's Tuple, under a short local name. */
    private static final class Tuple2s {
        static <T> net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends T>> of(int weight, Arbitrary<T> a) {
            return net.jqwik.api.Tuple.of(weight, a);
        }
    }
}
