package dev.selfheal.labels;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelBudgetTest {

    @Test
    void aBatchMaySpendWhatTheRowsBeforeItInTheWindowLeftUnused() {
        LabelBudget budget = new LabelBudget(0.1, 300);
        LabelRequesterState s = new LabelRequesterState();

        assertThat(budget.allowance(s, 100)).as("the first 100 rows allow 10").isEqualTo(10);
        budget.record(s, 100, 0);
        budget.record(s, 100, 4);
        // Rows 1..300 allow 30; 4 were used.
        assertThat(budget.allowance(s, 100)).isEqualTo(26);
        budget.record(s, 100, 26);
        // Rows 101..400: the two batches that closed in it used 30.
        assertThat(budget.allowance(s, 100)).isZero();
        budget.record(s, 100, 0);
        assertThat(budget.allowance(s, 100)).as("the batch with 4 left the window").isEqualTo(4);
    }

    @Test
    void aSmallBatchAfterALargeOneCannotReuseTheLargeOnesRows() {
        LabelBudget budget = new LabelBudget(0.1, 200);
        LabelRequesterState s = new LabelRequesterState();
        budget.record(s, 1000, 0);
        budget.record(s, 10, budget.allowance(s, 10));
        // Rows 811..1010 allowed 20; the 10-row batch could use all of its rows.
        assertThat(s.requested).isEqualTo(10);
        // Rows 821..1020 still hold those 10 requests: 20 allowed, 10 left.
        assertThat(budget.allowance(s, 10)).isEqualTo(10);
        budget.record(s, 10, 10);
        assertThat(budget.allowance(s, 10)).as("rows 831..1030 hold 20 already").isZero();
    }

    @Test
    void theAllowanceNeverExceedsTheBatchNorGoesNegative() {
        LabelBudget budget = new LabelBudget(1.0, 500);
        LabelRequesterState s = new LabelRequesterState();
        budget.record(s, 100, 0);
        assertThat(budget.allowance(s, 3)).isEqualTo(3);
        assertThat(budget.allowance(new LabelRequesterState(), 0)).isZero();
    }

    @Test
    void recordingMoreThanAllowedIsRefused() {
        LabelBudget budget = new LabelBudget(0.1, 200);
        assertThatThrownBy(() -> budget.record(new LabelRequesterState(), 100, 11))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aZeroShareIsOffAndBadSettingsAreRefused() {
        assertThat(new LabelBudget(0, 10).enabled()).isFalse();
        assertThat(new LabelBudget(0, 10).allowance(new LabelRequesterState(), 100)).isZero();
        assertThatThrownBy(() -> new LabelBudget(1.5, 10)).hasMessageContaining("labels.budget");
        assertThatThrownBy(() -> new LabelBudget(0.1, 0)).hasMessageContaining("at least one row");
    }

    @Test
    void aShareRoundsDownToMillionthsSoRoundingNeverAddsARequest() {
        // 0.29 × 100 is 28.999999999999996 in doubles; the integer check allows exactly 29.
        assertThat(new LabelBudget(0.29, 100).allowance(new LabelRequesterState(), 100)).isEqualTo(29);
        assertThat(new LabelBudget(0.0999999, 100).allowance(new LabelRequesterState(), 100)).isEqualTo(9);
    }

    @Test
    void aShareBelowOneRowPerBatchIsStillSpentOverTheWindow() {
        // 0.002 of 100-row batches is 0.2 rows a batch: one request per 500 rows at most.
        LabelRequester requester = new LabelRequester(new LabelBudget(0.002, 1000), RandomRequests.NAME, null);
        LabelRequesterState s = new LabelRequesterState();
        int total = 0;
        for (int b = 1; b <= 200; b++) {
            total += requester.choose(Batches.plain(b, new float[100]), s).size();
        }
        assertThat(total).as("20,000 rows at 0.002").isBetween(20, 40);
    }
}
