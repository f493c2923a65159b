package dev.selfheal.baseline;

/**
 * One stream row as the baselines see it.
 *
 * @param batch            the stream batch the row was scored in
 * @param trueClass        its class, for evaluation (0 or 1)
 * @param label            the label a team would receive for it (flipped under label poisoning)
 * @param labelFromBatch   the first batch that may be scored by a model fitted on this label:
 *                         one after the batch in which the label arrived; {@link #NEVER} when the
 *                         label never arrives
 */
public record StreamRow(float[] features, int batch, int trueClass, int label, int labelFromBatch) {
    public static final int NEVER = Integer.MAX_VALUE;

    public StreamRow {
        if (trueClass != 0 && trueClass != 1) {
            throw new IllegalArgumentException("a stream row's true class must be 0 or 1, got " + trueClass);
        }
        if (labelFromBatch != NEVER && label != 0 && label != 1) {
            throw new IllegalArgumentException("an arriving label must be 0 or 1, got " + label);
        }
    }

    public boolean labelled() {
        return labelFromBatch != NEVER;
    }
}
