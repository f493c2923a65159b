package dev.selfheal.heal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SnapshotTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void copiesTheAdapterSoLaterTrainingCannotChangeIt() {
        float[] weights = {1f, 2f, 3f};
        Snapshot snapshot = new Snapshot(1, 0, SnapshotTag.INITIAL, 0, 0, "deploy", weights,
                Scores.NONE);

        weights[0] = 99f;

        assertThat(snapshot.adapter()).containsExactly(1f, 2f, 3f);
    }

    @Test
    void withScoresLeavesTheOriginalUntouched() {
        Snapshot unmeasured = new Snapshot(3, 2, SnapshotTag.POST_HEAL, 7, 1000, "heal",
                new float[] {0.5f}, Scores.NONE);

        Snapshot measured = unmeasured.withScores(new Scores(0.9, 0.7, 100));

        assertThat(unmeasured.scores().isMeasured()).isFalse();
        assertThat(measured.scores()).isEqualTo(new Scores(0.9, 0.7, 100));
        assertThat(measured.version()).isEqualTo(3);
        assertThat(measured.adapter()).containsExactly(0.5f);
    }

    @Test
    void parentMustBeOlder() {
        assertThatThrownBy(() -> new Snapshot(2, 2, SnapshotTag.MANUAL, 0, 0, "", new float[1],
                Scores.NONE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scoresNeedRowsAndFiniteValuesToCountAsMeasured() {
        assertThat(Scores.NONE.isMeasured()).isFalse();
        assertThat(new Scores(0.9, Double.NaN, 50).isMeasured()).isFalse();
        assertThat(new Scores(0.9, 0.5, 0).isMeasured()).isFalse();
        assertThat(new Scores(0.9, 0.5, 50).isMeasured()).isTrue();
    }

    @Test
    void snapshotSurvivesJsonIncludingUnmeasuredScores() throws Exception {
        Snapshot snapshot = new Snapshot(4, 1, SnapshotTag.PRE_HEAL, 12, 1_700_000_000_000L,
                "before heal", new float[8321], Scores.NONE);

        Snapshot back = json.readValue(json.writeValueAsString(snapshot), Snapshot.class);

        assertThat(back).isEqualTo(snapshot);
        assertThat(back.scores().accuracy()).isNaN();
    }

    @Test
    void healthWindowStateSurvivesJson() throws Exception {
        HealthWindow window = new HealthWindow(5);
        window.add(0.8, 0.6);
        window.add(0.7, 0.5);

        HealthWindowState back = json.readValue(json.writeValueAsString(window.toState()),
                HealthWindowState.class);

        assertThat(back).isEqualTo(window.toState());
    }

    @Test
    void baselineSurvivesJson() throws Exception {
        Baseline baseline = Baseline.of(new Scores(0.9, 0.75, 200));

        assertThat(json.readValue(json.writeValueAsString(baseline), Baseline.class))
                .isEqualTo(baseline);
    }
}
