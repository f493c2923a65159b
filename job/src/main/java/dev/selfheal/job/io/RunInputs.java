package dev.selfheal.job.io;

import dev.selfheal.data.AvroTransactionParser;
import dev.selfheal.data.RecordFormat;
import dev.selfheal.job.JobSinks;
import dev.selfheal.job.JobSources;
import dev.selfheal.job.TransactionRecords;
import dev.selfheal.job.config.InputSettings;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.KafkaSettings;
import dev.selfheal.job.config.OutputSettings;
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
 * generator or Kafka, as CSV, JSON or Avro ({@code input.format}); labels and control from files, a
 * socket or Kafka; scored events to files or, exactly-once, to a Kafka topic, as JSON, CSV or Avro
 * ({@code output.format}). The graph is the same whatever the choice.
 */
public final class RunInputs {
    private RunInputs() {}

    public static JobSources sources(JobConfig c, String transactions) {
        String labels = c.get(InputSettings.LABELS);
        String control = c.get(InputSettings.CONTROL);
        Source<String, ?, ?> labelSource = labels.isBlank() ? null
                : KafkaLines.isSpec(labels) ? KafkaLines.source(c, labels, InputSettings.LABELS.key(), "labels")
                : lines(Path.of(labels), InputSettings.LABELS.key());
        ControlInput controlInput = KafkaLines.isSpec(control)
                ? ControlInput.kafka(KafkaLines.source(c, control, InputSettings.CONTROL.key(), "control"))
                : ControlInput.parse(control);
        RecordFormat format = RecordFormat.parse(c.get(InputSettings.FORMAT));
        if (format != RecordFormat.CSV) {
            return new JobSources(null, null, null, labelSource, controlInput, records(c, transactions, format));
        }
        Source<String, ?, ?> tx;
        String header;
        if (GeneratedTransactions.isSpec(transactions)) {
            int models = c.get(InputSettings.GENERATOR_MODELS);
            tx = GeneratedTransactions.source(transactions, c.get(InputSettings.RATE), models);
            header = GeneratedTransactions.header(transactions, models);
        } else if (KafkaLines.isSpec(transactions)) {
            tx = KafkaLines.source(c, transactions, InputSettings.TRANSACTIONS.key(), "transactions");
            String h = c.get(InputSettings.HEADER);
            header = h == null || h.isBlank() ? GeneratedTransactions.header() : h.trim();
        } else {
            tx = lines(Path.of(transactions), InputSettings.TRANSACTIONS.key());
            header = header(Path.of(transactions));
        }
        return new JobSources(tx, header, null, labelSource, controlInput);
    }

    /** JSON or Avro transactions from a file, a directory of files or a topic; the generator writes CSV only. */
    private static TransactionRecords records(JobConfig c, String transactions, RecordFormat format) {
        String setting = InputSettings.TRANSACTIONS.key();
        if (GeneratedTransactions.isSpec(transactions)) {
            throw new IllegalArgumentException(setting + ": the generator writes CSV; set "
                    + InputSettings.FORMAT.key() + ": csv, or read " + format + " from a file or kafka:TOPIC");
        }
        String schema = format == RecordFormat.AVRO ? avroSchema(c) : null;
        Source<byte[], ?, ?> source;
        if (KafkaLines.isSpec(transactions)) {
            source = KafkaLines.recordSource(c, transactions, setting, "transactions");
        } else {
            Path p = Path.of(transactions);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException(setting + ": input not found: " + p);
            }
            source = RecordFiles.source(p, format);
        }
        return new TransactionRecords(source, format, schema);
    }

    /** The text of {@code avro.schema}, read here so the job carries it to every task. */
    private static String avroSchema(JobConfig c) {
        String file = c.get(InputSettings.AVRO_SCHEMA);
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException(InputSettings.FORMAT.key() + ": avro needs '"
                    + InputSettings.AVRO_SCHEMA.key() + "', the schema file (.avsc) of the transactions");
        }
        Path p = Path.of(file.trim());
        try {
            String text = Files.readString(p);
            AvroTransactionParser.parseSchema(text);
            return text;
        } catch (IOException e) {
            throw new IllegalArgumentException(InputSettings.AVRO_SCHEMA.key() + ": cannot read " + p + " ("
                    + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(InputSettings.AVRO_SCHEMA.key() + ": " + p + ": " + e.getMessage());
        }
    }

    /**
     * Files under {@code outDir}; scored events to Kafka instead when {@code kafka.scored-topic} is set,
     * label requests when {@code kafka.label-request-topic} is.
     */
    public static JobSinks sinks(JobConfig c, Path outDir) {
        RecordFormat format = RecordFormat.parse(c.get(OutputSettings.FORMAT));
        JobSinks out = Sinks.files(outDir, format);
        String topic = c.get(KafkaSettings.SCORED_TOPIC);
        if (topic != null && !topic.isBlank()) {
            // Every format as bytes: JSON and CSV are written straight to UTF-8, not through a String.
            out = out.withScored(null, KafkaLines.exactlyOnceRecordSink(c, topic.trim()));
        }
        String requests = c.get(KafkaSettings.LABEL_REQUEST_TOPIC);
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
