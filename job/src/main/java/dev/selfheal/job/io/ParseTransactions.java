package dev.selfheal.job.io;

import dev.selfheal.data.CsvHeader;
import dev.selfheal.data.ModelAllowList;
import dev.selfheal.data.ParseResult;
import dev.selfheal.data.Transaction;
import dev.selfheal.data.TransactionParser;
import dev.selfheal.job.event.DeadLetterRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parse/validate for transaction lines: a valid row goes on, anything else becomes a dead letter
 * with its reason and raw text (never an exception, never silently dropped). Runs at the source's
 * parallelism (1 for files), so line numbers are the file's.
 */
public class ParseTransactions extends ProcessFunction<String, Transaction> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DeadLetterRecord> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final String headerLine;
    private final java.util.List<String> features;
    private final ModelAllowList models;
    private transient TransactionParser parser;
    private transient long line;
    private transient Counter dead;
    private transient Counter parsed;

    public ParseTransactions(String headerLine, java.util.List<String> features) {
        this(headerLine, features, ModelAllowList.any());
    }

    /** @param models the model ids served ({@code input.models}); rows for others are dead letters */
    public ParseTransactions(String headerLine, java.util.List<String> features, ModelAllowList models) {
        this.headerLine = headerLine;
        this.features = features == null ? null : new java.util.ArrayList<>(features);
        this.models = models;
    }

    @Override
    public void open(OpenContext ctx) {
        parser = new TransactionParser(CsvHeader.parse(headerLine, features), models);
        var g = getRuntimeContext().getMetricGroup().addGroup("selfheal");
        dead = g.counter("dead_letters");
        parsed = g.counter("parsed_records");
    }

    @Override
    public void processElement(String value, Context ctx, Collector<Transaction> out) {
        line++;
        if (value.equals(headerLine) || (line == 1 && value.startsWith("\ufeff") && value.substring(1).equals(headerLine))) {
            return; // each file's header row
        }
        ParseResult<Transaction> r = parser.parse(value, line);
        if (r.ok()) {
            parsed.inc();
            out.collect(r.value());
        } else if (r.rejected()) {
            dead.inc();
            ctx.output(DEAD_LETTERS, new DeadLetterRecord("transactions", r.reason().code(), r.message(), line, r.raw()));
        }
    }
}
