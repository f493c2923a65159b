package dev.selfheal.healer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LabelGateTest {
    private static final double MARGIN = 0.2;
    private static final double[] USUAL = {0.05, 0.07, 0.06, 0.04, 0.06};

    @Test
    void jumpWellAboveTheUsualDisagreementWithStableInputsIsFlagged() {
        String reason = LabelGate.check(0.45, 100, USUAL, true, MARGIN, 20, 3);

        assertThat(reason).isNotNull().contains("suspected label corruption").contains("45%").contains("100 rows");
    }

    @Test
    void disagreementWithinTheMarginIsNotFlagged() {
        // Median of the history is 0.06: 0.06 + 0.2 is the limit, not above it.
        assertThat(LabelGate.check(0.25, 100, USUAL, true, MARGIN, 20, 3)).isNull();
        assertThat(LabelGate.check(0.27, 100, USUAL, true, MARGIN, 20, 3)).isNotNull();
    }

    @Test
    void unstableInputsDisableTheGate() {
        assertThat(LabelGate.check(0.6, 100, USUAL, false, MARGIN, 20, 3)).isNull();
    }

    @Test
    void shortHistoryDisablesTheGate() {
        assertThat(LabelGate.check(0.6, 100, null, true, MARGIN, 20, 3)).isNull();
        assertThat(LabelGate.check(0.6, 100, new double[0], true, MARGIN, 20, 3)).isNull();
        assertThat(LabelGate.check(0.6, 100, new double[] {0.05, 0.05}, true, MARGIN, 20, 3)).isNull();
        assertThat(LabelGate.check(0.6, 100, new double[] {0.05, 0.05, 0.05}, true, MARGIN, 20, 3)).isNotNull();
    }

    @Test
    void fewRowsDisableTheGate() {
        assertThat(LabelGate.check(0.6, 19, USUAL, true, MARGIN, 20, 3)).isNull();
        assertThat(LabelGate.check(0.6, 20, USUAL, true, MARGIN, 20, 3)).isNotNull();
    }

    @Test
    void oneBadBatchInTheHistoryDoesNotRaiseTheUsualRate() {
        // The median, not the mean: an earlier drifted batch (0.9) leaves "usual" at 0.05.
        double[] history = {0.05, 0.05, 0.9, 0.05, 0.05};

        assertThat(LabelGate.check(0.4, 100, history, true, MARGIN, 20, 3)).isNotNull();
    }

    @Test
    void pooledDisagreementBelowTheMarginIsFlaggedWhenItIsBeyondChance() {
        // 10 of 43 rows (23%) against a usual 6%: within the margin, but P(X >= 10) is about 5e-4.
        assertThat(LabelGate.check(10 / 43.0, 43, USUAL, true, MARGIN, 20, 3)).isNull();
        assertThat(LabelGate.checkBeyondChance(10, 43, USUAL, true, 20, 3, 1e-3)).isNotNull().contains("10 of 43 rows");
        // 5 of 43 (12%) is what a usual 6% gives now and then.
        assertThat(LabelGate.checkBeyondChance(5, 43, USUAL, true, 20, 3, 1e-3)).isNull();
    }

    @Test
    void aUsualRateOfZeroDoesNotMakeOneSlipSignificant() {
        double[] perfect = {0, 0, 0};
        assertThat(LabelGate.checkBeyondChance(1, 20, perfect, true, 20, 3, 1e-3)).isNull();
        assertThat(LabelGate.checkBeyondChance(6, 20, perfect, true, 20, 3, 1e-3)).isNotNull();
    }

    @Test
    void theChanceTestHasTheGatesPreconditions() {
        assertThat(LabelGate.checkBeyondChance(15, 40, USUAL, false, 20, 3, 1e-3)).as("inputs moving").isNull();
        assertThat(LabelGate.checkBeyondChance(15, 40, new double[] {0.05}, true, 20, 3, 1e-3)).as("no history")
                .isNull();
        assertThat(LabelGate.checkBeyondChance(10, 19, USUAL, true, 20, 3, 1e-3)).as("too few rows").isNull();
        assertThat(LabelGate.checkBeyondChance(15, 40, USUAL, true, 20, 3, 0)).as("level 0").isNull();
    }

    @Test
    void rememberKeepsTheLastFiveInOrder() {
        double[] h = null;
        for (int i = 1; i <= 7; i++) {
            h = LabelGate.remember(h, i / 10.0);
        }

        assertThat(h).containsExactly(0.3, 0.4, 0.5, 0.6, 0.7);
    }

    @Test
    void rememberGrowsAShortHistoryWithoutDroppingAnything() {
        double[] h = LabelGate.remember(null, 0.1);
        assertThat(h).containsExactly(0.1);
        h = LabelGate.remember(h, 0.2);
        assertThat(h).containsExactly(0.1, 0.2);
    }

    @Test
    void rememberDoesNotModifyTheHistoryItIsGiven() {
        double[] h = {0.1, 0.2, 0.3, 0.4, 0.5};

        LabelGate.remember(h, 0.6);

        assertThat(h).containsExactly(0.1, 0.2, 0.3, 0.4, 0.5);
    }
}
