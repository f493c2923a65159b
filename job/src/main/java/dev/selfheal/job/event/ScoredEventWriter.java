package dev.selfheal.job.event;

import dev.selfheal.data.FloatText;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Writes a scored event as UTF-8 bytes, the same bytes as {@link ScoredEvent#toJson()} or
 * {@link ScoredEvent#toCsv()} encoded, straight into a buffer it keeps: no text is built and then
 * encoded again per event (on the Kafka path that was a tenth of the job's CPU). Not thread-safe:
 * one per task.
 */
public final class ScoredEventWriter {
    private static final byte[] NULL = ascii("null");
    private static final byte[] ID = ascii("{\"id\":");
    private static final byte[] KEY = ascii(",\"key\":");
    private static final byte[] MODEL = ascii(",\"model\":");
    private static final byte[] TS = ascii(",\"ts\":");
    private static final byte[] BATCH = ascii(",\"batch\":");
    private static final byte[] P = ascii(",\"p\":");
    private static final byte[] DECISION = ascii(",\"decision\":");
    private static final byte[] P_SHADOW = ascii(",\"p_shadow\":");
    private static final byte[] MODEL_VERSION = ascii(",\"model_version\":");
    private static final byte[] RULE_FLAGS = ascii(",\"rule_flags\":");
    private static final byte[] SUBTASK = ascii(",\"subtask\":");
    private static final byte[] HEX = ascii("0123456789abcdef");

    private byte[] buf = new byte[256];
    private int len;

    /** Replaces the buffer's content with {@code e} as {@link ScoredEvent#toJson()} writes it. */
    public ScoredEventWriter json(ScoredEvent e) {
        len = 0;
        put(ID).jsonString(e.id).put(KEY).jsonString(e.key).put(MODEL).jsonString(e.model)
                .put(TS).number(e.ts).put(BATCH).number(e.batch)
                .put(P).number(e.p).put(DECISION).number(e.decision ? 1 : 0).put(P_SHADOW).number(e.pShadow)
                .put(MODEL_VERSION).number(e.modelVersion).put(RULE_FLAGS).number(e.ruleFlags)
                .put(SUBTASK).number(e.subtask).put('}');
        return this;
    }

    /** Replaces the buffer's content with {@code e} as {@link ScoredEvent#toCsv()} writes it. */
    public ScoredEventWriter csv(ScoredEvent e) {
        len = 0;
        csvField(e.id).put(',').csvField(e.key).put(',').csvField(e.model)
                .put(',').number(e.ts).put(',').number(e.batch).put(',').number(e.p)
                .put(',').number(e.decision ? 1 : 0).put(',').number(e.pShadow)
                .put(',').number(e.modelVersion).put(',').number(e.ruleFlags).put(',').number(e.subtask);
        return this;
    }

    /** The event written last, as a record of its own (the buffer is reused by the next event). */
    public byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    public int length() {
        return len;
    }

    private ScoredEventWriter jsonString(String s) {
        if (s == null) {
            return put(NULL);
        }
        // At most six bytes per char (a \\u escape), plus the quotes.
        ensure(6 * s.length() + 2);
        buf[len++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> escape('"');
                case '\\' -> escape('\\');
                case '\n' -> escape('n');
                case '\r' -> escape('r');
                case '\t' -> escape('t');
                default -> {
                    if (c < 0x20) {
                        escape('u');
                        buf[len++] = '0';
                        buf[len++] = '0';
                        buf[len++] = HEX[c >> 4];
                        buf[len++] = HEX[c & 0xf];
                    } else {
                        i = utf8(s, i);
                    }
                }
            }
        }
        buf[len++] = '"';
        return this;
    }

    private void escape(char c) {
        buf[len++] = '\\';
        buf[len++] = (byte) c;
    }

    private ScoredEventWriter csvField(String s) {
        if (s == null) {
            return this;
        }
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        // At most three bytes per char, or two for a doubled quote; plus the enclosing quotes.
        ensure(3 * s.length() + 2);
        if (quote) {
            buf[len++] = '"';
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && quote) {
                buf[len++] = '"';
            }
            i = utf8(s, i);
        }
        if (quote) {
            buf[len++] = '"';
        }
        return this;
    }

    /**
     * Encodes the char at {@code i} (with the next one when they form a surrogate pair) as
     * {@link String#getBytes} with UTF-8 does, a lone surrogate as '?'; the index of the last char used.
     */
    private int utf8(String s, int i) {
        char c = s.charAt(i);
        if (c < 0x80) {
            buf[len++] = (byte) c;
        } else if (c < 0x800) {
            buf[len++] = (byte) (0xc0 | c >> 6);
            buf[len++] = (byte) (0x80 | c & 0x3f);
        } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                buf[len++] = (byte) (0xf0 | cp >> 18);
                buf[len++] = (byte) (0x80 | cp >> 12 & 0x3f);
                buf[len++] = (byte) (0x80 | cp >> 6 & 0x3f);
                buf[len++] = (byte) (0x80 | cp & 0x3f);
                return i + 1;
            }
            buf[len++] = '?';
        } else {
            buf[len++] = (byte) (0xe0 | c >> 12);
            buf[len++] = (byte) (0x80 | c >> 6 & 0x3f);
            buf[len++] = (byte) (0x80 | c & 0x3f);
        }
        return i;
    }

    private ScoredEventWriter number(long v) {
        ensure(20);
        if (v == Long.MIN_VALUE) {
            return put(ascii(Long.toString(v)));
        }
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += digits;
        return this;
    }

    private ScoredEventWriter number(float v) {
        ensure(FloatText.MAX_LENGTH);
        len = FloatText.write(v, buf, len);
        return this;
    }

    private ScoredEventWriter put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    private ScoredEventWriter put(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(2 * buf.length, len + more));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
