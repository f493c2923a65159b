package dev.selfheal.job.io;

import dev.selfheal.data.ParseResult;
import dev.selfheal.data.Transaction;
import dev.selfheal.data.TransactionDecoder;
import dev.selfheal.job.event.DeadLetterRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parse/validate for transactions that arrive as bytes (input.format json or avro): a valid record
 * goes on, anything else becomes a dead letter with its reason and raw bytes, as
 * {@link ParseTransactions} does for CSV lines. The decoding itself is the decoder's (common).
 */
public class ParseTransactionRecords extends ProcessFunction<byte[], Transaction> {
    private static final long serialVersionUID = 1L;

    private final TransactionDecoder decoder;
    private transient long record;
    private transient Counter dead;
    private transient Counter parsed;

    /** @param decoder made where the job is built, so a schema that does not fit fails there */
    public ParseTransactionRecords(TransactionDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void open(OpenContext ctx) {
        var g = getRuntimeContext().getMetricGroup().addGroup("selfheal");
        dead = g.counter("dead_letters");
        parsed = g.counter("parsed_records");
    }

    @Override
    public void processElement(byte[] value, Context ctx, Collector<Transaction> out) {
        record++;
        ParseResult<Transaction> r = decoder.parse(value, record);
        if (r.ok()) {
            parsed.inc();
            out.collect(r.value());
        } else {
            dead.inc();
            ctx.output(ParseTransactions.DEAD_LETTERS, new DeadLetterRecord("transactions", r.deadLetter()));
        }
    }
}
