package dev.selfheal.lab.bench;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The pool's events as the CSV lines {@link CsvFileInput} writes (event g has ts {@code T0 + g}), as
 * a checkpointed source for the production job's text path, with no file in between. Counts what it
 * emits into {@link Probe#sourced}, so a drill can see the source slow down to its sink's pace.
 */
final class PooledLines implements GeneratorFunction<Long, String> {
    private static final long serialVersionUID = 1L;
    private final TransactionPool pool;
    private transient StringBuilder line;

    private PooledLines(TransactionPool pool) {
        this.pool = pool;
    }

    /** Events 0..count-1, unthrottled: only backpressure slows it down. */
    static DataGeneratorSource<String> source(TransactionPool pool, long count) {
        return new DataGeneratorSource<>(new PooledLines(pool), count, RateLimiterStrategy.noOp(), Types.STRING);
    }

    @Override
    public String map(Long g) {
        if (line == null) {
            line = new StringBuilder(256);
        }
        CsvFileInput.line(pool, g, line);
        Probe.sourced.incrementAndGet();
        return line.toString();
    }
}
