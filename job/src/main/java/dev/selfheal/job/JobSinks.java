package dev.selfheal.job;

import dev.selfheal.job.event.LabelRequestBatch;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the job writes: JSON lines for events, CSV rows for batch metrics. Scored events go to
 * {@code scoredRecords} as bytes in output.format (UTF-8 lines for json and csv, Avro records) when
 * given, else to {@code scored} as text (json or csv); a set of sinks may offer only one of the two. With labels.budget > 0, label requests go to
 * {@code labelRequests} as JSON lines, and, per closed heal batch, to {@code requestFeedback} when
 * given (the experiments' simulated investigator); either may be null.
 */
public record JobSinks(Sink<String> scored, Sink<String> metrics, Sink<String> audit, Sink<String> deadLetters,
                       Sink<String> adapters, Sink<String> applied, Sink<byte[]> scoredRecords,
                       Sink<String> labelRequests, Sink<LabelRequestBatch> requestFeedback) {

    /** Scored events as text only, without label requests. */
    public JobSinks(Sink<String> scored, Sink<String> metrics, Sink<String> audit, Sink<String> deadLetters,
                    Sink<String> adapters, Sink<String> applied) {
        this(scored, metrics, audit, deadLetters, adapters, applied, null, null, null);
    }

    /** The same sinks with label requests going to these. */
    public JobSinks withLabelRequests(Sink<String> lines, Sink<LabelRequestBatch> feedback) {
        return new JobSinks(scored, metrics, audit, deadLetters, adapters, applied, scoredRecords, lines, feedback);
    }

    /** The same sinks with scored events going to these instead (one of the two may be null). */
    public JobSinks withScored(Sink<String> text, Sink<byte[]> records) {
        return new JobSinks(text, metrics, audit, deadLetters, adapters, applied, records, labelRequests,
                requestFeedback);
    }
}
