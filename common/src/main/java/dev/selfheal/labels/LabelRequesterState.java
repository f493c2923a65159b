package dev.selfheal.labels;

/**
 * What the requester remembers between batches of one model: the budget window and the uncertainty
 * strategy's threshold. Plain public fields, so Flink keeps it with its POJO serializer.
 */
public class LabelRequesterState {
    /** Rows scored in each recent batch a later budget window can still contain, oldest first. */
    public long[] windowRows = new long[0];
    /** Rows requested in those batches, aligned with {@link #windowRows}. */
    public long[] windowRequested = new long[0];
    /** Rows scored since the state was created. */
    public long rowsSeen;
    /** The uncertainty strategy's margin threshold; NaN until it first runs. */
    public double uncertaintyThreshold = Double.NaN;
    /** Requests made since the state was created. */
    public long requested;

    public LabelRequesterState() {}
}
