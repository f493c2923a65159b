package dev.selfheal.signals;

/**
 * Settings of the label-free concept signals.
 *
 * @param enabled        measure them (needs a model directory with a signal reference)
 * @param window         heal batches pooled into one reading (the current one and those before it)
 * @param falseAlarmRate chance that a batch of undrifted data raises the alarm, at most: split evenly
 *                       over the tests (each hidden unit, and the entropy), so it holds whatever the
 *                       units' correlation
 * @param minRows        rows a reading needs before it may alarm
 */
public record SignalConfig(boolean enabled, int window, double falseAlarmRate, int minRows)
        implements java.io.Serializable {

    public SignalConfig {
        if (window < 1) {
            throw new IllegalArgumentException("signals.window must be >= 1, got " + window);
        }
        if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) {
            throw new IllegalArgumentException("signals.false-alarm-rate must be in (0,1), got " + falseAlarmRate);
        }
        if (minRows < 1) {
            throw new IllegalArgumentException("signals.min-rows must be >= 1, got " + minRows);
        }
    }

    public static SignalConfig defaults() {
        return new SignalConfig(true, 3, 0.005, 50);
    }

    public static SignalConfig off() {
        return new SignalConfig(false, 3, 0.005, 50);
    }
}
