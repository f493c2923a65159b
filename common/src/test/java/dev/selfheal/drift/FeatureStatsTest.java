package dev.selfheal.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureStatsTest {

    private static float[] oneToHundred() {
        float[] values = new float[100];
        for (int i = 0; i < values.length; i++) {
            values[i] = 100 - i; // unsorted on purpose
        }
        return values;
    }

    @Test
    void momentsArePopulationMeanAndStd() {
        FeatureStats stats = FeatureStats.of("x", new float[] {2, 4, 4, 4, 5, 5, 7, 9});

        assertThat(stats.count()).isEqualTo(8);
        assertThat(stats.mean()).isEqualTo(5.0);
        assertThat(stats.std()).isEqualTo(2.0);
    }

    @Test
    void binEdgesAreInterpolatedInnerDeciles() {
        FeatureStats stats = FeatureStats.of("x", oneToHundred());

        // Linear interpolation over 1..100: the k-th decile sits at 1 + 99·k/10.
        double[] edges = stats.binEdges();
        assertThat(edges).hasSize(9);
        for (int k = 1; k <= 9; k++) {
            assertThat(edges[k - 1]).isCloseTo(1 + 9.9 * k, within(1e-9));
        }
        assertThat(stats.binShares()).containsOnly(0.1);
    }

    @Test
    void binsAreClosedBelowAndOpenAbove() {
        FeatureStats stats = FeatureStats.of("x", oneToHundred());
        double firstEdge = stats.binEdges()[0];

        assertThat(stats.bin(-1e9)).isZero();
        assertThat(stats.bin(Math.nextDown(firstEdge))).isZero();
        assertThat(stats.bin(firstEdge)).isEqualTo(1);
        assertThat(stats.bin(1e9)).isEqualTo(9);
    }

    @Test
    void repeatedValuesGiveUnequalBinShares() {
        float[] flags = new float[100];
        for (int i = 0; i < 20; i++) {
            flags[i] = 1;
        }

        FeatureStats stats = FeatureStats.of("flag", flags);

        // Edges 0 ×7, then 0.2 (interpolated between the last 0 and the first 1), then 1: every 0
        // lands in bin 7 and every 1 in bin 9.
        assertThat(stats.binEdges()).containsExactly(new double[] {0, 0, 0, 0, 0, 0, 0, 0.2, 1}, within(1e-12));
        assertThat(stats.binShares()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0.8, 0, 0.2);
    }

    @Test
    void smallInputKeepsEveryValueInTheReferenceSample() {
        FeatureStats stats = FeatureStats.of("x", oneToHundred());

        assertThat(stats.referenceSample()).hasSize(100).isSorted();
    }

    @Test
    void largeInputKeepsEvenlySpacedOrderStatisticsWithTheExtremes() {
        float[] values = ReferenceRows.normal(5000, 0, 1, 1);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }

        float[] sample = FeatureStats.of("x", values).referenceSample();

        assertThat(sample).hasSize(FeatureStats.MAX_REFERENCE_SAMPLE).isSorted();
        assertThat(sample[0]).isEqualTo(min);
        assertThat(sample[sample.length - 1]).isEqualTo(max);
        assertThat(FeatureStats.of("x", values).referenceSample()).isEqualTo(sample);
    }

    @Test
    void constantFeatureHasNoScale() {
        FeatureStats stats = FeatureStats.of("c", new float[] {3, 3, 3});

        assertThat(stats.sigmas(3)).isZero();
        assertThat(stats.sigmas(4)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(stats.sigmas(2)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void arraysCannotBeChangedFromOutside() {
        FeatureStats stats = FeatureStats.of("x", oneToHundred());

        stats.referenceSample()[0] = 1e6f;
        stats.binEdges()[0] = 1e6;

        assertThat(stats).isEqualTo(FeatureStats.of("x", oneToHundred()));
    }

    @Test
    void emptyInputIsRejected() {
        assertThatThrownBy(() -> FeatureStats.of("x", new float[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trainingStatsLookUpByNameAndIndex() {
        TrainingStats stats = TrainingStats.of(ReferenceRows.NAMES, ReferenceRows.clean(2000, 7));

        assertThat(stats.size()).isEqualTo(10);
        assertThat(stats.names()).isEqualTo(ReferenceRows.NAMES);
        assertThat(stats.indexOf("V14")).isEqualTo(7);
        assertThat(stats.indexOf("V15")).isEqualTo(-1);
        assertThat(stats.get("V14")).isSameAs(stats.get(7));
        // 15% fraud at mean −2.5 pulls V14's training mean to about −0.375.
        assertThat(stats.get("V14").mean()).isCloseTo(-0.375, within(0.06));
        assertThatThrownBy(() -> stats.get("V15"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown feature 'V15'");
    }

    @Test
    void trainingStatsRejectRowsOfTheWrongWidthAndDuplicateNames() {
        assertThatThrownBy(() -> TrainingStats.of(List.of("a", "b"), new float[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 1 has 1 values, expected 2");
        assertThatThrownBy(() -> TrainingStats.of(List.of("a", "a"), new float[][] {{1, 2}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate feature 'a'");
    }

    @Test
    void trainingStatsRoundTripThroughJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        TrainingStats stats = TrainingStats.of(ReferenceRows.NAMES, ReferenceRows.clean(1000, 3));

        String text = json.writeValueAsString(stats);
        TrainingStats back = json.readValue(text, TrainingStats.class);

        assertThat(back).isEqualTo(stats);
        assertThat(json.readTree(text).fieldNames()).toIterable().containsExactly("features");
        assertThat(json.readTree(text).get("features").get(0).fieldNames()).toIterable()
                .containsExactly("name", "count", "mean", "std", "binEdges", "binShares", "referenceSample");
    }
}
