package dev.selfheal.job.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.RecordFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bytes {@link ScoredEventWriter} writes are, event for event, the UTF-8 encoding of the text
 * {@link ScoredEvent#toJson()} and {@link ScoredEvent#toCsv()} build: the output contract does not
 * move when the job skips the String.
 */
class ScoredEventWriterTest {
    private static final String[] TEXTS = {
        "", "tx-1", "acct-007", "default", "a,b", "say \"hi\"", "back\\slash", "tab\there", "nl\nx", "cr\rx",
        "bell\u0007", "\u0000", "\u001f", "\u007f", "é", "ß€", "模型-3", "emoji \uD83D\uDE00", "lone \uD800 high",
        "lone \uDC00 low", "end \uD83D", "\"", ",", "\u0080", "\u07ff", "\u0800", "\uffff"};
    private static final float[] FLOATS = {
        0f, -0f, 1f, -1f, 0.5f, 1e-7f, 1e-3f, 1e7f, 9_999_999f, 1.0E-45f, Float.MIN_NORMAL, Float.MAX_VALUE,
        -Float.MAX_VALUE, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.123456789f, 0.1f, 0.3f};
    private static final long[] LONGS = {
        0, 1, -1, 9, 10, 99, 100, 1_700_000_000_123L, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE,
        Integer.MIN_VALUE, -1_000_000_000_000L};

    @Test
    void jsonAndCsvBytesEqualTheTextEncodedOverManyEvents() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        ScoredEventWriter w = new ScoredEventWriter();
        for (int n = 0; n < 50_000; n++) {
            ScoredEvent e = event(r);
            assertThat(w.json(e).toBytes()).as("json %s", e.toJson()).isEqualTo(e.toJson().getBytes(StandardCharsets.UTF_8));
            assertThat(w.csv(e).toBytes()).as("csv %s", e.toCsv()).isEqualTo(e.toCsv().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aLongEventGrowsTheBufferAndTheNextShortOneIsNotPaddedWithIt() throws Exception {
        ScoredEventWriter w = new ScoredEventWriter();
        ScoredEvent big = event(new SplittableRandom(1));
        big.id = "\u0001€".repeat(5_000);
        assertThat(w.json(big).toBytes()).isEqualTo(big.toJson().getBytes(StandardCharsets.UTF_8));
        ScoredEvent small = event(new SplittableRandom(2));
        small.id = "a";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.csv(small).writeTo(out);
        assertThat(out.toByteArray()).isEqualTo(small.toCsv().getBytes(StandardCharsets.UTF_8)).hasSize(w.length());
    }

    @Test
    void theMapFunctionWritesTheFormatAskedFor() throws Exception {
        ScoredEvent e = event(new SplittableRandom(3));
        assertThat(new ScoredEventLines(RecordFormat.JSON).map(e)).isEqualTo(e.toJson().getBytes(StandardCharsets.UTF_8));
        assertThat(new ScoredEventLines(RecordFormat.CSV).map(e)).isEqualTo(e.toCsv().getBytes(StandardCharsets.UTF_8));
    }

    /** Fields drawn from the edge cases above or at random, nulls included for the strings. */
    private static ScoredEvent event(SplittableRandom r) {
        ScoredEvent e = new ScoredEvent();
        e.id = text(r);
        e.key = text(r);
        e.model = text(r);
        e.ts = r.nextBoolean() ? LONGS[r.nextInt(LONGS.length)] : r.nextLong();
        e.batch = r.nextBoolean() ? (int) LONGS[r.nextInt(LONGS.length)] : r.nextInt();
        e.p = number(r);
        e.decision = r.nextBoolean();
        e.pShadow = number(r);
        e.modelVersion = r.nextBoolean() ? LONGS[r.nextInt(LONGS.length)] : r.nextLong(0, 1_000_000);
        e.ruleFlags = r.nextInt(-2, 1 << 20);
        e.subtask = r.nextInt(0, 512);
        return e;
    }

    private static float number(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> FLOATS[r.nextInt(FLOATS.length)];
            case 1 -> (float) r.nextDouble();
            default -> Float.intBitsToFloat(r.nextInt());
        };
    }

    private static String text(SplittableRandom r) {
        int kind = r.nextInt(10);
        if (kind == 0) {
            return null;
        }
        if (kind < 5) {
            return TEXTS[r.nextInt(TEXTS.length)];
        }
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(0, 24); i > 0; i--) {
            // Mostly ASCII, some of every UTF-8 width, surrogates paired or not.
            b.append((char) (r.nextInt(4) == 0 ? r.nextInt(0, 0x10000) : r.nextInt(0, 0x80)));
        }
        return b.toString();
    }
}
