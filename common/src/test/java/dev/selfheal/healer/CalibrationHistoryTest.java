package dev.selfheal.healer;

import dev.selfheal.model.Calibration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CalibrationHistoryTest {
    private static final Calibration IDENTITY = Calibration.identity(2);

    private static Calibration shifted(float by) {
        return IDENTITY.withInput(new float[] {1f, 1f}, new float[] {0f, by});
    }

    @Test
    void eachBatchReadsTheCalibrationRecordedForItAndAChangeIsStoredOnce() {
        double[] s = new double[0];
        s = CalibrationHistory.record(s, 1, IDENTITY, 1);
        s = CalibrationHistory.record(s, 2, IDENTITY, 1);
        s = CalibrationHistory.record(s, 3, shifted(2.2f), 1);
        s = CalibrationHistory.record(s, 4, shifted(2.2f), 1);
        s = CalibrationHistory.record(s, 6, IDENTITY, 1);
        assertThat(s).hasSize(3 * 5);
        assertThat(CalibrationHistory.at(s, 2, shifted(9f)).shift()[1]).isZero();
        assertThat(CalibrationHistory.at(s, 3, IDENTITY).shift()[1]).isEqualTo(2.2f);
        assertThat(CalibrationHistory.at(s, 5, IDENTITY).shift()[1]).isEqualTo(2.2f);
        assertThat(CalibrationHistory.at(s, 7, shifted(9f)).shift()[1]).isZero();
        assertThat(CalibrationHistory.at(s, 0, shifted(9f)).shift()[1]).as("before anything recorded").isEqualTo(9f);
    }

    @Test
    void entriesOlderThanTheOldestNeededBatchAreDroppedButTheOneInForceThenIsKept() {
        double[] s = new double[0];
        s = CalibrationHistory.record(s, 1, IDENTITY, 1);
        s = CalibrationHistory.record(s, 3, shifted(1f), 1);
        s = CalibrationHistory.record(s, 5, shifted(2f), 1);
        s = CalibrationHistory.record(s, 7, shifted(3f), 4);
        assertThat(s).as("batch 1's entry went; batch 3's is still in force at batch 4").hasSize(3 * 5);
        assertThat(CalibrationHistory.at(s, 2, shifted(9f)).shift()[1]).isEqualTo(9f);
        assertThat(CalibrationHistory.at(s, 4, IDENTITY).shift()[1]).isEqualTo(1f);
        assertThat(CalibrationHistory.at(s, 8, IDENTITY).shift()[1]).isEqualTo(3f);
    }

    @Test
    void theOutputMapOfTheFallbackIsKept() {
        double[] s = CalibrationHistory.record(new double[0], 1, shifted(1f), 1);
        Calibration withMap = IDENTITY.withOutput(0.5f, -1f);
        Calibration c = CalibrationHistory.at(s, 1, withMap);
        assertThat(c.outScale()).isEqualTo(0.5f);
        assertThat(c.shift()[1]).isEqualTo(1f);
    }
}
