package dev.selfheal.data;

/**
 * A label arriving after its transaction, joined to it by {@code id} within HEAL's state for
 * {@code model}.
 */
public record LabelEvent(String id, int label, long ts, String model) {
    /** A label for {@link Transaction#DEFAULT_MODEL}. */
    public LabelEvent(String id, int label, long ts) {
        this(id, label, ts, Transaction.DEFAULT_MODEL);
    }
}
