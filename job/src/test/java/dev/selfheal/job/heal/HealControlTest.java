package dev.selfheal.job.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.healer.AuditRecord;
import dev.selfheal.job.event.ControlCommand;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which commands stand for later models, and who answers a command no model here took. */
class HealControlTest {
    private static ControlCommand cmd(String json) {
        return ControlCommand.parse(json, 0);
    }

    @Test
    void freezeAndResumeStandUnderOneKeyPerScopeThresholdsUnderAnotherAndTheRestActOnce() {
        assertThat(HealControl.standingKey(cmd("{\"cmd\":\"freeze\"}"))).isEqualTo("*/freeze");
        assertThat(HealControl.standingKey(cmd("{\"cmd\":\"resume\",\"model\":\"m\"}"))).isEqualTo("m/freeze");
        assertThat(HealControl.standingKey(cmd("{\"cmd\":\"thresholds\",\"model\":\"m\",\"heal.lr\":0.1}")))
                .isEqualTo("m/thresholds");
        assertThat(HealControl.standingKey(cmd("{\"cmd\":\"rollback\",\"version\":2}"))).isNull();
        assertThat(HealControl.standingKey(cmd("{\"cmd\":\"freeze\""))).as("malformed").isNull();
        // All models' commands first, so a model's own command wins where both stand.
        assertThat(HealControl.standingKeysFor("m")).containsExactly("*/freeze", "*/thresholds", "m/freeze",
                "m/thresholds");
    }

    @Test
    void aCommandNoActiveModelTookIsKeptForLaterIfItStandsAndRefusedOtherwise() {
        AuditRecord later = HealControl.noActiveModel(cmd("{\"cmd\":\"freeze\",\"model\":\"m\"}"), 5);
        AuditRecord refused = HealControl.noActiveModel(cmd("{\"cmd\":\"rollback\",\"model\":\"m\",\"version\":3}"), 5);

        assertThat(later.details()).containsEntry("accepted", true);
        assertThat(later.model()).isEqualTo("m");
        assertThat(refused.details()).containsEntry("accepted", false)
                .containsEntry("refused", "model 'm' is not active (no data seen yet)");
    }

    @Test
    void exactlyOneSubtaskAnswersForNoModel() {
        HealControl.Owners owners = Map.of("m", 1)::get;
        ControlCommand all = cmd("{\"cmd\":\"freeze\"}");
        ControlCommand one = cmd("{\"cmd\":\"freeze\",\"model\":\"m\"}");

        assertThat(HealControl.answersForNoModel(all, 0, owners)).isTrue();
        assertThat(HealControl.answersForNoModel(all, 1, owners)).isFalse();
        assertThat(HealControl.answersForNoModel(one, 0, owners)).isFalse();
        assertThat(HealControl.answersForNoModel(one, 1, owners)).isTrue();
    }
}
