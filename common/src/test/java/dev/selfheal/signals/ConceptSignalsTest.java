package dev.selfheal.signals;

import dev.selfheal.model.FraudModel;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConceptSignalsTest {
    private static final FraudModel MODEL = SignalFixtures.model();

    private static ConceptSignals signals(double falseAlarmRate) {
        return new ConceptSignals(MODEL.frozen(), MODEL.standardizer(), MODEL.adapter(), MODEL.signals(),
                MODEL.trainingStats(), new SignalConfig(true, 3, falseAlarmRate, 50));
    }

    @Test
    void undriftedWindowsAlarmNoMoreOftenThanTheFalseAlarmRateAllows() {
        // Bonferroni bounds each window's chance of an alarm by the rate; at 0.05 over 400 windows that
        // is at most 20 expected. The windows overlap, so alarms come in runs: allow twice the bound.
        ConceptSignals cs = signals(0.05);
        SplittableRandom rng = new SplittableRandom(11);
        double[] window = new double[0];
        int alarms = 0;
        for (int b = 0; b < 400; b++) {
            ConceptSignals.Observation o = cs.observe(window, SignalFixtures.rows(rng, 100,
                    SignalFixtures.FRAUD_EVERY, 0), false);
            window = o.window();
            alarms += o.reading().alarm() ? 1 : 0;
        }
        assertThat(alarms).isLessThanOrEqualTo(40);
    }

    @Test
    void aNewModeAlarmsWithinThreeBatchesAndTheReadingNamesItsFeature() {
        ConceptSignals cs = signals(0.005);
        SplittableRandom rng = new SplittableRandom(12);
        double[] window = new double[0];
        SignalReading last = null;
        int firstAlarm = -1;
        boolean wasAlarmed = false;
        for (int b = 1; b <= 3; b++) {
            ConceptSignals.Observation o = cs.observe(window, SignalFixtures.rows(rng, 100,
                    SignalFixtures.FRAUD_EVERY, 10), wasAlarmed);
            window = o.window();
            last = o.reading();
            if (last.alarm() && firstAlarm < 0) {
                firstAlarm = b;
                assertThat(last.raised()).as("the first alarming batch raises it").isTrue();
            }
            wasAlarmed = last.alarm();
        }
        assertThat(firstAlarm).isBetween(1, 3);
        assertThat(last.features().get(0).name()).isEqualTo("b");
        assertThat(last.rows()).isEqualTo(300);
        assertThat(last.raised()).as("an alarm already on is not raised again").isFalse();
    }

    @Test
    void fewerFraudsThinARegionWithoutAlarming() {
        // A prior shift: one fraud in 21 rows instead of one in 7. Mass leaves the k tail; none arrives
        // anywhere training had little.
        ConceptSignals cs = signals(0.005);
        SplittableRandom rng = new SplittableRandom(13);
        double[] window = new double[0];
        for (int b = 0; b < 30; b++) {
            ConceptSignals.Observation o = cs.observe(window, SignalFixtures.rows(rng, 100, 21, 0), false);
            window = o.window();
            assertThat(o.reading().alarm()).as("batch %d: %s", b, o.reading().summary()).isFalse();
        }
    }

    @Test
    void moreFraudsAlarmOnlyWithoutTheClassShares() {
        // A prior shift the other way: one fraud in 3 rows instead of one in 7 puts mass into k's upper
        // tail, more than the overall training share allows, no more than the frauds' own share.
        FraudModel unlabelled = MODEL.withSignals(SignalFixtures.rows(new SplittableRandom(3), 5000,
                SignalFixtures.FRAUD_EVERY, 0, 0));
        ConceptSignals withClasses = signals(0.005);
        ConceptSignals without = new ConceptSignals(unlabelled.frozen(), unlabelled.standardizer(),
                unlabelled.adapter(), unlabelled.signals(), unlabelled.trainingStats(),
                new SignalConfig(true, 3, 0.005, 50));
        SplittableRandom rng = new SplittableRandom(15);
        double[] a = new double[0];
        double[] b = new double[0];
        int alarmsWith = 0;
        int alarmsWithout = 0;
        for (int batch = 0; batch < 10; batch++) {
            float[][] x = SignalFixtures.rows(rng, 100, 3, 0);
            ConceptSignals.Observation o = withClasses.observe(a, x, false);
            ConceptSignals.Observation p = without.observe(b, x, false);
            a = o.window();
            b = p.window();
            alarmsWith += o.reading().alarm() ? 1 : 0;
            alarmsWithout += p.reading().alarm() ? 1 : 0;
        }
        assertThat(alarmsWithout).as("the overall share calls the higher fraud rate a change").isPositive();
        assertThat(alarmsWith).as("the class shares explain it").isZero();
    }

    @Test
    void aNewModeStillAlarmsWithTheClassShares() {
        assertThat(MODEL.signals().byClass()).isNotNull();
        ConceptSignals cs = signals(0.005);
        SplittableRandom rng = new SplittableRandom(16);
        double[] window = new double[0];
        boolean alarmed = false;
        for (int b = 0; b < 3 && !alarmed; b++) {
            ConceptSignals.Observation o = cs.observe(window, SignalFixtures.rows(rng, 100, 3, 10), false);
            window = o.window();
            alarmed = o.reading().alarm();
        }
        assertThat(alarmed).as("a mode where neither class went, even with three times the frauds").isTrue();
    }

    @Test
    void theWindowKeepsTheConfiguredNumberOfBatches() {
        ConceptSignals cs = signals(0.005);
        SplittableRandom rng = new SplittableRandom(14);
        double[] window = new double[0];
        for (int b = 0; b < 5; b++) {
            window = cs.observe(window, SignalFixtures.rows(rng, 40 + b, 7, 0), false).window();
        }
        ConceptSignals.Observation o = cs.observe(window, SignalFixtures.rows(rng, 10, 7, 0), false);
        assertThat(o.reading().rows()).isEqualTo(43 + 44 + 10);
        assertThat(o.reading().alarm()).as("fewer rows than signals.min-rows never alarm").isFalse();
    }

    @Test
    void anEmptyBatchReadsAsNoEntropyAndAReferenceOfAnotherModelIsRefused() {
        ConceptSignals.Observation o = signals(0.005).observe(new double[0], new float[0][], false);
        assertThat(o.reading().entropy()).isNaN();
        assertThat(o.reading().alarm()).isFalse();
        FraudModel other = dev.selfheal.signals.SignalFixtures.model();
        SignalReference narrow = new SignalReference(10, new double[][] {{0}}, new double[][] {{0.5, 0.5}}, 0.1, 0.1,
                new double[][] {{0, 0, 1, 0.02}}, other.signals().featureTails());
        assertThatThrownBy(() -> new ConceptSignals(other.frozen(), other.standardizer(), other.adapter(), narrow,
                other.trainingStats(), SignalConfig.defaults())).hasMessageContaining("hidden units");
    }
}
