package dev.selfheal.heal;

/**
 * The last {@code size} batch scores (accuracy, F1) of the served adapter, each measured on a
 * batch before the job trained on it (prequential), so the rollback rule sees how the adapter does
 * on data it has not learned from.
 *
 * <p>After a rollback the caller must {@link #reset()} the window: the scores in it belong to the
 * adapter that was just replaced, and keeping them would trigger the next rollback on the very
 * next batch (the reference's cascade).
 */
public final class HealthWindow {

    public static final int DEFAULT_SIZE = 5;

    private final double[] accuracy;
    private final double[] f1;
    private int count;
    private int next;

    public HealthWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, was " + size);
        }
        this.accuracy = new double[size];
        this.f1 = new double[size];
    }

    public static HealthWindow fromState(HealthWindowState state) {
        if (state.accuracy().length != state.f1().length || state.accuracy().length > state.size()) {
            throw new IllegalArgumentException("inconsistent health window state: size "
                    + state.size() + ", " + state.accuracy().length + " accuracies, "
                    + state.f1().length + " f1 scores");
        }
        HealthWindow window = new HealthWindow(state.size());
        for (int i = 0; i < state.accuracy().length; i++) {
            window.add(state.accuracy()[i], state.f1()[i]);
        }
        return window;
    }

    public HealthWindowState toState() {
        double[] acc = new double[count];
        double[] f = new double[count];
        int oldest = (next - count + size()) % size();
        for (int i = 0; i < count; i++) {
            acc[i] = accuracy[(oldest + i) % size()];
            f[i] = f1[(oldest + i) % size()];
        }
        return new HealthWindowState(size(), acc, f);
    }

    /**
     * Adds one batch's prequential scores, dropping the oldest when full. Non-finite scores are
     * refused: one NaN would make every mean NaN, and NaN comparisons are false, which would
     * silently disable rollback. Callers define F1 on a batch without positives (e.g. as 0).
     */
    public void add(double batchAccuracy, double batchF1) {
        if (!Double.isFinite(batchAccuracy) || !Double.isFinite(batchF1)) {
            throw new IllegalArgumentException(
                    "batch scores must be finite, got accuracy " + batchAccuracy + ", f1 " + batchF1);
        }
        accuracy[next] = batchAccuracy;
        f1[next] = batchF1;
        next = (next + 1) % size();
        count = Math.min(count + 1, size());
    }

    /** Mean accuracy of the scores held; NaN when empty. */
    public double meanAccuracy() {
        return mean(accuracy);
    }

    /** Mean F1 of the scores held; NaN when empty. */
    public double meanF1() {
        return mean(f1);
    }

    public int count() {
        return count;
    }

    public int size() {
        return accuracy.length;
    }

    public boolean isFull() {
        return count == size();
    }

    public void reset() {
        count = 0;
        next = 0;
    }

    private double mean(double[] values) {
        if (count == 0) {
            return Double.NaN;
        }
        // Only the first `count` slots are written until the ring wraps, and once it has wrapped
        // every slot is live, so summing the first `count` slots is always the held scores.
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        return sum / count;
    }
}
