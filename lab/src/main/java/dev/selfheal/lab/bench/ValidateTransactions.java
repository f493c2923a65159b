package dev.selfheal.lab.bench;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.event.DeadLetterRecord;
import dev.selfheal.job.io.ParseTransactions;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The benchmark's "parse" step for a source of {@link Transaction} objects: the checks the CSV
 * parser makes on a row (an id, the model's feature count, finite values), with the same dead
 * letter side output. Text parsing itself is measured separately (the CSV file source run).
 */
final class ValidateTransactions extends ProcessFunction<Transaction, Transaction> {
    private static final long serialVersionUID = 1L;
    private final int dim;

    ValidateTransactions(int dim) {
        this.dim = dim;
    }

    @Override
    public void processElement(Transaction t, Context ctx, Collector<Transaction> out) {
        String why = check(t);
        if (why == null) {
            out.collect(t);
        } else {
            ctx.output(ParseTransactions.DEAD_LETTERS,
                    new DeadLetterRecord("transactions", "invalid", why, 0, String.valueOf(t)));
        }
    }

    private String check(Transaction t) {
        if (t.id == null || t.key == null) {
            return "missing id or key";
        }
        if (t.features == null || t.features.length != dim) {
            return "expected " + dim + " features";
        }
        for (float v : t.features) {
            if (!Float.isFinite(v)) {
                return "non-finite feature";
            }
        }
        return null;
    }
}
