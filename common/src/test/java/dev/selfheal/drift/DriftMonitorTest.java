package dev.selfheal.drift;

import static dev.selfheal.drift.ReferenceRows.F3;
import static dev.selfheal.drift.ReferenceRows.V14;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {

    private static final TrainingStats TRAINING =
            TrainingStats.of(ReferenceRows.NAMES, ReferenceRows.clean(5000, 1));

    private static DriftMonitor monitor() {
        return new DriftMonitor(TRAINING, "V14", DriftConfig.DEFAULTS);
    }

    private static float[][] batch(long seed) {
        return ReferenceRows.clean(100, seed);
    }

    @Test
    void cleanBatchesDriftNowhere() {
        DriftMonitor monitor = monitor();
        for (int b = 1; b <= 10; b++) {
            DriftReport report = monitor.observe(b, batch(100 + b));

            assertThat(report.driftedFeatures()).isEmpty();
            assertThat(report.explain()).isEqualTo("no feature drifted");
            assertThat(report.fidiDrifting()).isFalse();
        }
    }

    @Test
    void shiftedKeyFeatureIsNamedAndOthersAreNot() {
        DriftMonitor monitor = monitor();
        DriftReport report = null;
        for (int b = 1; b <= 3; b++) {
            report = monitor.observe(b, ReferenceRows.shifted(batch(200 + b), V14, -2.2f));
        }

        assertThat(report.driftedFeatures()).extracting(FeatureDrift::name).containsExactly("V14");
        assertThat(report.explain()).startsWith("V14 moved: mean ").contains("PSI", "KS").doesNotContain("f3");
        assertThat(report.fidiDrifting()).isTrue();
        assertThat(report.keyFeature()).isEqualTo("V14");
        FeatureDrift v14 = report.features().get(V14);
        assertThat(v14.meanShiftSigmas()).isLessThan(-1.2);
        assertThat(v14.trainMean()).isEqualTo(TRAINING.get("V14").mean());
        assertThat(v14.psi()).isGreaterThan(0.25);
        assertThat(v14.ksPValue()).isLessThan(0.01);
    }

    @Test
    void driftInANoiseFeatureIsNamedButDoesNotTripFidi() {
        DriftMonitor monitor = monitor();
        DriftReport report = null;
        for (int b = 1; b <= 5; b++) {
            report = monitor.observe(b, ReferenceRows.shifted(batch(300 + b), F3, 3f));
        }

        assertThat(report.driftedFeatures()).extracting(FeatureDrift::name).containsExactly("f3");
        assertThat(report.explain()).startsWith("f3 moved: mean ").doesNotContain("V14");
        assertThat(report.features().get(F3).meanShiftSigmas()).isCloseTo(3.0, within(0.4));
        assertThat(report.fidiDrifting()).isFalse();
    }

    @Test
    void driftedFeaturesComeLargestPsiFirst() {
        float[][] rows = ReferenceRows.shifted(ReferenceRows.shifted(batch(400), F3, 3f), V14, -2.2f);

        DriftReport report = monitor().observe(1, rows);

        assertThat(report.driftedFeatures()).extracting(FeatureDrift::name).containsExactlyInAnyOrder("f3", "V14");
        assertThat(report.driftedFeatures())
                .isSortedAccordingTo(Comparator.comparingDouble(FeatureDrift::psi).reversed());
        String first = report.driftedFeatures().get(0).name();
        assertThat(report.explain()).startsWith(first + " moved").contains("; ");
    }

    @Test
    void reportsBatchMomentsPerFeature() {
        float[][] rows = {
            {0, 0, 0, 0, 0, 0, 0, 1, 0, 0},
            {0, 0, 0, 0, 0, 0, 0, 3, 0, 0},
        };

        DriftReport report = monitor().observe(42, rows);

        assertThat(report.batch()).isEqualTo(42);
        assertThat(report.features()).extracting(FeatureDrift::name).isEqualTo(ReferenceRows.NAMES);
        FeatureDrift v14 = report.features().get(V14);
        assertThat(v14.mean()).isEqualTo(2.0);
        assertThat(v14.std()).isEqualTo(1.0);
        FeatureStats trained = TRAINING.get("V14");
        assertThat(v14.meanShiftSigmas()).isEqualTo((2.0 - trained.mean()) / trained.std());
        assertThat(report.fidiZ()).isCloseTo(Math.abs(v14.meanShiftSigmas()), within(1e-12));
    }

    @Test
    void restoredMonitorCarriesOnIdentically() throws Exception {
        DriftMonitor original = monitor();
        for (int b = 1; b <= 4; b++) {
            original.observe(b, ReferenceRows.shifted(batch(500 + b), V14, -b * 0.5f));
        }
        ObjectMapper json = new ObjectMapper();
        FidiState saved = json.readValue(json.writeValueAsString(original.state()), FidiState.class);
        DriftMonitor restored = DriftMonitor.restore(TRAINING, "V14", DriftConfig.DEFAULTS, saved);

        List<DriftReport> fromOriginal = new ArrayList<>();
        List<DriftReport> fromRestored = new ArrayList<>();
        for (int b = 5; b <= 8; b++) {
            float[][] rows = ReferenceRows.shifted(batch(500 + b), V14, -1.5f);
            fromOriginal.add(original.observe(b, rows));
            fromRestored.add(restored.observe(b, rows));
        }

        assertThat(fromRestored).isEqualTo(fromOriginal);
        assertThat(restored.state()).isEqualTo(original.state());
    }

    @Test
    void reportRoundTripsThroughJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        DriftReport report = monitor().observe(1, ReferenceRows.shifted(batch(600), V14, -2.2f));

        assertThat(json.readValue(json.writeValueAsString(report), DriftReport.class)).isEqualTo(report);
    }

    @Test
    void rejectsUnknownKeyFeatureAndMalformedBatches() {
        assertThatThrownBy(() -> new DriftMonitor(TRAINING, "V15", DriftConfig.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown feature 'V15'");
        DriftMonitor monitor = monitor();
        assertThatThrownBy(() -> monitor.observe(1, new float[0][]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no rows");
        assertThatThrownBy(() -> monitor.observe(1, new float[][] {new float[9]}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 0 has 9 values, expected 10");
        assertThat(monitor.state()).isEqualTo(FidiState.EMPTY);
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> new DriftConfig(FidiConfig.DEFAULTS, 0, 0.01))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("psi-threshold");
        assertThatThrownBy(() -> new DriftConfig(FidiConfig.DEFAULTS, 0.25, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha");
        assertThat(DriftConfig.DEFAULTS).isEqualTo(new DriftConfig(new FidiConfig(10, 3, 1.0), 0.25, 0.01));
    }
}
