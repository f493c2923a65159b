package dev.selfheal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DriftReportTest {

    private static final FeatureDrift F3_STABLE = new FeatureDrift("f3", 0.05, 0.98, 0.0, 0.05, 0.08, 0.09, 0.4, false);
    private static final FeatureDrift V14_MOVED =
            new FeatureDrift("V14", -2.31, 1.02, -0.38, -1.93, 2.10, 0.61, 1e-12, true);
    private static final FeatureDrift F9_MOVED = new FeatureDrift("f9", 0.9, 1.0, 0.0, 0.9, 0.4, 0.3, 0.0031, true);

    @Test
    void explainNamesOnlyDriftedFeaturesLargestPsiFirst() {
        DriftReport report = new DriftReport(7, 1.9, true, "V14", List.of(F3_STABLE, F9_MOVED, V14_MOVED));

        assertThat(report.driftedFeatures()).containsExactly(V14_MOVED, F9_MOVED);
        assertThat(report.explain()).isEqualTo(
                "V14 moved: mean -2.31 (train -0.38, -1.9σ), std 1.02, PSI 2.10, KS 0.61 (p<1e-9); "
                        + "f9 moved: mean 0.90 (train 0.00, +0.9σ), std 1.00, PSI 0.40, KS 0.30 (p=0.0031)");
    }

    @Test
    void explainSaysSoWhenNothingDrifted() {
        DriftReport report = new DriftReport(1, 0.1, false, "V14", List.of(F3_STABLE));

        assertThat(report.driftedFeatures()).isEmpty();
        assertThat(report.explain()).isEqualTo("no feature drifted");
    }
}
