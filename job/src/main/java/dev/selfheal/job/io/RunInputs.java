package dev.selfheal.job.io;

import dev.selfheal.job.JobSinks;
import dev.selfheal.job.JobSources;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.Settings;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The ends `run` wires to the job graph, chosen by the settings: transactions from files, the
 * generator or Kafka; labels and control from files, a socket or Kafka; scored events to files or,
 * exactly-once, to a Kafka topic. The graph is the same whatever the choice.
 */
public final class RunInputs {
    private RunInputs() {}

    public static JobSources sources(JobConfig c, String transactions) {
        String labels = c.get(Settings.INPUT_LABELS);
        String control = c.get(Settings.INPUT_CONTROL);
        Source<String, ?, ?> tx;
        String header;
        if (GeneratedTransactions.isSpec(transactions)) {
            tx = GeneratedTransactions.source(transactions, c.get(Settings.INPUT_RATE));
            header = GeneratedTransactions.header();
        } else if (KafkaLines.isSpec(transactions)) {
            tx = KafkaLines.source(c, transactions, Settings.INPUT_TRANSACTIONS.key(), "transactions");
            String h = c.get(Settings.INPUT_HEADER);
            header = h == null || h.isBlank() ? GeneratedTransactions.header() : h.trim();
        } else {
            tx = lines(Path.of(transactions), Settings.INPUT_TRANSACTIONS.key());
            header = header(Path.of(transactions));
        }
        Source<String, ?, ?> labelSource = labels.isBlank() ? null
                : KafkaLines.isSpec(labels) ? KafkaLines.source(c, labels, Settings.INPUT_LABELS.key(), "labels")
                : lines(Path.of(labels), Settings.INPUT_LABELS.key());
        ControlInput controlInput = KafkaLines.isSpec(control)
                ? ControlInput.kafka(KafkaLines.source(c, control, Settings.INPUT_CONTROL.key(), "control"))
                : ControlInput.parse(control);
        return new JobSources(tx, header, null, labelSource, controlInput);
    }

    /**
     * Files under {@code outDir}; scored events to Kafka instead when {@code kafka.scored-topic} is set,
     * label requests when {@code kafka.label-request-topic} is.
     */
    public static JobSinks sinks(JobConfig c, Path outDir) {
        JobSinks out = Sinks.files(outDir);
        String topic = c.get(Settings.KAFKA_SCORED_TOPIC);
        if (topic != null && !topic.isBlank()) {
            out = new JobSinks(KafkaLines.exactlyOnceSink(c, topic.trim()), out.metrics(), out.audit(),
                    out.deadLetters(), out.adapters(), out.applied(), out.labelRequests(), out.requestFeedback());
        }
        String requests = c.get(Settings.KAFKA_LABEL_REQUEST_TOPIC);
        if (requests != null && !requests.isBlank()) {
            out = out.withLabelRequests(KafkaLines.exactlyOnceSink(c, requests.trim(), "-label-requests"),
                    out.requestFeedback());
        }
        return out;
    }

    private static FileSource<String> lines(Path p, String setting) {
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(setting + ": input not found: " + p);
        }
        return FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                new org.apache.flink.core.fs.Path(p.toAbsolutePath().toUri())).build();
    }

    /** The header of the first CSV file (a directory of files shares one header). */
    private static String header(Path p) {
        try {
            Path first = p;
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    first = s.filter(Files::isRegularFile).sorted().findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("no files in " + p));
                }
            }
            try (BufferedReader r = Files.newBufferedReader(first)) {
                String l = r.readLine();
                if (l == null) {
                    throw new IllegalArgumentException(first + " is empty (a header row is required)");
                }
                return l;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
