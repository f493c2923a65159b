package dev.selfheal.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FidiDetectorTest {

    /** Training mean 0 and population std 1, so z is simply |window mean|. */
    private static final FeatureStats UNIT = FeatureStats.of("V14", new float[] {-1, 1});

    private static List<FidiReading> feed(FidiDetector detector, double... means) {
        List<FidiReading> readings = new ArrayList<>();
        for (double m : means) {
            readings.add(detector.observe(m));
        }
        return readings;
    }

    @Test
    void zIsTheWindowMeanInTrainingSigmas() {
        FeatureStats stats = FeatureStats.of("V14", new float[] {0, 4}); // mean 2, std 2
        FidiDetector fidi = new FidiDetector(new FidiConfig(2, 0, 1.0), stats);

        assertThat(fidi.observe(5).z()).isEqualTo(1.5); // |5 − 2| / 2
        assertThat(fidi.observe(-3).z()).isEqualTo(0.5); // |(5 − 3)/2 − 2| / 2
    }

    @Test
    void windowSlidesOverTheMostRecentBatchMeans() {
        FidiDetector fidi = new FidiDetector(new FidiConfig(3, 2, 1.0), UNIT);

        List<FidiReading> r = feed(fidi, 0.5, 1.5, 2.5, -3.0, 0.0);

        assertThat(r).extracting(FidiReading::z).containsExactly(
                0.5, // [0.5]
                1.0, // [0.5, 1.5]
                1.5, // [0.5, 1.5, 2.5]
                1.0 / 3, // [1.5, 2.5, -3.0]
                0.5 / 3); // [2.5, -3.0, 0.0]
        assertThat(r).extracting(FidiReading::drifting).containsExactly(
                false, // z 0.5 and still warming up
                false, // z exactly at the threshold
                true,
                false,
                false);
    }

    @Test
    void warmupCountsBatchesFromOne() {
        FidiDetector fidi = new FidiDetector(FidiConfig.DEFAULTS, UNIT);

        List<FidiReading> r = feed(fidi, 5, 5, 5, 5);

        assertThat(r).extracting(FidiReading::z).containsOnly(5.0);
        assertThat(r).extracting(FidiReading::drifting).containsExactly(false, false, true, true);
    }

    @Test
    void zeroOrOneWarmupMayDriftOnTheFirstBatch() {
        assertThat(new FidiDetector(new FidiConfig(10, 0, 1.0), UNIT).observe(5).drifting()).isTrue();
        assertThat(new FidiDetector(new FidiConfig(10, 1, 1.0), UNIT).observe(5).drifting()).isTrue();
    }

    @Test
    void driftingOnlyStrictlyAboveTheThreshold() {
        FidiConfig config = new FidiConfig(1, 0, 1.25);

        assertThat(new FidiDetector(config, UNIT).observe(1.25).drifting()).isFalse();
        assertThat(new FidiDetector(config, UNIT).observe(-1.25).drifting()).isFalse();
        assertThat(new FidiDetector(config, UNIT).observe(Math.nextUp(1.25)).drifting()).isTrue();
        assertThat(new FidiDetector(config, UNIT).observe(-1.5).drifting()).isTrue();
    }

    @Test
    void restoredStateGivesIdenticalReadings() throws Exception {
        FidiConfig config = new FidiConfig(4, 3, 0.8);
        FidiDetector original = new FidiDetector(config, UNIT);
        feed(original, 0.1, -0.4, 1.7, 0.9, 2.2);

        ObjectMapper json = new ObjectMapper();
        FidiState saved = json.readValue(json.writeValueAsString(original.state()), FidiState.class);
        FidiDetector restored = FidiDetector.restore(config, UNIT, saved);

        assertThat(saved).isEqualTo(original.state());
        assertThat(saved.observed()).isEqualTo(5);
        assertThat(saved.recentMeans()).containsExactly(-0.4, 1.7, 0.9, 2.2);
        double[] next = {-1.0, 0.3, 3.1, 0.0, 0.0, 0.0};
        assertThat(feed(restored, next)).isEqualTo(feed(original, next));
        assertThat(restored.state()).isEqualTo(original.state());
    }

    @Test
    void restoringUnderASmallerWindowKeepsTheNewestMeans() {
        FidiDetector wide = new FidiDetector(new FidiConfig(5, 0, 1.0), UNIT);
        feed(wide, 1, 2, 3, 4, 5);

        FidiDetector narrow = FidiDetector.restore(new FidiConfig(2, 0, 1.0), UNIT, wide.state());

        assertThat(narrow.state()).isEqualTo(new FidiState(new double[] {4, 5}, 5));
        assertThat(narrow.observe(6).z()).isEqualTo(5.5);
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> new FidiConfig(0, 3, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fidi.window must be >= 1, was 0");
        assertThatThrownBy(() -> new FidiConfig(10, -1, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fidi.warmup must be >= 0, was -1");
        assertThatThrownBy(() -> new FidiConfig(10, 3, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fidi.threshold must be a finite number > 0, was 0.0");
        assertThatThrownBy(() -> new FidiConfig(10, 3, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(FidiConfig.DEFAULTS).isEqualTo(new FidiConfig(10, 3, 1.0));
    }

    @Test
    void nonFiniteBatchMeanIsRejected() {
        FidiDetector fidi = new FidiDetector(FidiConfig.DEFAULTS, UNIT);

        assertThatThrownBy(() -> fidi.observe(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(fidi.state()).isEqualTo(FidiState.EMPTY);
    }

    @Test
    void zTracksAShiftedKeyFeatureOnRealisticBatches() {
        TrainingStats training = TrainingStats.of(ReferenceRows.NAMES, ReferenceRows.clean(5000, 11));
        FeatureStats v14 = training.get("V14");
        FidiDetector fidi = new FidiDetector(FidiConfig.DEFAULTS, v14);

        // V14 − 2.2 is about 1.7 training sigmas.
        FidiReading reading = fidi.observe(v14.mean() - 2.2);

        assertThat(reading.z()).isCloseTo(2.2 / v14.std(), within(1e-9)).isGreaterThan(1.5);
    }
}
