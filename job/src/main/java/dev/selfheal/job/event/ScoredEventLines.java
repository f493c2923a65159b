package dev.selfheal.job.event;

import dev.selfheal.data.RecordFormat;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Scored events as the UTF-8 bytes of their JSON line or CSV row ({@code output.format} json or
 * csv), one record each, for the sinks that take bytes: the Kafka topic's values, or the lines of
 * a file. One writer per task, as Flink gives each subtask its own copy of a function.
 */
public final class ScoredEventLines implements MapFunction<ScoredEvent, byte[]> {
    private static final long serialVersionUID = 1L;

    private final boolean csv;
    private transient ScoredEventWriter writer;

    public ScoredEventLines(RecordFormat format) {
        if (format == RecordFormat.AVRO) {
            throw new IllegalArgumentException("scored events as lines are json or csv, not avro");
        }
        this.csv = format == RecordFormat.CSV;
    }

    @Override
    public byte[] map(ScoredEvent e) {
        if (writer == null) {
            writer = new ScoredEventWriter();
        }
        return (csv ? writer.csv(e) : writer.json(e)).toBytes();
    }
}
