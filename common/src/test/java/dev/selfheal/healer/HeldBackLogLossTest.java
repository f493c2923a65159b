package dev.selfheal.healer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeldBackLogLossTest {
    private static final int[] Y = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    @Test
    void aCandidateWithLowerLossOnMostRowsIsAccepted() {
        float[] current = fill(0.3f, 0.3f);
        float[] candidate = fill(0.8f, 0.1f);
        HeldBackLogLoss.Verdict v = HeldBackLogLoss.compare(current, candidate, Y, 20, 0, 0.5);
        assertThat(v.accepted()).isTrue();
        assertThat(v.candidateLoss()).isLessThan(v.currentLoss());
    }

    @Test
    void aCandidateWithHigherLossIsRefused() {
        HeldBackLogLoss.Verdict v = HeldBackLogLoss.compare(fill(0.8f, 0.1f), fill(0.3f, 0.3f), Y, 20, 0, 0.5);
        assertThat(v.accepted()).isFalse();
    }

    @Test
    void aCollapseToAllNormalIsRefusedEvenWhenItsLossIsLower() {
        // The served model finds the frauds but is badly over-confident on the normal rows.
        float[] current = fill(0.9f, 0.45f);
        float[] candidate = fill(0.4f, 0.02f);
        HeldBackLogLoss.Verdict v = HeldBackLogLoss.compare(current, candidate, Y, 20, 0, 0.5);
        assertThat(v.candidateLoss()).isLessThan(v.currentLoss());
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("collapse");
    }

    @Test
    void oneFlaggedRowFewerAmongFewLabelledFraudsIsNoCollapse() {
        // Five labelled frauds in 45 rows: the served model flags two of them, the candidate one
        // (a quarter of five rounds to one row), while its log loss is clearly lower.
        int[] y = new int[45];
        float[] current = new float[45];
        float[] candidate = new float[45];
        for (int i = 0; i < 45; i++) {
            y[i] = i < 5 ? 1 : 0;
            current[i] = i < 2 ? 0.6f : (i < 5 ? 0.3f : 0.2f);
            candidate[i] = i < 1 ? 0.7f : (i < 5 ? 0.45f : 0.08f);
        }
        HeldBackLogLoss.Verdict v = HeldBackLogLoss.compare(current, candidate, y, 20, 0, 0.5);
        assertThat(v.candidateLoss()).isLessThan(v.currentLoss());
        assertThat(v.accepted()).as(v.reason()).isTrue();
        // The same fall among as many frauds as the rule needs is a collapse.
        int[] many = new int[45];
        float[] cur = new float[45];
        float[] cand = new float[45];
        for (int i = 0; i < 45; i++) {
            many[i] = i < HeldBackLogLoss.COLLAPSE_MIN_FRAUDS ? 1 : 0;
            cur[i] = many[i] == 1 ? 0.6f : 0.3f;
            cand[i] = many[i] == 1 ? (i < 1 ? 0.7f : 0.45f) : 0.05f;
        }
        HeldBackLogLoss.Verdict w = HeldBackLogLoss.compare(cur, cand, many, 20, 0, 0.5);
        assertThat(w.candidateLoss()).isLessThan(w.currentLoss());
        assertThat(w.reason()).contains("collapse");
    }

    @Test
    void tooFewRowsAreNotJudged() {
        HeldBackLogLoss.Verdict v = HeldBackLogLoss.compare(fill(0.3f, 0.3f), fill(0.8f, 0.1f), Y, 50, 0, 0.5);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("held-back rows");
    }

    @Test
    void aHigherBarRefusesAnImprovementCarriedByOneRow() {
        float[] current = fill(0.3f, 0.3f);
        float[] oneRow = fill(0.3f, 0.3f);
        oneRow[0] = 0.35f;
        assertThat(HeldBackLogLoss.compare(current, oneRow, Y, 20, 0, 0.5).accepted()).isTrue();
        assertThat(HeldBackLogLoss.compare(current, oneRow, Y, 20, 3, 0.5).accepted()).isFalse();
        float[] everyRow = fill(0.35f, 0.25f);
        assertThat(HeldBackLogLoss.compare(current, everyRow, Y, 20, 3, 0.5).accepted()).isTrue();
    }

    private static float[] fill(float fraud, float normal) {
        float[] p = new float[Y.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Y[i] == 1 ? fraud : normal;
        }
        return p;
    }
}
