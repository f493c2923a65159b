package dev.selfheal.job;

import org.apache.flink.api.connector.source.Source;

import java.util.List;

/**
 * The job's inputs as FLIP-27 sources of text lines. {@code labels} and {@code control} may be
 * null: labels then come from the transactions' own label column (labels right after their
 * transactions), and there are no control commands.
 *
 * @param transactionHeader the transactions' CSV header line (files repeat it; it is skipped)
 * @param features          feature columns to read, or null for the model's feature names
 * @param labelsPaced       the label source emits event-time watermarks of its own (the experiments'
 *                          simulated investigator holds heal batches back until its answers are in);
 *                          otherwise the watermark follows the labels' timestamps
 */
public record JobSources(Source<String, ?, ?> transactions, String transactionHeader, List<String> features,
                         Source<String, ?, ?> labels, dev.selfheal.job.io.ControlInput control, boolean labelsPaced) {

    public JobSources(Source<String, ?, ?> transactions, String transactionHeader, List<String> features,
                      Source<String, ?, ?> labels, dev.selfheal.job.io.ControlInput control) {
        this(transactions, transactionHeader, features, labels, control, false);
    }
}
