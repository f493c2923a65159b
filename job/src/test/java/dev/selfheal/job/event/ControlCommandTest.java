package dev.selfheal.job.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControlCommandTest {
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void parsesRollbackWithModelAndVersion() {
        ControlCommand c = ControlCommand.parse("{\"cmd\":\"rollback\",\"model\":\"default\",\"version\":12}", NOW);

        assertThat(c.error).isNull();
        assertThat(c.cmd).isEqualTo("rollback");
        assertThat(c.model).isEqualTo("default");
        assertThat(c.version).isEqualTo(12);
        assertThat(c.receivedAtMs).isEqualTo(NOW);
    }

    @Test
    void parsesFreezeForEveryModel() {
        ControlCommand c = ControlCommand.parse("{\"cmd\":\"freeze\"}", NOW);

        assertThat(c.error).isNull();
        assertThat(c.cmd).isEqualTo("freeze");
        assertThat(c.model).isNull();
        assertThat(c.appliesTo("default")).isTrue();
        assertThat(c.appliesTo("other")).isTrue();
    }

    @Test
    void parsesResume() {
        ControlCommand c = ControlCommand.parse("{\"cmd\":\"resume\"}", NOW);

        assertThat(c.error).isNull();
        assertThat(c.cmd).isEqualTo("resume");
    }

    @Test
    void parsesApproveWithVersion() {
        ControlCommand c = ControlCommand.parse("{\"cmd\":\"approve\",\"version\":4}", NOW);

        assertThat(c.error).isNull();
        assertThat(c.cmd).isEqualTo("approve");
        assertThat(c.version).isEqualTo(4);
    }

    @Test
    void parsesRejectWithVersion() {
        ControlCommand c = ControlCommand.parse("{\"cmd\":\"reject\",\"version\":5}", NOW);

        assertThat(c.error).isNull();
        assertThat(c.cmd).isEqualTo("reject");
        assertThat(c.version).isEqualTo(5);
    }

    @Test
    void aCommandNamingAModelAppliesOnlyToThatModel() {
        ControlCommand c = ControlCommand.parse("{\"cmd\":\"freeze\",\"model\":\"a\"}", NOW);

        assertThat(c.appliesTo("a")).isTrue();
        assertThat(c.appliesTo("b")).isFalse();
    }

    @Test
    void thresholdsCapturesEveryKeyButCmdAndModel() {
        ControlCommand c = ControlCommand.parse(
                "{\"cmd\":\"thresholds\",\"model\":\"default\",\"fidi.threshold\":2.5,\"conflict.min\":7,"
                        + "\"heal.approval\":\"manual\"}", NOW);

        assertThat(c.error).isNull();
        assertThat(c.cmd).isEqualTo("thresholds");
        assertThat(c.model).isEqualTo("default");
        JsonNode params = Json.read(c.paramsJson);
        assertThat(params.size()).isEqualTo(3);
        assertThat(params.get("fidi.threshold").asDouble()).isEqualTo(2.5);
        assertThat(params.get("conflict.min").asInt()).isEqualTo(7);
        assertThat(params.get("heal.approval").asText()).isEqualTo("manual");
        assertThat(params.has("cmd")).isFalse();
        assertThat(params.has("model")).isFalse();
    }

    @Test
    void thresholdsWithNoKeysHasAnEmptyParameterObject() {
        ControlCommand c = ControlCommand.parse("{\"cmd\":\"thresholds\"}", NOW);

        assertThat(c.error).isNull();
        assertThat(Json.read(c.paramsJson).size()).isZero();
    }

    @Test
    void keepsTheRawLine() {
        String line = "{\"cmd\":\"freeze\"}";

        assertThat(ControlCommand.parse(line, NOW).raw).isEqualTo(line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"cmd\":\"freeze\"", "not json", "{cmd: freeze}", "{\"cmd\":\"freeze\",}"})
    void malformedJsonIsAnErrorNotAnException(String line) {
        ControlCommand c = parseSafely(line);

        assertThat(c.error).isEqualTo("malformed JSON");
        assertThat(c.raw).isEqualTo(line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"freeze\"]", "\"freeze\"", "42", "null", "true"})
    void aJsonValueThatIsNotAnObjectIsAnError(String line) {
        assertThat(parseSafely(line).error).contains("JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void anEmptyLineIsAnError(String line) {
        assertThat(parseSafely(line).error).isEqualTo("empty command");
    }

    @Test
    void aNullLineIsAnError() {
        ControlCommand c = parseSafely(null);

        assertThat(c.error).isEqualTo("empty command");
        assertThat(c.raw).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"cmd\":\"explode\"}", "{\"cmd\":\"FREEZE\"}", "{\"model\":\"default\"}",
            "{\"cmd\":null}", "{\"cmd\":7}", "{\"cmd\":{\"x\":1}}"})
    void anUnknownOrMissingCommandIsAnErrorListingTheValidOnes(String line) {
        ControlCommand c = parseSafely(line);

        assertThat(c.error).startsWith("unknown command").contains("rollback", "freeze", "thresholds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rollback", "approve", "reject"})
    void aVersionedCommandWithoutAVersionIsAnError(String cmd) {
        ControlCommand c = parseSafely("{\"cmd\":\"" + cmd + "\"}");

        assertThat(c.error).isEqualTo(cmd + " needs a positive integer 'version'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "\"abc\"", "1.5", "null", "true", "[1]", "{\"v\":1}",
            "99999999999999999999999"})
    void rollbackWithABadVersionIsAnError(String version) {
        ControlCommand c = parseSafely("{\"cmd\":\"rollback\",\"version\":" + version + "}");

        assertThat(c.error).as("version %s", version).isEqualTo("rollback needs a positive integer 'version'");
    }

    @Test
    void anOversizedLineIsAnErrorAndItsRawTextIsCapped() {
        String line = "{\"cmd\":\"thresholds\",\"pad\":\"" + "x".repeat(70_000) + "\"}";

        ControlCommand c = parseSafely(line);

        assertThat(c.error).contains("longer than");
        assertThat(c.raw.length()).isLessThan(5_000);
    }

    @Test
    void trailingTextAfterTheObjectIsMalformed() {
        assertThat(parseSafely("{\"cmd\":\"freeze\"} {\"cmd\":\"resume\"}").error).isEqualTo("malformed JSON");
    }

    private static ControlCommand parseSafely(String line) {
        ControlCommand[] c = new ControlCommand[1];
        assertThatCode(() -> c[0] = ControlCommand.parse(line, NOW)).doesNotThrowAnyException();
        assertThat(c[0]).isNotNull();
        assertThat(c[0].receivedAtMs).isEqualTo(NOW);
        return c[0];
    }
}
