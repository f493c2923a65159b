package dev.selfheal.job;

import org.apache.flink.api.connector.source.Source;

import java.util.List;

/**
 * The job's inputs as FLIP-27 sources. Transactions come either as CSV text lines
 * ({@code transactions}, with their header) or as byte records in another format ({@code records});
 * exactly one of the two is set. {@code labels} and {@code control} may be null: labels then come
 * from the transactions' own label column (labels right after their transactions), and there are no
 * control commands.
 *
 * @param transactionHeader the transactions' CSV header line (files repeat it; it is skipped); null with records
 * @param features          feature columns to read, or null for the model's feature names
 * @param labelsPaced       the label source emits event-time watermarks of its own (the experiments'
 *                          simulated investigator holds heal batches back until its answers are in);
 *                          otherwise the watermark follows the labels' timestamps
 */
public record JobSources(Source<String, ?, ?> transactions, String transactionHeader, List<String> features,
                         Source<String, ?, ?> labels, dev.selfheal.job.io.ControlInput control,
                         TransactionRecords records, boolean labelsPaced) {
    public JobSources {
        if ((transactions == null) == (records == null)) {
            throw new IllegalArgumentException("give transactions either as CSV lines or as records, not "
                    + (records == null ? "neither" : "both"));
        }
    }

    /** CSV transactions. */
    public JobSources(Source<String, ?, ?> transactions, String transactionHeader, List<String> features,
                      Source<String, ?, ?> labels, dev.selfheal.job.io.ControlInput control) {
        this(transactions, transactionHeader, features, labels, control, null, false);
    }

    /** CSV transactions, with labels from a source that may pace the watermark itself. */
    public JobSources(Source<String, ?, ?> transactions, String transactionHeader, List<String> features,
                      Source<String, ?, ?> labels, dev.selfheal.job.io.ControlInput control, boolean labelsPaced) {
        this(transactions, transactionHeader, features, labels, control, null, labelsPaced);
    }

    /** Transactions as records. */
    public JobSources(Source<String, ?, ?> transactions, String transactionHeader, List<String> features,
                      Source<String, ?, ?> labels, dev.selfheal.job.io.ControlInput control,
                      TransactionRecords records) {
        this(transactions, transactionHeader, features, labels, control, records, false);
    }
}
