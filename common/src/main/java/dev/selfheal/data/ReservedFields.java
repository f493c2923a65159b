package dev.selfheal.data;

/**
 * The defaults of the reserved fields for formats whose records name their fields (JSON, Avro), the
 * same as for CSV ({@link TransactionParser}): a record without an id is {@code line-<n>}, key = id,
 * ts = n, batch 0, no label, true label = label, model = the implicit model, which must be served.
 */
final class ReservedFields {
    /** Marks a timestamp or true label the record did not give. */
    static final long NO_TS = Long.MIN_VALUE;
    static final int NO_TRUE_LABEL = Integer.MIN_VALUE;

    private ReservedFields() {}

    /** A transaction with every reserved field unset, ready to be filled from a record. */
    static Transaction blank(int features) {
        Transaction t = new Transaction();
        t.ts = NO_TS;
        t.label = Transaction.NO_LABEL;
        t.trueLabel = NO_TRUE_LABEL;
        t.features = new float[features];
        return t;
    }

    static Transaction finish(Transaction t, long recordNumber, ModelAllowList models) {
        if (t.id == null) {
            t.id = "line-" + recordNumber;
        }
        if (t.key == null || t.key.isEmpty()) {
            t.key = t.id;
        }
        if (t.ts == NO_TS) {
            t.ts = recordNumber;
        }
        if (t.trueLabel == NO_TRUE_LABEL) {
            t.trueLabel = t.label;
        }
        if (t.model == null || t.model.isEmpty()) {
            t.model = models.implicitModel();
        }
        if (!models.accepts(t.model)) {
            throw new FieldRejection(DeadLetterReason.UNKNOWN_MODEL, "model '" + CsvValues.cut(t.model, 100)
                    + "' is not served by this job (input.models: " + models + ")");
        }
        return t;
    }
}
