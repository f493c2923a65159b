package dev.selfheal.job;

import dev.selfheal.job.event.LabelRequestBatch;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the job writes: JSON lines for events, CSV rows for batch metrics. With labels.budget > 0,
 * label requests go to {@code labelRequests} as JSON lines, and, per closed heal batch, to
 * {@code requestFeedback} when given (the experiments' simulated investigator); either may be null.
 */
public record JobSinks(Sink<String> scored, Sink<String> metrics, Sink<String> audit, Sink<String> deadLetters,
                       Sink<String> adapters, Sink<String> applied, Sink<String> labelRequests,
                       Sink<LabelRequestBatch> requestFeedback) {

    /** Sinks without label requests. */
    public JobSinks(Sink<String> scored, Sink<String> metrics, Sink<String> audit, Sink<String> deadLetters,
                    Sink<String> adapters, Sink<String> applied) {
        this(scored, metrics, audit, deadLetters, adapters, applied, null, null);
    }

    /** The same sinks with label requests going to these. */
    public JobSinks withLabelRequests(Sink<String> lines, Sink<LabelRequestBatch> feedback) {
        return new JobSinks(scored, metrics, audit, deadLetters, adapters, applied, lines, feedback);
    }
}
