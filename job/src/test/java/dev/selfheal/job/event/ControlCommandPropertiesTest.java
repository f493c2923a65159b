package dev.selfheal.job.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.job.io.ParseControlAccess;
import dev.selfheal.job.security.ControlAuth;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import java.nio.charset.StandardCharsets;

/** Any control line gives a command or a refusal with a reason; valid commands round-trip. */
class ControlCommandPropertiesTest {
    private static final long NOW = 1_700_000_000_000L;

    @Provide
    Arbitrary<String> anyLine() {
        Arbitrary<String> jsonish = Arbitraries.strings().withChars("{}[]\":,0123456789.-eE truefalsnl cmdrollbackversion")
                .ofMaxLength(120);
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(120);
        Arbitrary<String> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(80)
                .map(b -> new String(b, StandardCharsets.UTF_8));
        Arbitrary<String> near = Arbitraries.of("rollback", "freeze", "resume", "approve", "reject", "thresholds", "x", "")
                .flatMap(cmd -> Arbitraries.of("1", "-1", "0", "1.5", "\"3\"", "null", "9223372036854775808", "[]")
                        .map(v -> "{\"cmd\":\"" + cmd + "\",\"version\":" + v + "}"));
        Arbitrary<String> huge = Arbitraries.integers().between(1, 3).map(n -> "{\"cmd\":\"" + "x".repeat(n << 16) + "\"}");
        return Arbitraries.oneOf(jsonish, unicode, bytes, near, huge);
    }

    @Property(tries = 800)
    void parseNeverThrowsAndAlwaysSaysWhy(@ForAll("anyLine") String line) {
        ControlCommand c = ControlCommand.parse(line, NOW);
        if (c.error == null) {
            assertThat(ControlCommand.COMMANDS).contains(c.cmd);
        } else {
            assertThat(c.error).isNotBlank();
        }
        assertThat(c.raw.length()).isLessThanOrEqualTo(4097);
    }

    @Property(tries = 300)
    void withHmacEveryArbitraryLineIsRefused(@ForAll("anyLine") String line) {
        ParseControlAccess p = new ParseControlAccess(ControlAuth.hmac("0123456789abcdef", 300_000));
        assertThat(p.parse(line, NOW).error).isNotNull();
    }

    @Property(tries = 200)
    void validCommandsRoundTrip(@ForAll @LongRange(min = 1) long version,
                                @ForAll("cmds") String cmd, @ForAll("models") String model) {
        ControlCommand c = ControlCommand.parse("{\"cmd\":\"" + cmd + "\",\"model\":\"" + model + "\",\"version\":"
                + version + "}", NOW);
        assertThat(c.error).isNull();
        assertThat(c.cmd).isEqualTo(cmd);
        assertThat(c.model).isEqualTo(model);
        assertThat(c.version).isEqualTo(version);
    }

    @Property(tries = 100)
    void signedCommandsAreAcceptedOnce(@ForAll @LongRange(min = 1) long version, @ForAll("cmds") String cmd) throws Exception {
        ControlAuth auth = ControlAuth.hmac("0123456789abcdef", 300_000);
        ParseControlAccess p = new ParseControlAccess(auth);
        String signed = auth.sign(Json.MAPPER.readTree("{\"cmd\":\"" + cmd + "\",\"version\":" + version + "}"), NOW);
        ControlCommand c = p.parse(signed, NOW + 1);
        assertThat(c.error).isNull();
        assertThat(c.version).isEqualTo(version);
        assertThat(p.parse(signed, NOW + 2).error).startsWith("replay");
    }

    @Provide
    Arbitrary<String> cmds() {
        return Arbitraries.of("rollback", "approve", "reject");
    }

    @Provide
    Arbitrary<String> models() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20);
    }
}
