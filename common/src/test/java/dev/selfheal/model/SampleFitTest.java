package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The import's warning comes when the model fits the sample's labels no better than their share does. */
class SampleFitTest {
    private static final int[] LABELS = {0, 0, 0, 1, 0, 0, 1, 0, 0, 0};

    @Test
    void aModelThatSeparatesTheClassesRaisesNoWarning() {
        float[] p = new float[LABELS.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = LABELS[i] == 1 ? 0.8f : 0.1f;
        }
        assertThat(SampleFit.warning(p, LABELS, "s.csv")).isNull();
    }

    @Test
    void aModelNoBetterThanTheFraudShareIsWarnedAbout() {
        float[] share = new float[LABELS.length];
        java.util.Arrays.fill(share, 0.2f);
        assertThat(SampleFit.warning(share, LABELS, "s.csv")).contains("s.csv", "0.200", "--features");
        float[] inverted = new float[LABELS.length];
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = LABELS[i] == 1 ? 0.1f : 0.8f;
        }
        assertThat(SampleFit.warning(inverted, LABELS, "s.csv")).contains("log-loss", "AUC 0.000", "--features");
    }

    @Test
    void aModelThatRanksWellButIsTooSureIsCalledOverconfidentNotMisreadColumns() {
        float[] p = new float[LABELS.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = LABELS[i] == 1 ? 0.999f : 0.001f;
        }
        p[0] = 0.9999f; // one normal row scored surest of all: the log-loss is now worse than the share's
        assertThat(SampleFit.logLoss(p, LABELS)).isGreaterThan(0.5005);
        assertThat(SampleFit.auc(p, LABELS)).isEqualTo(14.0 / 16.0);
        assertThat(SampleFit.warning(p, LABELS, "s.csv")).contains("overconfident", "AUC 0.875")
                .doesNotContain("--features");
    }

    @Test
    void aucCountsTiesAsHalfAndReadsAReversedOrderAsZero() {
        assertThat(SampleFit.auc(new float[] {0.5f, 0.5f}, new int[] {0, 1})).isEqualTo(0.5);
        assertThat(SampleFit.auc(new float[] {0.9f, 0.1f, 0.8f}, new int[] {0, 1, 0})).isZero();
        assertThat(SampleFit.auc(new float[] {0.9f, 0.1f, 0.8f}, new int[] {1, 0, 0})).isEqualTo(1.0);
    }

    @Test
    void aSampleOfOneClassCannotTellAndRaisesNone() {
        assertThat(SampleFit.warning(new float[] {0.9f, 0.9f}, new int[] {0, 0}, "s.csv")).isNull();
    }

    @Test
    void theLogLossOfACertainWrongAnswerIsFinite() {
        assertThat(SampleFit.logLoss(new float[] {0f, 1f}, new int[] {1, 0})).isFinite().isGreaterThan(10);
    }
}
