package dev.selfheal.job;

import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the job writes: JSON lines for events, CSV rows for batch metrics. Scored events go to
 * {@code scored} as text (output.format json or csv) or to {@code scoredRecords} as bytes (avro);
 * a set of sinks may offer only one of the two.
 */
public record JobSinks(Sink<String> scored, Sink<String> metrics, Sink<String> audit, Sink<String> deadLetters,
                       Sink<String> adapters, Sink<String> applied, Sink<byte[]> scoredRecords) {
    /** Scored events as text only. */
    public JobSinks(Sink<String> scored, Sink<String> metrics, Sink<String> audit, Sink<String> deadLetters,
                    Sink<String> adapters, Sink<String> applied) {
        this(scored, metrics, audit, deadLetters, adapters, applied, null);
    }
}
