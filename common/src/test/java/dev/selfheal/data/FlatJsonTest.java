package dev.selfheal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The flat-record shortcut is only a shortcut: for every record, valid or mangled, the parser with
 * it answers exactly what Jackson's path alone answers (transaction or dead letter), and it does take
 * the common record.
 */
class FlatJsonTest {
    private static final List<String> FEATURES = List.of("f0", "f1", "V14", "amount");
    private static final ModelAllowList MODELS = ModelAllowList.parse("default,m1");

    private static Map<String, Integer> slots() {
        Map<String, Integer> s = new LinkedHashMap<>();
        List<String> reserved = List.of("id", "key", "ts", "batch", "label", "true_label", "model");
        for (int i = 0; i < reserved.size(); i++) {
            s.put(reserved.get(i), -1 - i);
        }
        for (int i = 0; i < FEATURES.size(); i++) {
            s.put(FEATURES.get(i), i);
        }
        return s;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theCommonRecordIsReadByTheShortcut() {
        FlatJson flat = new FlatJson(FEATURES.size(), slots());
        Transaction t = flat.read(utf8(" {\"id\":\"b12\", \"key\":\"acct-3\",\"ts\":1700000000123,\"batch\":7,"
                + "\"label\":1,\"model\":\"m1\",\"f0\":0.25,\"f1\":-3,\"note\":\"x\",\"V14\":1.5E-3,\"amount\":0}\n"), 0,
                utf8(" {\"id\":\"b12\", \"key\":\"acct-3\",\"ts\":1700000000123,\"batch\":7,"
                + "\"label\":1,\"model\":\"m1\",\"f0\":0.25,\"f1\":-3,\"note\":\"x\",\"V14\":1.5E-3,\"amount\":0}\n").length);
        assertThat(t).isNotNull();
        assertThat(t.id).isEqualTo("b12");
        assertThat(t.key).isEqualTo("acct-3");
        assertThat(t.ts).isEqualTo(1_700_000_000_123L);
        assertThat(t.batch).isEqualTo(7);
        assertThat(t.label).isEqualTo(1);
        assertThat(t.model).isEqualTo("m1");
        assertThat(t.features).containsExactly(0.25f, -3f, 0.0015f, 0f);
    }

    @Test
    void whatTheShortcutCannotVouchForIsLeftToJackson() {
        FlatJson flat = new FlatJson(FEATURES.size(), slots());
        String tail = ",\"f1\":1,\"V14\":1,\"amount\":1}";
        for (String head : List.of("{\"f0\":1,\"f0\":2", "{\"id\":\"a\\u0062\",\"f0\":1", "{\"id\":\"é\",\"f0\":1",
                "{\"f0\":NaN", "{\"f0\":\"1.5\"", "{\"f0\":01", "{\"f0\":1.", "{\"f0\":1e99", "{\"ts\":-1,\"f0\":1",
                "{\"ts\":1.5,\"f0\":1", "{\"label\":2,\"f0\":1", "{\"label\":null,\"f0\":1", "{\"x\":[1],\"f0\":1",
                "{\"id\":\" \",\"f0\":1", "{\"ts\":1234567890123456789,\"f0\":1", "{\"f0\":1 2")) {
            byte[] b = utf8(head + tail);
            assertThat(flat.read(b, 0, b.length)).as(head).isNull();
        }
        byte[] missing = utf8("{\"f0\":1,\"f1\":1,\"V14\":1}");
        assertThat(flat.read(missing, 0, missing.length)).isNull();
        byte[] after = utf8("{\"f0\":1" + tail + " x");
        assertThat(flat.read(after, 0, after.length)).isNull();
    }

    @Test
    void withTheShortcutEveryRecordReadsAsJacksonReadsIt() {
        Random rnd = new Random(20261206);
        JsonTransactionParser withShortcut = new JsonTransactionParser(FEATURES, MODELS);
        JsonTransactionParser jackson = JsonTransactionParser.withoutShortcut(FEATURES, MODELS);
        int accepted = 0;
        for (int n = 1; n <= 20_000; n++) {
            String record = record(rnd);
            if (rnd.nextInt(3) == 0) {
                record = mangle(record, rnd);
            }
            byte[] b = utf8(record);
            ParseResult<Transaction> a = withShortcut.parse(b, n);
            ParseResult<Transaction> e = jackson.parse(b, n);
            assertThat(a.ok()).as(record).isEqualTo(e.ok());
            if (e.ok()) {
                accepted++;
                Transaction x = a.value();
                Transaction y = e.value();
                assertThat(List.of(x.id, x.key, x.ts, x.batch, x.label, x.trueLabel, x.model)).as(record)
                        .isEqualTo(List.of(y.id, y.key, y.ts, y.batch, y.label, y.trueLabel, y.model));
                assertThat(x.features).as(record).containsExactly(y.features);
            } else {
                assertThat(a.reason()).as(record).isEqualTo(e.reason());
                assertThat(a.message()).as(record).isEqualTo(e.message());
                assertThat(a.raw()).as(record).isEqualTo(e.raw());
            }
        }
        assertThat(accepted).as("a good share of the records are valid").isGreaterThan(5_000);
    }

    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "0.5", "1e3", "1E-7", "-2.5e+2", "123456789",
        "3.4028235e38", "1e31", "-1e30", "0.1", "7.000001", "1.17549435E-38", "1e-46", "12345678901234567890"};

    private static String number(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> NUMBERS[rnd.nextInt(NUMBERS.length)];
            case 1 -> Float.toString((float) rnd.nextGaussian() * 100);
            case 2 -> Integer.toString(rnd.nextInt(2_000_000) - 1_000_000);
            default -> String.format(java.util.Locale.ROOT, "%.9f", rnd.nextDouble() * 1e4);
        };
    }

    private static String value(String key, Random rnd) {
        int odd = rnd.nextInt(40);
        if (odd == 0) {
            return "null";
        }
        if (odd == 1) {
            return "\"" + number(rnd) + "\"";
        }
        return switch (key) {
            case "id", "key", "model" -> odd == 2 ? Long.toString(rnd.nextInt(1000))
                    : "\"" + (key.equals("model") ? (rnd.nextBoolean() ? "m1" : "default") : "x" + rnd.nextInt(1000)) + "\"";
            case "ts" -> odd == 2 ? "-5" : Long.toString(1_700_000_000_000L + rnd.nextInt(1_000_000));
            case "batch" -> odd == 2 ? "3000000000" : Integer.toString(rnd.nextInt(50));
            case "label", "true_label" -> Integer.toString(rnd.nextInt(odd == 2 ? 3 : 2));
            case "note" -> switch (rnd.nextInt(5)) {
                case 0 -> "true";
                case 1 -> "\"free text\"";
                case 2 -> "{\"a\":[1,2]}";
                case 3 -> "false";
                default -> number(rnd);
            };
            default -> number(rnd);
        };
    }

    private static String record(Random rnd) {
        List<String> keys = new ArrayList<>(FEATURES);
        for (String k : List.of("id", "key", "ts", "batch", "label", "true_label", "model", "note")) {
            if (rnd.nextInt(3) > 0) {
                keys.add(k);
            }
        }
        if (rnd.nextInt(4) == 0) {
            Collections.shuffle(keys, rnd);
        }
        StringBuilder b = new StringBuilder(rnd.nextInt(8) == 0 ? " {" : "{");
        for (int i = 0; i < keys.size(); i++) {
            String sep = rnd.nextInt(10) == 0 ? " " : "";
            b.append(i == 0 ? "" : "," + sep).append('"').append(keys.get(i)).append('"').append(sep).append(':')
                    .append(sep).append(value(keys.get(i), rnd));
        }
        return b.append(rnd.nextInt(8) == 0 ? "}\n" : "}").toString();
    }

    private static final String[] INSERTS = {"\"", "\\", ",", "{", "}", "[", "0", "-", "e", ".", " ", "x", "é", ":",
        "\\u0041", "\"f0\":1,", "\t"};

    private static String mangle(String r, Random rnd) {
        int at = rnd.nextInt(r.length() + 1);
        return switch (rnd.nextInt(3)) {
            case 0 -> r.substring(0, at) + INSERTS[rnd.nextInt(INSERTS.length)] + r.substring(at);
            case 1 -> at < r.length() ? r.substring(0, at) + r.substring(at + 1) : r.substring(0, r.length() - 1);
            default -> r.substring(0, at);
        };
    }
}
