package dev.selfheal.job.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.job.config.ControlSettings;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.event.ControlCommand;
import dev.selfheal.job.event.Json;
import dev.selfheal.job.io.ParseControlAccess;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

class ControlAuthTest {
    private static final String SECRET = "correct horse battery staple";
    private static final long NOW = 1_700_000_000_000L;
    private static final long WINDOW = 300_000;
    private final ControlAuth auth = ControlAuth.hmac(SECRET, WINDOW);

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void aSignedCommandVerifies() throws Exception {
        String signed = auth.sign(json("{\"cmd\":\"rollback\",\"model\":\"default\",\"version\":3}"), NOW);
        assertThat(auth.verify(json(signed), NOW)).isNull();
        assertThat(auth.verify(json(signed), NOW + WINDOW)).isNull();
    }

    /** The documented form, computed independently of ControlAuth: hex HMAC of the sorted compact JSON. */
    @Test
    void signatureIsHmacOfTheSortedCompactCommandWithoutSig() throws Exception {
        String canonical = "{\"cmd\":\"freeze\",\"nonce\":\"abcdef0123456789\",\"ts\":" + NOW + "}";
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = HexFormat.of().formatHex(m.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        // Keys in another order and with spaces: the canonical form is the same.
        String line = "{ \"ts\": " + NOW + ", \"sig\": \"" + sig + "\", \"nonce\": \"abcdef0123456789\", \"cmd\": \"freeze\" }";
        assertThat(auth.verify(json(line), NOW)).isNull();
    }

    @Test
    void unsignedTamperedWrongKeyAndStaleAreRefused() throws Exception {
        assertThat(auth.verify(json("{\"cmd\":\"freeze\"}"), NOW)).startsWith("unauthenticated: no 'sig'");
        ObjectNode signed = (ObjectNode) json(auth.sign(json("{\"cmd\":\"rollback\",\"version\":3}"), NOW));
        ObjectNode tampered = signed.deepCopy().put("version", 2);
        assertThat(auth.verify(tampered, NOW)).isEqualTo("unauthenticated: bad signature");
        ObjectNode retimed = signed.deepCopy().put("ts", NOW + 1);
        assertThat(auth.verify(retimed, NOW)).isEqualTo("unauthenticated: bad signature");
        String other = ControlAuth.hmac("another secret of 16+ chars", WINDOW).sign(json("{\"cmd\":\"freeze\"}"), NOW);
        assertThat(auth.verify(json(other), NOW)).isEqualTo("unauthenticated: bad signature");
        assertThat(auth.verify(signed, NOW + WINDOW + 1)).startsWith("replay: 'ts'");
        assertThat(auth.verify(signed, NOW - WINDOW - 1)).startsWith("replay: 'ts'");
        assertThat(auth.verify(signed.deepCopy().put("sig", "zz"), NOW)).isEqualTo("unauthenticated: 'sig' is not hex");
        assertThat(auth.verify(signed.deepCopy().put("nonce", "x"), NOW)).startsWith("unauthenticated: 'nonce'");
        assertThat(auth.verify(signed.deepCopy().put("ts", "soon"), NOW)).startsWith("unauthenticated: 'ts'");
    }

    @Test
    void aNonceIsAcceptedOnceWithinTheWindowAndTheSetIsBounded() {
        NonceWindow w = new NonceWindow(WINDOW, 3);
        assertThat(w.admit("n1", NOW)).isNull();
        assertThat(w.admit("n1", NOW + WINDOW)).startsWith("replay: nonce");
        assertThat(w.admit("n2", NOW)).isNull();
        assertThat(w.admit("n3", NOW)).isNull();
        assertThat(w.admit("n4", NOW)).startsWith("refused: more than 3");
        // Forgotten only once no timestamp that could carry it is acceptable any more.
        assertThat(w.admit("n4", NOW + 2 * WINDOW + 1)).isNull();
        assertThat(w.size()).isEqualTo(1);
    }

    @Test
    void parseControlRefusesReplaysAndLeavesAuthFieldsOutOfThresholds() throws Exception {
        ParseControlAccess p = new ParseControlAccess(auth);
        String signed = auth.sign(json("{\"cmd\":\"thresholds\",\"validate.tolerance\":0.05}"), NOW);
        ControlCommand first = p.parse(signed, NOW + 10);
        assertThat(first.error).isNull();
        assertThat(Json.read(first.paramsJson)).hasToString("{\"validate.tolerance\":0.05}");
        assertThat(p.parse(signed, NOW + 20).error).isEqualTo("replay: nonce already used within the window");
        ControlCommand unsigned = p.parse("{\"cmd\":\"freeze\"}", NOW);
        assertThat(unsigned.error).startsWith("unauthenticated");
        assertThat(p.parse("not json", NOW).error).startsWith("unauthenticated");
        // A nonce survives a restart through operator state.
        ParseControlAccess restored = p.restart();
        assertThat(restored.parse(signed, NOW + 30).error).startsWith("replay: nonce");
    }

    @Test
    void withoutASecretUnsignedCommandsWorkAsBefore() {
        ParseControlAccess p = new ParseControlAccess(ControlAuths.from(JobConfig.defaults(), Map.of()));
        assertThat(p.parse("{\"cmd\":\"freeze\"}", NOW).error).isNull();
    }

    @Test
    void configurationChoosesTheMode() {
        assertThat(ControlAuths.from(JobConfig.defaults(), Map.of("SELFHEAL_CONTROL_SECRET", SECRET)).enabled()).isTrue();
        assertThat(ControlAuths.from(JobConfig.defaults().with(ControlSettings.SECRET, SECRET), Map.of()).enabled())
                .isTrue();
        assertThat(ControlAuths.from(JobConfig.defaults().with(ControlSettings.AUTH, "none"),
                Map.of("SELFHEAL_CONTROL_SECRET", SECRET)).enabled()).isFalse();
        assertThatThrownBy(() -> ControlAuths.from(JobConfig.defaults().with(ControlSettings.AUTH, "hmac"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no secret");
        assertThatThrownBy(() -> ControlAuth.hmac("short", WINDOW)).hasMessageContaining("at least 16");
    }
}
