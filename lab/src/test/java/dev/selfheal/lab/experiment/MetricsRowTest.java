package dev.selfheal.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.data.CsvFields;
import dev.selfheal.healer.BatchMetrics;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.Test;

class MetricsRowTest {
    /** Field by field, doubles compared exactly with NaN equal to NaN (AssertJ's default tolerance treats NaN as unequal). */
    private static final RecursiveComparisonConfiguration EXACT = RecursiveComparisonConfiguration.builder()
            .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).build();

    @Test
    void aFullRowRoundTripsFieldByField() {
        BatchMetrics m = full();

        BatchMetrics back = MetricsRow.parse(m.toCsvRow());

        assertThat(back).usingRecursiveComparison(EXACT).isEqualTo(m);
    }

    @Test
    void theRowHasOneFieldPerDeclaredColumn() {
        assertThat(CsvFields.split(full().toCsvRow())).hasSameSizeAs(BatchMetrics.COLUMNS);
        assertThat(BatchMetrics.csvHeader().split(",")).containsExactlyElementsOf(BatchMetrics.COLUMNS);
    }

    @Test
    void nanFieldsRoundTripAsNaN() {
        BatchMetrics m = full();
        m.zScore = Double.NaN;
        m.healedAcc = Double.NaN;
        m.healLossBefore = Double.NaN;
        m.healLossAfter = Double.NaN;
        m.candidateHeldbackAcc = Double.NaN;
        m.candidateHeldbackF1 = Double.NaN;
        m.currentHeldbackAcc = Double.NaN;
        m.currentHeldbackF1 = Double.NaN;
        m.healthAcc = Double.NaN;
        m.healthF1 = Double.NaN;
        m.bceReal = Double.NaN;

        BatchMetrics back = MetricsRow.parse(m.toCsvRow());

        assertThat(back).usingRecursiveComparison(EXACT).isEqualTo(m);
        assertThat(back.zScore).isNaN();
        assertThat(back.healthF1).isNaN();
    }

    @Test
    void aFreshRowWithItsDefaultNaNsRoundTrips() {
        BatchMetrics m = new BatchMetrics();
        m.state = "MONITORING";
        m.action = "none";
        m.model = "default";

        assertThat(MetricsRow.parse(m.toCsvRow())).usingRecursiveComparison(EXACT).isEqualTo(m);
    }

    @Test
    void reasonsWithCommasAndQuotesRoundTrip() {
        BatchMetrics m = full();
        m.reasons = "held-back F1 fell by 0.12 (> tolerance 0.02), \"norm\" 3.4, loss \"rose\"";

        assertThat(MetricsRow.parse(m.toCsvRow()).reasons).isEqualTo(m.reasons);
    }

    @Test
    void reasonsStartingWithAQuoteRoundTrip() {
        BatchMetrics m = full();
        m.reasons = "\"quoted\" at the start";

        assertThat(MetricsRow.parse(m.toCsvRow()).reasons).isEqualTo(m.reasons);
    }

    @Test
    void driftedFeaturesAndModelWithCommasRoundTrip() {
        BatchMetrics m = full();
        m.driftedFeatures = "V14,f3,f8";
        m.model = "segment,eu";
        m.verdict = "rejected,\"norm\"";

        BatchMetrics back = MetricsRow.parse(m.toCsvRow());

        assertThat(back.driftedFeatures).isEqualTo("V14,f3,f8");
        assertThat(back.model).isEqualTo("segment,eu");
        assertThat(back.verdict).isEqualTo("rejected,\"norm\"");
    }

    @Test
    void liftsAreRecomputedFromTheParsedAccuracies() {
        BatchMetrics back = MetricsRow.parse(full().toCsvRow());

        assertThat(back.accLift()).isEqualTo(back.healedAcc - back.baselineAcc);
        assertThat(back.f1Lift()).isEqualTo(back.healedF1 - back.baselineF1);
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsIsRefused() {
        assertThatThrownBy(() -> MetricsRow.parse("1,2,3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 fields").hasMessageContaining(String.valueOf(BatchMetrics.COLUMNS.size()));
    }

    /** Every field set to a distinct value that survives the 6-decimal number format exactly. */
    private static BatchMetrics full() {
        BatchMetrics m = new BatchMetrics();
        m.batchIdx = 17;
        m.timestamp = 1_700_000_123_456L;
        m.zScore = 2.5;
        m.nConflicts = 9;
        m.baselineAcc = 0.81;
        m.shadowAcc = 0.8125;
        m.healedAcc = 0.9;
        m.baselineF1 = 0.5;
        m.shadowF1 = 0.515625;
        m.healedF1 = 0.75;
        m.state = "HEALING";
        m.action = "heal";
        m.rolledBack = true;
        m.bceReal = 0.328125;
        m.bceConst = 0.6875;
        m.version = 4;
        m.servedVersion = 3;
        m.model = "default";
        m.rows = 100;
        m.labelled = 80;
        m.drifting = true;
        m.driftedFeatures = "V14";
        m.maxPsi = 0.375;
        m.healLossBefore = 0.625;
        m.healLossAfter = 0.4375;
        m.candidateHeldbackAcc = 0.875;
        m.candidateHeldbackF1 = 0.625;
        m.currentHeldbackAcc = 0.75;
        m.currentHeldbackF1 = 0.5;
        m.heldbackN = 24;
        m.verdict = "accepted";
        m.reasons = "ok";
        m.healthAcc = 0.84375;
        m.healthF1 = 0.59375;
        m.healMs = 12.5;
        m.tp = 11;
        m.tn = 70;
        m.fp = 4;
        m.fn = 15;
        m.frozenTp = 5;
        m.frozenTn = 71;
        m.frozenFp = 3;
        m.frozenFn = 21;
        m.shadowTp = 6;
        m.shadowTn = 69;
        m.shadowFp = 5;
        m.shadowFn = 20;
        return m;
    }
}
