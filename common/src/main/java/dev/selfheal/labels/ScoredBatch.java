package dev.selfheal.labels;

import dev.selfheal.drift.DriftReport;
import dev.selfheal.signals.SignalReading;

import java.util.List;
import java.util.function.Supplier;

/**
 * A heal batch as HEAL scored it, which is all a label request strategy may look at.
 *
 * @param ids        row ids, aligned with {@code features} and {@code served}
 * @param features   raw feature rows
 * @param served     the served model's fraud probabilities (the model that scored the batch)
 * @param threshold  the served model's decision threshold
 * @param committee  other opinions on the same rows: the shadow, the deployed model and the served
 *                   adapter's nearest ancestors in the registry; computed on first use (only the
 *                   disagreement strategy needs them), deduplicated, the served model excluded
 * @param drift      the batch's drift report, or null when none was made
 * @param signal     the batch's label-free signals, or null when they are off: while they alarm, the
 *                   batch may spend what the budget's window has left, and novelty looks at the
 *                   inputs they name
 */
public record ScoredBatch(String model, long batch, long ts, List<String> ids, float[][] features, float[] served,
                          double threshold, Supplier<List<float[]>> committee, DriftReport drift,
                          SignalReading signal) {

    public ScoredBatch(String model, long batch, long ts, List<String> ids, float[][] features, float[] served,
                       double threshold, Supplier<List<float[]>> committee, DriftReport drift) {
        this(model, batch, ts, ids, features, served, threshold, committee, drift, null);
    }

    /** Whether the label-free signals alarm on this batch. */
    public boolean conceptAlarm() {
        return signal != null && signal.alarm();
    }

    public ScoredBatch {
        ids = List.copyOf(ids);
        if (features.length != ids.size() || served.length != ids.size()) {
            throw new IllegalArgumentException("ids, features and probabilities must align: " + ids.size() + ", "
                    + features.length + ", " + served.length);
        }
        committee = memoised(committee == null ? List::of : committee);
    }

    public int size() {
        return ids.size();
    }

    private static Supplier<List<float[]>> memoised(Supplier<List<float[]>> s) {
        return new Supplier<>() {
            private List<float[]> value;

            @Override
            public synchronized List<float[]> get() {
                if (value == null) {
                    value = List.copyOf(s.get());
                }
                return value;
            }
        };
    }
}
